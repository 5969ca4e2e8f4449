import { PolarGridEdge, streamChatCompletion } from '@polargrid/core';
import type { Runner } from './chat.ts';

/** Streams through the core's `PolarGridEdge` and reads the normalised events. */
export const viaCore: Runner = async (config) => {
  const client = new PolarGridEdge(config.options);
  const { events } = await streamChatCompletion(client, {
    model: config.model,
    messages: [{ role: 'user', content: config.prompt }],
  });
  const reader = events.getReader();
  let text = '';
  let deltas = 0;
  let finish = 'none';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.type === 'text-delta') {
      text += value.text;
      deltas += 1;
    } else if (value.type === 'finish') {
      finish = value.reason;
    } else if (value.type === 'error') {
      return { ok: false, error: `${value.error.name}: ${value.error.message}` };
    }
  }
  return { ok: true, text, finish, deltas };
};
