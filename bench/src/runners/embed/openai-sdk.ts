/** The `openai` SDK's `embeddings.create` (it asks for base64 and decodes it itself). */
import OpenAI from 'openai';
import type { RunnerConfig } from '../types.ts';
import type { Embedder } from './types.ts';

export function createEmbedder(config: RunnerConfig): Embedder {
  const client = new OpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, maxRetries: 0 });
  return async (inputs) => {
    const res = await client.embeddings.create({ model: config.model, input: inputs });
    return res.data.map((d) => d.embedding);
  };
}
