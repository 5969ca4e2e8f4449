/** Embeddings runners: each module exports `createEmbedder`. */
import type { ExpectedEmbeddings } from '../../wire/embeddings.ts';
import type { RunnerConfig } from '../types.ts';

/** Embeds `inputs` in one request; returns one vector per input, in order. */
export type Embedder = (inputs: string[]) => Promise<ArrayLike<number>[]>;

export interface EmbedderModule {
  createEmbedder(config: RunnerConfig): Embedder | Promise<Embedder>;
}

/** Every way `vectors` differs from what the server sent; empty when they match. */
export function validateEmbeddings(
  vectors: ArrayLike<number>[],
  expected: ExpectedEmbeddings,
): string[] {
  if (vectors.length !== expected.count) {
    return [`vectors ${vectors.length} != ${expected.count}`];
  }
  let sum = 0;
  for (const vector of vectors) {
    if (vector.length !== expected.dims) return [`dims ${vector.length} != ${expected.dims}`];
    for (let j = 0; j < vector.length; j++) sum += vector[j];
  }
  // float32 transport (base64) rounds each component by ~1e-9; the sum stays well within 1e-4.
  if (Math.abs(sum - expected.checksum) > 1e-4) {
    return [`checksum ${sum} != ${expected.checksum}`];
  }
  return [];
}
