/** Reading a LangChain chat model's `.stream()` into a tally. */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Tally } from '../tally.ts';

export async function consumeLangChainStream(model: BaseChatModel, tally: Tally): Promise<void> {
  const stream = await model.stream('Say something long.');
  for await (const chunk of stream) {
    if (typeof chunk.content === 'string') tally.text(chunk.content);
    else throw new Error('expected string content in AIMessageChunk');
    const reason = chunk.response_metadata?.finish_reason as string | undefined;
    if (reason) tally.finish(reason);
    const u = chunk.usage_metadata;
    if (u) tally.usage(u.input_tokens, u.output_tokens, u.total_tokens);
  }
}
