import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { streamText } from 'ai';
import type { Runner } from './chat.ts';

/** Streams through the AI SDK provider under `streamText`. */
export const viaAiSdk: Runner = async (config) => {
  const polargrid = createPolarGrid(config.options);
  let failure: unknown;
  const result = streamText({
    model: polargrid(config.model),
    prompt: config.prompt,
    onError: ({ error }) => {
      failure = error;
    },
  });
  let text = '';
  let deltas = 0;
  const reader = result.textStream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    deltas += 1;
  }
  if (failure !== undefined) throw failure;
  return { ok: true, text, finish: String(await result.finishReason), deltas };
};
