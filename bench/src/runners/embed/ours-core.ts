/** Ours: `PolarGridEdge.createEmbeddings` (`encoding_format: 'float'`). */
import { createEmbeddings, PolarGridEdge } from '@polargrid/core';
import type { RunnerConfig } from '../types.ts';
import type { Embedder } from './types.ts';

export function createEmbedder(config: RunnerConfig): Embedder {
  const client = new PolarGridEdge({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    maxRetries: 0,
  });
  return async (inputs) => {
    const { data } = await createEmbeddings(client, { model: config.model, input: inputs });
    return data.data.map((d) => d.embedding);
  };
}
