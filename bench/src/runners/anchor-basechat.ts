/**
 * Anchor for LangChain: the smallest honest `BaseChatModel` — `fetch` + the floor's minimal parse,
 * one `ChatGenerationChunk` per text delta, then one carrying usage and the finish reason.
 * `.stream()` over it is LangChain's own floor.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Tally } from '../tally.ts';
import { consumeLangChainStream } from './langchain-consume.ts';
import { postChat } from './minimal-sse.ts';
import { type ChatStreamer, chatBody, type RunnerConfig } from './types.ts';

interface WireChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

class MinimalChatModel extends BaseChatModel {
  private readonly config: RunnerConfig;

  constructor(config: RunnerConfig) {
    super({});
    this.config = config;
  }

  _llmType(): string {
    return 'minimal-bench';
  }

  async _generate(): Promise<ChatResult> {
    throw new Error('the minimal anchor only streams');
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const body = await postChat(
      `${this.config.baseURL}/chat/completions`,
      this.config.apiKey,
      chatBody(this.config.model),
    );
    const decoder = new TextDecoder();
    let buffer = '';
    let finish: string | undefined;
    let usage: WireChunk['usage'];
    for await (const bytes of body) {
      buffer += decoder.decode(bytes, { stream: true });
      let start = 0;
      let nl = buffer.indexOf('\n', start);
      while (nl !== -1) {
        if (buffer.startsWith('data: ', start)) {
          const data = buffer.slice(start + 6, nl);
          if (data !== '[DONE]') {
            const chunk = JSON.parse(data) as WireChunk;
            const choice = chunk.choices?.[0];
            const text = choice?.delta?.content;
            if (text) {
              yield new ChatGenerationChunk({
                text,
                message: new AIMessageChunk({ content: text }),
              });
              await runManager?.handleLLMNewToken(text);
            }
            if (choice?.finish_reason) finish = choice.finish_reason;
            if (chunk.usage) usage = chunk.usage;
          }
        }
        start = nl + 1;
        nl = buffer.indexOf('\n', start);
      }
      buffer = buffer.slice(start);
    }
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({
        content: '',
        response_metadata: { finish_reason: finish },
        usage_metadata: usage
          ? {
              input_tokens: usage.prompt_tokens,
              output_tokens: usage.completion_tokens,
              total_tokens: usage.total_tokens,
            }
          : undefined,
      }),
    });
  }
}

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const model = new MinimalChatModel(config);
  return (tally: Tally) => consumeLangChainStream(model, tally);
}
