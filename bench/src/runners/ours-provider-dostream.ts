/** Ours: the `@polargrid/ai-sdk-provider` chat model, `doStream` alone. */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import type { Tally } from '../tally.ts';
import { consumeDoStream } from './ai-sdk-consume.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const polargrid = createPolarGrid({ baseURL: config.baseURL, apiKey: config.apiKey });
  const model = polargrid(config.model);
  return (tally: Tally) => consumeDoStream(model, tally);
}
