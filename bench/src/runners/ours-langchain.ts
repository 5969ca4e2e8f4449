/** Ours: `ChatPolarGrid` from `@polargrid/langchain`, `.stream()`. */
import { ChatPolarGrid } from '@polargrid/langchain';
import type { Tally } from '../tally.ts';
import { consumeLangChainStream } from './langchain-consume.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const model = new ChatPolarGrid({
    model: config.model,
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    maxRetries: 0,
  });
  return (tally: Tally) => consumeLangChainStream(model, tally);
}
