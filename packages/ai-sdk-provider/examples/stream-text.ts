import { streamText } from 'ai';
import type { PolarGridProvider } from '../src/index.js';

/** Streaming with thinking on: reasoning parts arrive before the answer. */
export async function streamTextExample(polargrid: PolarGridProvider) {
  const result = streamText({
    model: polargrid('qwen-3.8-27b'),
    prompt: 'Why do glaciers move?',
    providerOptions: { polargrid: { enableThinking: true } },
  });
  let reasoning = '';
  let text = '';
  for await (const part of result.fullStream) {
    if (part.type === 'reasoning-delta') reasoning += part.text;
    if (part.type === 'text-delta') text += part.text;
  }
  console.log({ reasoning, text, finishReason: await result.finishReason });
  return { reasoning, text };
}
