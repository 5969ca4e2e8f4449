/**
 * PolarGridEmbeddings against the edge emulator (its emulator-only `pg-embed-v1`, D1).
 */
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { Document } from '@langchain/core/documents';
import { describe, expect, test } from 'vitest';
import { PolarGridEmbeddings, type PolarGridEmbeddingsParams } from '../embeddings.js';
import { useEmulator } from './emulator.js';

const emulator = useEmulator();
const newEmbeddings = (extra: Partial<PolarGridEmbeddingsParams> = {}) =>
  new PolarGridEmbeddings({ ...emulator.current.clientOptions(), maxRetries: 0, ...extra });
const embeddingRequests = () =>
  emulator.current.requests.filter((r) => r.path === '/v1/embeddings');

/** Wraps the real fetch to measure how many embedding requests are in flight at once. */
function concurrencyProbe(delayMs: number) {
  let inFlight = 0;
  const probe = { max: 0, fetch: undefined as unknown as typeof fetch };
  probe.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!String(input).includes('/v1/embeddings')) return fetch(input, init);
    inFlight++;
    probe.max = Math.max(probe.max, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  }) as typeof fetch;
  return probe;
}

describe('PolarGridEmbeddings', () => {
  test('embedQuery returns one float vector; float encoding on the wire; default model', async () => {
    const embeddings = newEmbeddings();
    emulator.current.resetRequests();
    const vector = await embeddings.embedQuery('hello world');
    expect(vector.length).toBeGreaterThan(0);
    expect(vector.every((x) => typeof x === 'number')).toBe(true);
    expect(embeddingRequests()[0]?.body).toMatchObject({
      model: 'pg-embed-v1',
      input: ['hello world'],
      encoding_format: 'float',
    });
  });

  test('10 texts with batchSize 3: 4 requests, results in input order', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `document number ${i} about topic ${i % 3}`);
    const embeddings = newEmbeddings({ batchSize: 3 });
    emulator.current.resetRequests();
    const vectors = await embeddings.embedDocuments(texts);
    expect(embeddingRequests()).toHaveLength(4);
    expect(
      embeddingRequests()
        .map((r) => (r.body as { input: string[] }).input.length)
        .sort(),
    ).toEqual([1, 3, 3, 3]);
    expect(vectors).toHaveLength(10);
    // Each vector is the one the text gets on its own (the emulator is deterministic).
    for (const i of [0, 4, 9]) {
      expect(vectors[i]).toEqual(await embeddings.embedQuery(texts[i]!));
    }
    expect(vectors[0]).not.toEqual(vectors[1]);
  });

  test('at most maxConcurrency (default 2) requests in flight', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `text ${i}`);
    const bounded = concurrencyProbe(40);
    await newEmbeddings({ batchSize: 1, fetch: bounded.fetch }).embedDocuments(texts);
    expect(bounded.max).toBe(2);
    const wider = concurrencyProbe(40);
    await newEmbeddings({ batchSize: 1, maxConcurrency: 4, fetch: wider.fetch }).embedDocuments(
      texts,
    );
    expect(wider.max).toBe(4);
  });

  test('dimensions go on the wire', async () => {
    emulator.current.resetRequests();
    const vector = await newEmbeddings({ dimensions: 8 }).embedQuery('short');
    expect(embeddingRequests()[0]?.body).toMatchObject({ dimensions: 8 });
    expect(vector).toHaveLength(8);
  });

  test('an embedding model the edge does not serve: the D1 error names model and region', async () => {
    const error = (await newEmbeddings({ model: 'text-embedding-3-small', region: 'yto-01' })
      .embedQuery('x')
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ status: 404, lc_error_code: 'MODEL_NOT_FOUND' });
    expect(error.message).toContain('text-embedding-3-small');
    expect(error.message).toContain('yto-01');
    expect(error.message).toMatch(/catalogue lists no embedding model/);
  });

  test('bad batchSize is refused at construction', () => {
    expect(() => newEmbeddings({ batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
  });

  test('MemoryVectorStore retrieves the right document', async () => {
    const store = await MemoryVectorStore.fromDocuments(
      [
        new Document({
          pageContent: 'The Toronto edge serves qwen models for chat.',
          metadata: { id: 'toronto' },
        }),
        new Document({
          pageContent: 'Bananas are yellow fruit rich in potassium.',
          metadata: { id: 'banana' },
        }),
        new Document({
          pageContent: 'Montreal hosts a PolarGrid region for inference.',
          metadata: { id: 'montreal' },
        }),
      ],
      newEmbeddings(),
    );
    const [best] = await store.similaritySearch('Which fruit is yellow and has potassium?', 1);
    expect(best?.metadata.id).toBe('banana');
  });
});
