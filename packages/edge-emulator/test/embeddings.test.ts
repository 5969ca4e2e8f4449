import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';
import { client } from './helpers.js';

let emulator: EdgeEmulator;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  c = client(emulator);
});
afterAll(() => emulator.close());

type EmbeddingResponse = {
  object: string;
  model: string;
  data: { object: string; index: number; embedding: number[] | string }[];
  usage: { prompt_tokens: number; total_tokens: number };
};

async function embed(body: Record<string, unknown>) {
  const res = await c.post('/v1/embeddings', { model: 'pg-embed-v1', ...body });
  expect(res.status).toBe(200);
  return (await res.json()) as EmbeddingResponse;
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('embeddings', () => {
  it('returns the OpenAI shape, 384 L2-normalised dims by default, deterministically', async () => {
    const a = await embed({ input: ['the quick brown fox', 'a lazy dog'] });
    const b = await embed({ input: 'the quick brown fox' });
    expect(a.object).toBe('list');
    expect(a.model).toBe('pg-embed-v1');
    expect(a.data.map((d) => [d.object, d.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
    ]);
    const v = a.data[0]?.embedding as number[];
    expect(v).toHaveLength(384);
    expect(dot(v, v)).toBeCloseTo(1, 6);
    expect(b.data[0]?.embedding).toEqual(v);
    expect(a.usage.prompt_tokens).toBe(7);
  });

  it('honours dimensions up to 3072 and rejects more', async () => {
    const small = await embed({ input: 'hello', dimensions: 64 });
    expect(small.data[0]?.embedding).toHaveLength(64);
    const big = await embed({ input: 'hello', dimensions: 3072 });
    expect(big.data[0]?.embedding).toHaveLength(3072);
    const res = await c.post('/v1/embeddings', {
      model: 'pg-embed-v1',
      input: 'x',
      dimensions: 3073,
    });
    expect(res.status).toBe(422);
  });

  it('encodes base64 as little-endian float32 and rejects other formats', async () => {
    const floats = await embed({ input: 'hello world' });
    const b64 = await embed({ input: 'hello world', encoding_format: 'base64' });
    const bytes = Buffer.from(b64.data[0]?.embedding as string, 'base64');
    const decoded = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    const expected = floats.data[0]?.embedding as number[];
    decoded.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i] ?? Number.NaN, 6);
    });
    const bad = await c.post('/v1/embeddings', {
      model: 'pg-embed-v1',
      input: 'x',
      encoding_format: 'int8',
    });
    expect(bad.status).toBe(400);
  });

  it('ranks documents sharing words with the query first (retrieval works)', async () => {
    const docs = [
      'Kokoro is a text to speech model with eight preset voices.',
      'The autorouter picks the nearest edge region for each request.',
      'Whisper transcribes audio files into text.',
      'Embeddings map text to vectors for semantic search.',
    ];
    const { data } = await embed({ input: docs });
    const [query] = (await embed({ input: 'which edge region does the autorouter pick?' })).data;
    const scores = data.map((d) => dot(query?.embedding as number[], d.embedding as number[]));
    const ranked = scores.map((s, i) => [s, i] as const).sort((x, y) => y[0] - x[0]);
    expect(ranked[0]?.[1]).toBe(1);
    const speech = (await embed({ input: 'speech voices' })).data[0]?.embedding as number[];
    const best = data
      .map((d, i) => [dot(speech, d.embedding as number[]), i] as const)
      .sort((x, y) => y[0] - x[0])[0];
    expect(best?.[1]).toBe(0);
  });

  it('answers 404 model_not_loaded for an embedding model the edge lacks, 400 for a chat model', async () => {
    const missing = await c.post('/v1/embeddings', { model: 'text-embedding-3-small', input: 'x' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        message: 'Model not loaded: text-embedding-3-small',
        type: 'not_found_error',
        code: 'model_not_loaded',
      },
    });
    const chat = await c.post('/v1/embeddings', { model: 'qwen-3.8-27b', input: 'x' });
    expect(chat.status).toBe(400);
  });

  it('validates input', async () => {
    expect((await c.post('/v1/embeddings', { model: 'pg-embed-v1' })).status).toBe(422);
    expect((await c.post('/v1/embeddings', { model: 'pg-embed-v1', input: [] })).status).toBe(400);
    const tokens = await embed({
      input: [
        [1, 2, 3],
        [4, 5],
      ],
    });
    expect(tokens.data).toHaveLength(2);
  });
});
