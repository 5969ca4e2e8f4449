/** Embeddings floor: `fetch` + `JSON.parse` of the float response. */
import type { RunnerConfig } from '../types.ts';
import type { Embedder } from './types.ts';

export function createEmbedder(config: RunnerConfig): Embedder {
  return async (inputs) => {
    const res = await fetch(`${config.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.apiKey}` },
      body: JSON.stringify({ model: config.model, input: inputs, encoding_format: 'float' }),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const json = (await res.json()) as { data: { index: number; embedding: number[] }[] };
    return json.data.map((d) => d.embedding);
  };
}
