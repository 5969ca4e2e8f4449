import { hash32 } from './hash.js';
import { stem, words } from './tokenizer.js';

export const DEFAULT_EMBEDDING_DIMS = 384;
export const MAX_EMBEDDING_DIMS = 3072;

/**
 * A deterministic text embedding: the hashing trick over lower-cased (crudely stemmed) words and
 * word bigrams, each feature adding ±weight to one dimension, then L2-normalised. Texts that share
 * words share dimensions, so cosine similarity tracks word overlap and retrieval works.
 */
export function embed(text: string, dims = DEFAULT_EMBEDDING_DIMS): number[] {
  const vector = new Array<number>(dims).fill(0);
  const tokens = words(text).map(stem);
  const add = (feature: string, weight: number) => {
    const h = hash32(feature);
    const sign = h & 1 ? 1 : -1;
    vector[(h >>> 1) % dims] = (vector[(h >>> 1) % dims] ?? 0) + sign * weight;
  };
  tokens.forEach((token, i) => {
    add(`w:${token}`, 1);
    const next = tokens[i + 1];
    if (next !== undefined) add(`b:${token} ${next}`, 0.5);
  });
  if (tokens.length === 0) add(`empty:${text}`, 1);
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0)) || 1;
  return vector.map((x) => x / norm);
}

/** Float32 little-endian bytes, base64-encoded (OpenAI's `encoding_format: "base64"`). */
export function toBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => {
    bytes.writeFloatLE(x, i * 4);
  });
  return bytes.toString('base64');
}
