/** Ours: `PolarGridEdge.streamChatCompletion` from `@polargrid/core`, consuming its events. */
import { PolarGridEdge, streamChatCompletion } from '@polargrid/core';
import type { Tally } from '../tally.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const client = new PolarGridEdge({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    maxRetries: 0,
  });
  return async (tally: Tally) => {
    const { events } = await streamChatCompletion(client, {
      model: config.model,
      messages: [{ role: 'user', content: 'Say something long.' }],
    });
    for await (const event of events) {
      if (event.type === 'text-delta') tally.text(event.text);
      else if (event.type === 'usage') {
        const u = event.usage;
        tally.usage(u.promptTokens, u.completionTokens, u.totalTokens);
      } else if (event.type === 'finish') tally.finish(event.reason);
      else if (event.type === 'error') throw event.error;
    }
  };
}
