/** LangChain `ChatOpenAI` (`@langchain/openai`), `.stream()`. */
import { ChatOpenAI } from '@langchain/openai';
import type { Tally } from '../tally.ts';
import { consumeLangChainStream } from './langchain-consume.ts';
import type { ChatStreamer, RunnerConfig } from './types.ts';

export function createStreamer(config: RunnerConfig): ChatStreamer {
  const model = new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey,
    configuration: { baseURL: config.baseURL },
    maxRetries: 0,
    streamUsage: true,
  });
  return (tally: Tally) => consumeLangChainStream(model, tally);
}
