/** Floor: `fetch` + the minimal hand-written SSE line parser. Every ratio is against this. */
import type { Tally } from '../tally.ts';
import { applyChunk, MinimalSSE, postChat } from './minimal-sse.ts';
import { type ChatStreamer, chatBody, type RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const url = `${config.baseURL}/chat/completions`;
  return async (tally: Tally) => {
    const body = await postChat(url, config.apiKey, chatBody(config.model));
    const decoder = new TextDecoder();
    const sse = new MinimalSSE((data) => applyChunk(data, tally));
    for await (const bytes of body) sse.push(decoder.decode(bytes, { stream: true }));
  };
}
