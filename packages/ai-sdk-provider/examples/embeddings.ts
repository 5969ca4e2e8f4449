import { cosineSimilarity, embedMany } from 'ai';
import type { PolarGridProvider } from '../src/index.js';

/** Embeddings (the emulator's pg-embed-v1; PolarGrid's public catalogue lists none yet). */
export async function embeddingsExample(polargrid: PolarGridProvider) {
  const { embeddings, usage } = await embedMany({
    model: polargrid.embedding('pg-embed-v1'),
    values: ['sunny day at the beach', 'rainy afternoon in the city', 'a bright beach day'],
  });
  const [a, b, c] = embeddings as [number[], number[], number[]];
  console.log(usage.tokens, cosineSimilarity(a, c), cosineSimilarity(a, b));
  return embeddings.length;
}
