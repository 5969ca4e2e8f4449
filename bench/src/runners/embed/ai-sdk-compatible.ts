/** `@ai-sdk/openai-compatible` embedding model, `doEmbed`. */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { RunnerConfig } from '../types.ts';
import type { Embedder } from './types.ts';

export function createEmbedder(config: RunnerConfig): Embedder {
  const provider = createOpenAICompatible({
    name: 'bench',
    baseURL: config.baseURL,
    apiKey: config.apiKey,
  });
  const model = provider.embeddingModel(config.model);
  return async (inputs) => {
    const res = await model.doEmbed({ values: inputs });
    return res.embeddings;
  };
}
