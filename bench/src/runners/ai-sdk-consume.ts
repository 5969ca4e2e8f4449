/** Reading AI SDK streams into a tally: `doStream` parts (spec V4) and `streamText` parts. */
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { streamText } from 'ai';
import type { Tally } from '../tally.ts';

const PROMPT = 'Say something long.';

export async function consumeDoStream(model: LanguageModelV4, tally: Tally): Promise<void> {
  const { stream } = await model.doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
  });
  for await (const part of stream as ReadableStream<LanguageModelV4StreamPart> &
    AsyncIterable<LanguageModelV4StreamPart>) {
    if (part.type === 'text-delta') tally.text(part.delta);
    else if (part.type === 'finish') {
      tally.finish(part.finishReason.unified);
      const input = part.usage.inputTokens.total;
      const output = part.usage.outputTokens.total;
      tally.usage(
        input,
        output,
        input === undefined || output === undefined ? undefined : input + output,
      );
    } else if (part.type === 'error') throw part.error;
  }
}

export async function consumeStreamText(model: LanguageModelV4, tally: Tally): Promise<void> {
  const result = streamText({ model, prompt: PROMPT, maxRetries: 0 });
  for await (const part of result.fullStream) {
    if (part.type === 'text-delta') tally.text(part.text);
    else if (part.type === 'finish') {
      tally.finish(part.finishReason);
      const u = part.totalUsage;
      tally.usage(u.inputTokens, u.outputTokens, u.totalTokens);
    } else if (part.type === 'error') throw part.error;
  }
}
