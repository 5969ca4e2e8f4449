/** `fetch` + eventsource-parser (spec-complete SSE parsing), JSON handled as in the floor. */
import { createParser } from 'eventsource-parser';
import type { Tally } from '../tally.ts';
import { applyChunk, postChat } from './minimal-sse.ts';
import { type ChatStreamer, chatBody, type RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const url = `${config.baseURL}/chat/completions`;
  return async (tally: Tally) => {
    const body = await postChat(url, config.apiKey, chatBody(config.model));
    const decoder = new TextDecoder();
    const parser = createParser({ onEvent: (event) => applyChunk(event.data, tally) });
    for await (const bytes of body) parser.feed(decoder.decode(bytes, { stream: true }));
  };
}
