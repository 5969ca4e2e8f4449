/** `@ai-sdk/openai-compatible` chat model, `doStream` alone (no `streamText`). */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { Tally } from '../tally.ts';
import { consumeDoStream } from './ai-sdk-consume.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const provider = createOpenAICompatible({
    name: 'bench',
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    includeUsage: true,
  });
  const model = provider.chatModel(config.model);
  return (tally: Tally) => consumeDoStream(model, tally);
}
