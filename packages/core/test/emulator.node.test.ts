import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PolarGrid } from '../src/sdk/polargrid.js';
import type { ChatStreamEvent } from '../src/stream/events.js';
import {
  createChatCompletion,
  streamChatCompletion,
  createEmbeddings,
  createSpeech,
  streamSpeech,
  transcribe,
  streamTranscription,
  transcribeAsync,
  listModels,
  health,
  PolarGridEdge,
} from '../src/index.js';

let emulator: EdgeEmulator;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  emulator.clearFaults();
  for (const region of Object.keys(emulator.edgeURLs)) await emulator.setEdgeDown(region, false);
  emulator.resetRequests();
});

const CHAT = {
  model: 'qwen-3.8-27b',
  messages: [{ role: 'user' as const, content: 'Say hello' }],
  max_tokens: 16,
};
const client = (extra: Record<string, unknown> = {}) =>
  new PolarGridEdge({
    ...emulator.clientOptions(),
    maxRetries: 0,
    discoveryTimeout: 500,
    ...extra,
  });
const edgeRequests = (path: string) =>
  emulator.requests.filter((r) => r.target !== 'autorouter' && r.path === path);

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('against the edge emulator', () => {
  it('auto-routes, sends no key to the autorouter and the key to the edge', async () => {
    const out = await createChatCompletion(client(), CHAT);
    expect(out.meta).toMatchObject({
      region: 'yto-01',
      regionName: 'Toronto',
      routeSource: 'autorouter',
    });
    expect(out.result.text.length).toBeGreaterThan(0);
    const lookups = emulator.requests.filter((r) => r.target === 'autorouter');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.query).toEqual({ model: 'qwen-3.8-27b' });
    expect(lookups[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(lookups[0]!.headers)).not.toContain(emulator.apiKey);
    expect(edgeRequests('/v1/chat/completions')[0]!.headers.authorization).toBe(
      `Bearer ${emulator.apiKey}`,
    );
  });

  it('sends temperature 0 / top_p 0 explicitly (D5)', async () => {
    await createChatCompletion(client(), { ...CHAT, temperature: 0, top_p: 0 });
    expect(edgeRequests('/v1/chat/completions')[0]!.body).toMatchObject({
      temperature: 0,
      top_p: 0,
      max_tokens: 16,
    });
  });

  it('streams chat into ordered events ending in finish', async () => {
    const { events, meta } = await streamChatCompletion(client(), CHAT);
    const seen: ChatStreamEvent[] = await collect(events);
    expect(meta.region).toBe('yto-01');
    expect(seen[0]!.type).toBe('metadata');
    expect(seen.some((e) => e.type === 'text-delta')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ type: 'finish' });
    expect(edgeRequests('/v1/chat/completions')[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('fails over when the routed edge refuses connections', async () => {
    await emulator.setEdgeDown('yto-01', true);
    const out = await createChatCompletion(client(), CHAT);
    expect(out.meta).toMatchObject({ region: 'yul-01', routeSource: 'failover', attempts: 2 });
  });

  it('fails over on a 503 before any byte, and on a reset before headers', async () => {
    emulator.inject({ kind: 'server-error', status: 503, region: 'yto-01' });
    expect((await createChatCompletion(client(), CHAT)).meta.region).toBe('yul-01');
    emulator.clearFaults();
    emulator.inject({ kind: 'reset-before-headers', region: 'yto-01' });
    expect((await createChatCompletion(client(), CHAT)).meta.region).toBe('yul-01');
  });

  it('never replays a stream reset after bytes were delivered', async () => {
    emulator.inject({ kind: 'reset-mid-stream', region: 'yto-01', afterChunks: 2 });
    const { events } = await streamChatCompletion(client(), CHAT);
    const seen = await collect(events);
    expect(seen.some((e) => e.type === 'text-delta')).toBe(true);
    expect(seen.at(-1)).toMatchObject({ type: 'finish', reason: 'interrupted' });
    expect(edgeRequests('/v1/chat/completions')).toHaveLength(1);
  });

  it('re-routes once on 404 "Model not loaded"', async () => {
    emulator.inject({ kind: 'model-not-loaded', region: 'yto-01', times: 1 });
    const c = client();
    await c.resolveRoute({ model: 'qwen-3.8-27b' });
    const out = await createChatCompletion(c, CHAT);
    expect(out.result.text.length).toBeGreaterThan(0);
    expect(emulator.requests.filter((r) => r.target === 'autorouter')).toHaveLength(2);
    expect(edgeRequests('/v1/chat/completions')).toHaveLength(2);
  });

  it('retries a 429 honouring Retry-After', async () => {
    emulator.inject({ kind: 'rate-limit', region: 'yto-01', times: 1, retryAfter: 1 });
    const out = await createChatCompletion(client({ maxRetries: 2 }), CHAT);
    expect(out.meta.attempts).toBe(2);
    const [first, second] = edgeRequests('/v1/chat/completions');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('surfaces a CloudFront 403 as PermissionError with blockedByCdn', async () => {
    emulator.inject({ kind: 'cloudfront-403', region: 'yto-01' });
    await expect(createChatCompletion(client(), CHAT)).rejects.toMatchObject({
      name: 'PermissionError',
      status: 403,
      blockedByCdn: true,
    });
  });

  it('falls back to the default order when the autorouter is dead or slow', async () => {
    emulator.inject({ kind: 'autorouter-dead' });
    const lines: string[] = [];
    const out = await createChatCompletion(client({ debug: (m: string) => lines.push(m) }), CHAT);
    expect(out.meta).toMatchObject({ region: 'yto-01', routeSource: 'fallback' });
    expect(lines.join('\n')).toMatch(/Auto-routing failed .*falling back to Toronto \(yto-01\)/);
    emulator.clearFaults();
    emulator.inject({ kind: 'autorouter-slow', ms: 3000 });
    const slow = await createChatCompletion(client({ discoveryTimeout: 200 }), CHAT);
    expect(slow.meta.routeSource).toBe('fallback');
  });

  it('rejects a bad key as AuthenticationError without echoing it', async () => {
    const bad = 'pg_definitely_wrong_key';
    const c = new PolarGridEdge({ ...emulator.clientOptions(), apiKey: bad, maxRetries: 0 });
    const emu = await startEdgeEmulator({ apiKeys: ['pg_only_this_key_ok'] });
    try {
      const strict = new PolarGridEdge({ ...emu.clientOptions(), apiKey: bad, maxRetries: 0 });
      const error = (await createChatCompletion(strict, CHAT).catch((e: unknown) => e)) as Error;
      expect(error).toMatchObject({ name: 'AuthenticationError', status: 401 });
      expect(JSON.stringify(error) + error.message).not.toContain(bad);
    } finally {
      await emu.close();
    }
    expect(c).toBeDefined();
  });

  it('embeddings route with ?model= and work on pg-embed-v1', async () => {
    const out = await createEmbeddings(client(), { model: 'pg-embed-v1', input: ['a', 'b'] });
    expect(out.data.data).toHaveLength(2);
    expect(out.data.data[0]!.embedding.length).toBeGreaterThan(0);
    expect(emulator.requests.find((r) => r.target === 'autorouter')!.query).toEqual({
      model: 'pg-embed-v1',
    });
  });

  it('an unknown embedding model gives the D1 error naming the model, from the autorouter alone', async () => {
    const error = (await createEmbeddings(client(), {
      model: 'text-embedding-3-small',
      input: 'x',
    }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({
      name: 'NotFoundError',
      status: 404,
      model: 'text-embedding-3-small',
      code: 'model_not_served',
    });
    expect(error.message).toMatch(/text-embedding-3-small/);
    // The autorouter said no edge serves it: that is the answer, in one request (issue 14).
    expect(error.message).toMatch(/No PolarGrid edge serves model/);
    expect(error.message).toMatch(/public PolarGrid catalogue lists no embedding model/);
    expect(emulator.requests.filter((r) => r.target === 'autorouter')).toHaveLength(1);
    expect(edgeRequests('/v1/embeddings')).toHaveLength(0);
  });

  it('speech, whole and streamed, on yvr-02', async () => {
    const c = client();
    const clip = await createSpeech(c, {
      model: 'kokoro-82m',
      input: 'Hello there',
      voice: 'af_bella',
      response_format: 'wav',
    });
    expect(clip.meta.region).toBe('yvr-02');
    expect(clip.data.audio.byteLength).toBeGreaterThan(44);
    const { events } = await streamSpeech(c, {
      model: 'kokoro-82m',
      input: 'Hello there',
      voice: 'af_bella',
      response_format: 'pcm',
    });
    const chunks = await collect(events);
    expect(chunks.reduce((n, ch) => n + ch.byteLength, 0)).toBeGreaterThan(0);
    expect(
      edgeRequests('/v1/audio/speech').map(
        (r) => (r.body as { response_format: string }).response_format,
      ),
    ).toEqual(['wav', 'pcm']);
  });

  it('transcription (sync, stream, async) on yvr-02', async () => {
    const c = client();
    const clip = await createSpeech(c, {
      model: 'kokoro-82m',
      input: 'Hello there',
      voice: 'af_bella',
      response_format: 'wav',
    });
    const wav = new Blob([clip.data.audio as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });
    const sync = await transcribe(c, wav, { model: 'whisper-large-v3-turbo' });
    expect(typeof sync.data.text).toBe('string');
    const stream = await streamTranscription(c, wav, { model: 'whisper-large-v3-turbo' });
    const evs = await collect(stream.events);
    expect(evs.at(-1)!.type).toBe('transcript.text.done');
    const job = await transcribeAsync(
      c,
      wav,
      { model: 'whisper-large-v3-turbo' },
      { pollIntervalMs: 20 },
    );
    expect(typeof job.data.text).toBe('string');
    const uploads = edgeRequests('/v1/audio/transcriptions').filter((r) => r.method === 'POST');
    expect(uploads.map((r) => r.query.sync ?? r.query.stream ?? 'async')).toEqual([
      'true',
      'true',
      'async',
    ]);
  });

  it('health needs no key; models list comes from the edge', async () => {
    const c = client();
    const status = await health(c);
    expect(status.data.status).toBe('healthy');
    expect(edgeRequests('/health')[0]!.headers.authorization).toBeUndefined();
    const models = await listModels(c, { model: 'kokoro-82m' });
    expect(models.meta.region).toBe('yvr-02');
    expect(models.data.data.map((m) => m.id)).toContain('kokoro-82m');
  });

  it('the SDK surface works end to end', async () => {
    const pg = await PolarGrid.create({ ...emulator.clientOptions(), routingModel: 'kokoro-82m' });
    expect(pg.getRegionId()).toBe('yvr-02');
    expect(pg.getRegionName()).toBe('Vancouver');
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of pg.chatCompletionStream({
      model: 'qwen-3.8-27b',
      messages: CHAT.messages,
      maxTokens: 16,
    })) {
      text += chunk.choices?.[0]?.delta?.content ?? '';
      finish = chunk.choices?.[0]?.finishReason ?? finish;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBeTruthy();
  });
});
