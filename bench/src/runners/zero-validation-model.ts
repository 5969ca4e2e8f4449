/**
 * Anchor for the AI SDK: a `LanguageModelV4` that does `fetch` + the floor's minimal parse and
 * emits stream parts with no schema validation at all. `streamText` over it is the framework's
 * own floor; a real provider can only add to it.
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { postChat } from './minimal-sse.ts';
import { chatBody, type RunnerConfig } from './types.ts';

interface WireChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

function usageOf(input: number | undefined, output: number | undefined) {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

export class ZeroValidationModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'zero-validation';
  readonly modelId: string;
  readonly supportedUrls = {};
  private readonly config: RunnerConfig;

  constructor(config: RunnerConfig) {
    this.config = config;
    this.modelId = config.model;
  }

  doGenerate(): never {
    throw new Error('the zero-validation anchor only streams');
  }

  async doStream(_options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const body = await postChat(
      `${this.config.baseURL}/chat/completions`,
      this.config.apiKey,
      chatBody(this.config.model),
    );
    let buffer = '';
    let started = false;
    let finishRaw: string | undefined;
    let input: number | undefined;
    let output: number | undefined;
    const handle = (
      data: string,
      controller: TransformStreamDefaultController<LanguageModelV4StreamPart>,
    ) => {
      if (data === '[DONE]') return;
      const chunk = JSON.parse(data) as WireChunk;
      const choice = chunk.choices?.[0];
      const content = choice?.delta?.content;
      if (content) {
        if (!started) {
          started = true;
          controller.enqueue({ type: 'text-start', id: '0' });
        }
        controller.enqueue({ type: 'text-delta', id: '0', delta: content });
      }
      if (choice?.finish_reason) finishRaw = choice.finish_reason;
      if (chunk.usage) {
        input = chunk.usage.prompt_tokens;
        output = chunk.usage.completion_tokens;
      }
    };
    const decoder = new TextDecoder();
    const stream = body.pipeThrough(
      new TransformStream<Uint8Array, LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
        },
        transform(bytes, controller) {
          buffer += decoder.decode(bytes, { stream: true });
          let start = 0;
          let nl = buffer.indexOf('\n', start);
          while (nl !== -1) {
            if (buffer.startsWith('data: ', start)) handle(buffer.slice(start + 6, nl), controller);
            start = nl + 1;
            nl = buffer.indexOf('\n', start);
          }
          buffer = buffer.slice(start);
        },
        flush(controller) {
          if (started) controller.enqueue({ type: 'text-end', id: '0' });
          controller.enqueue({
            type: 'finish',
            finishReason: {
              unified: finishRaw === 'stop' ? 'stop' : finishRaw ? 'other' : 'interrupted',
              raw: finishRaw,
            },
            usage: usageOf(input, output),
          });
        },
      }),
    );
    return { stream };
  }
}
