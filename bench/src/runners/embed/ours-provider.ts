/** Ours: the PolarGrid AI SDK provider's embedding model, `doEmbed`. */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import type { RunnerConfig } from '../types.ts';
import type { Embedder } from './types.ts';

export function createEmbedder(config: RunnerConfig): Embedder {
  const polargrid = createPolarGrid({ baseURL: config.baseURL, apiKey: config.apiKey });
  const model = polargrid.embeddingModel(config.model);
  return async (inputs) => {
    const res = await model.doEmbed({ values: inputs });
    return res.embeddings;
  };
}
