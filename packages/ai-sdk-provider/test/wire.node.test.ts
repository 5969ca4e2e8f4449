import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import {
  APICallError,
  embedMany,
  generateSpeech,
  generateText,
  RetryError,
  streamText,
  transcribe,
} from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPolarGrid, VERSION } from '../src/index.js';

let emulator: EdgeEmulator;
let pg: ReturnType<typeof createPolarGrid>;

beforeAll(async () => {
  emulator = await startEdgeEmulator();
  pg = createPolarGrid(emulator.clientOptions());
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  // Awaited: an `edge-dead` rule's edge is reopened asynchronously.
  await emulator.clearFaults();
  emulator.resetRequests();
});

const edgeRequests = (path: string) =>
  emulator.requests.filter((r) => r.target !== 'autorouter' && r.path.startsWith(path));

describe('on the wire (recorded by the emulator)', () => {
  it('sends temperature 0 and every other sampling value explicitly (D5)', async () => {
    await generateText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Hi',
      temperature: 0,
      topP: 0,
      maxOutputTokens: 20,
      providerOptions: { polargrid: { topK: 1 } },
    });
    const [request] = edgeRequests('/v1/chat/completions');
    expect(request?.body).toMatchObject({ temperature: 0, top_p: 0, max_tokens: 20, top_k: 1 });
  });

  it('asks for stream usage, sends the key only to the edge, and the per-call headers', async () => {
    const result = streamText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Hi',
      headers: { 'x-trace': 'abc' },
    });
    await result.consumeStream();
    const [request] = edgeRequests('/v1/chat/completions');
    expect(request?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(request?.headers.authorization).toBe(`Bearer ${emulator.apiKey}`);
    expect(request?.headers['x-trace']).toBe('abc');
    expect(request?.headers['x-polargrid-client']).toContain('ai-sdk/polargrid/');
    for (const r of emulator.requests.filter((r) => r.target === 'autorouter')) {
      expect(r.headers.authorization).toBeUndefined();
    }
    expect((await result.usage).inputTokens).toBeGreaterThan(0);
  });

  it('header order: settings headers, then per-call headers; the key always from apiKey', async () => {
    const provider = createPolarGrid({
      ...emulator.clientOptions(),
      headers: { 'x-a': 'settings', 'x-b': 'settings' },
    });
    await generateText({
      model: provider('qwen-3.8-27b'),
      prompt: 'Hi',
      headers: { 'x-b': 'call', 'x-c': 'call' },
    });
    const [request] = edgeRequests('/v1/chat/completions');
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${emulator.apiKey}`,
      'x-a': 'settings',
      'x-b': 'call',
      'x-c': 'call',
    });
  });

  it('identifies itself: ai-sdk/polargrid/<VERSION> in the User-Agent and x-polargrid-client', async () => {
    await generateText({ model: pg('qwen-3.8-27b'), prompt: 'Hi', maxOutputTokens: 5 });
    const [request] = edgeRequests('/v1/chat/completions');
    expect(request?.headers['user-agent']).toContain(`ai-sdk/polargrid/${VERSION}`);
    expect(request?.headers['user-agent']).toMatch(/^ai\/\S+ ai-sdk\/polargrid\/\S+ node\.js\//);
    expect(request?.headers['x-polargrid-client']).toMatch(
      new RegExp(`^polargrid-core/\\S+ ai-sdk/polargrid/${VERSION.replace(/\./g, '\\.')}$`),
    );
  });

  it('queryParams reach edge requests only, never the autorouter, and never override our own', async () => {
    const provider = createPolarGrid({
      ...emulator.clientOptions(),
      queryParams: { 'api-version': '7', model: 'not-this-one' },
    });
    await generateText({ model: provider('qwen-3.8-27b'), prompt: 'Hi', maxOutputTokens: 5 });
    await transcribe({
      model: provider.transcription('whisper-large-v3-turbo'),
      audio: (
        await generateSpeech({
          model: provider.speech('kokoro-82m'),
          text: 'Hello',
          voice: 'af_bella',
        })
      ).audio.uint8Array,
    });
    const autorouter = emulator.requests.filter((r) => r.target === 'autorouter');
    expect(autorouter.length).toBeGreaterThan(0);
    for (const r of autorouter) expect(r.query['api-version']).toBeUndefined();
    const edge = emulator.requests.filter((r) => r.target !== 'autorouter');
    expect(edge.map((r) => r.path).sort()).toEqual([
      '/v1/audio/speech',
      '/v1/audio/transcriptions',
      '/v1/chat/completions',
    ]);
    for (const r of edge) expect(r.query['api-version']).toBe('7');
    const stt = edgeRequests('/v1/audio/transcriptions')[0];
    expect(stt?.query).toMatchObject({ model: 'whisper-large-v3-turbo', sync: 'true' });
  });

  it('lets ai retry a 429: exactly 2 edge requests, no retries nested in the core', async () => {
    // The wait itself (retry-after honoured) is checked in pitfalls.test.ts, in both runtimes.
    emulator.inject({ kind: 'rate-limit', times: 1, retryAfter: 0 });
    const result = await generateText({ model: pg('qwen-3.8-27b'), prompt: 'Hi', maxRetries: 2 });
    expect(result.text.length).toBeGreaterThan(0);
    expect(edgeRequests('/v1/chat/completions')).toHaveLength(2);
  });

  it('gives up after maxRetries with the last APICallError (status, headers, code)', async () => {
    emulator.inject({ kind: 'rate-limit', retryAfter: 0 });
    const error = await generateText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Hi',
      maxRetries: 1,
    }).catch((e: unknown) => e);
    expect(RetryError.isInstance(error)).toBe(true);
    const last = (error as RetryError).lastError;
    expect(APICallError.isInstance(last)).toBe(true);
    expect(last).toMatchObject({
      statusCode: 429,
      isRetryable: true,
      responseHeaders: expect.objectContaining({ 'retry-after': '0' }),
      data: expect.objectContaining({ code: 'rate_limit_exceeded', region: 'yto-01' }),
    });
    expect(edgeRequests('/v1/chat/completions')).toHaveLength(2);
  });

  it('shares one edge client per provider: one autorouter lookup for concurrent calls of two models', async () => {
    const provider = createPolarGrid(emulator.clientOptions());
    await Promise.all([
      generateText({ model: provider('qwen-3.8-27b'), prompt: 'a' }),
      generateText({ model: provider.chat('qwen-3.8-27b'), prompt: 'b' }),
      generateText({ model: provider('qwen-3.8-27b'), prompt: 'c' }),
    ]);
    expect(emulator.requests.filter((r) => r.target === 'autorouter')).toHaveLength(1);
    expect(edgeRequests('/v1/chat/completions')).toHaveLength(3);
  });

  it('fails over to another edge when the routed one is down, and says so in the metadata', async () => {
    const provider = createPolarGrid(emulator.clientOptions());
    await emulator.setEdgeDown('yto-01', true);
    try {
      const result = await generateText({
        model: provider('qwen-3.8-27b'),
        prompt: 'Hi',
        maxRetries: 0,
      });
      expect(result.text.length).toBeGreaterThan(0);
      const meta = result.providerMetadata?.polargrid;
      expect(meta?.region).not.toBe('yto-01');
      expect(meta?.attempts).toBeGreaterThanOrEqual(2);
      expect(meta?.routeSource).toBe('failover');
    } finally {
      await emulator.setEdgeDown('yto-01', false);
    }
  });

  it('a retryable in-stream error lets streamText re-run the step (streamRetries)', async () => {
    emulator.inject({ kind: 'stream-error', times: 1, afterChunks: 2 });
    const result = streamText({
      model: pg('qwen-3.8-27b'),
      prompt: 'Tell me about glaciers.',
      streamRetries: 1,
      onError: () => ({ retry: true }),
    });
    await result.consumeStream();
    expect(await result.finishReason).toMatch(/stop|length/);
    expect((await result.text).length).toBeGreaterThan(0);
    expect(edgeRequests('/v1/chat/completions')).toHaveLength(2);
  });

  it('chunks embedMany by maxEmbeddingsPerCall (one request per chunk)', async () => {
    const values = Array.from({ length: 10 }, (_, i) => `document number ${i}`);
    const result = await embedMany({
      model: pg.embedding('pg-embed-v1', { maxEmbeddingsPerCall: 4 }),
      values,
    });
    expect(result.embeddings).toHaveLength(10);
    const requests = edgeRequests('/v1/embeddings');
    expect(requests.map((r) => (r.body as { input: string[] }).input.length).sort()).toEqual([
      2, 4, 4,
    ]);
    for (const r of requests) expect(r.body).toMatchObject({ encoding_format: 'float' });
  });
});

describe('every connection setting reaches the core', () => {
  const regionOf = (result: { providerMetadata?: Record<string, unknown> }) =>
    (result.providerMetadata?.polargrid as { region?: string } | undefined)?.region;

  it('fallbackRegions decides where a request goes when the autorouter is down; debug logs it', async () => {
    emulator.inject({ kind: 'autorouter-dead' });
    const regions: unknown[] = [];
    for (const order of [
      ['yul-01', 'yto-01'],
      ['yto-01', 'yul-01'],
    ]) {
      const lines: string[] = [];
      const provider = createPolarGrid({
        ...emulator.clientOptions(),
        fallbackRegions: order,
        debug: (line) => lines.push(line),
      });
      regions.push(regionOf(await generateText({ model: provider('qwen-3.8-27b'), prompt: 'Hi' })));
      expect(lines.some((line) => line.includes('Auto-routing failed'))).toBe(true);
    }
    expect(regions).toEqual(['yul-01', 'yto-01']);
  });

  it('maxFailovers: 0 keeps a request on a dead pinned edge; 1 lets it move on', async () => {
    await emulator.inject({ kind: 'edge-dead', region: 'yto-01' }).ready;
    const pinned = { ...emulator.clientOptions(), region: 'yto-01', fallbackRegions: ['yul-01'] };
    const stuck = await generateText({
      model: createPolarGrid({ ...pinned, maxFailovers: 0 })('qwen-3.8-27b'),
      prompt: 'Hi',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(APICallError.isInstance(stuck)).toBe(true);
    const moved = await generateText({
      model: createPolarGrid({ ...pinned, maxFailovers: 1 })('qwen-3.8-27b'),
      prompt: 'Hi',
    });
    expect(regionOf(moved)).toBe('yul-01');
  });

  it('discoveryTimeout bounds the autorouter lookup', async () => {
    emulator.inject({ kind: 'autorouter-slow', ms: 5000 });
    const started = Date.now();
    const result = await generateText({
      model: createPolarGrid({
        ...emulator.clientOptions(),
        discoveryTimeout: 200,
        fallbackRegions: ['yul-01'],
      })('qwen-3.8-27b'),
      prompt: 'Hi',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(regionOf(result)).toBe('yul-01');
  });
});

describe('authentication', () => {
  it('a rejected key is a non-retryable 401 whose error never contains the key', async () => {
    const strict = await startEdgeEmulator({ apiKeys: ['pg_the_right_key_123456'] });
    try {
      const provider = createPolarGrid({
        ...strict.clientOptions(),
        apiKey: 'pg_a_wrong_key_987654',
      });
      const error = await generateText({ model: provider('qwen-3.8-27b'), prompt: 'Hi' }).catch(
        (e: unknown) => e,
      );
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
      const apiError = error as APICallError;
      const everything = [
        apiError.message,
        apiError.responseBody,
        JSON.stringify(apiError.data),
        JSON.stringify(apiError.requestBodyValues),
        JSON.stringify(apiError.responseHeaders),
      ].join(' ');
      expect(everything).not.toContain('a_wrong_key_987654');
    } finally {
      await strict.close();
    }
  });
});

describe('abort reaches the socket', () => {
  let server: Server;
  let closed: Promise<void>;
  let baseURL: string;

  beforeAll(async () => {
    let markClosed!: () => void;
    closed = new Promise((resolve) => {
      markClosed = resolve;
    });
    // Streams two chunks, then goes quiet until the client hangs up.
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'qwen-3.8-27b', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      res.write(chunk('Hello'));
      res.write(chunk(' there'));
      res.on('close', markClosed);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('closes the connection when the caller aborts mid-stream', async () => {
    const provider = createPolarGrid({ apiKey: 'pg_test_key_12345678', baseURL });
    const controller = new AbortController();
    let aborted = false;
    const result = streamText({
      model: provider('qwen-3.8-27b'),
      prompt: 'Hi',
      abortSignal: controller.signal,
      onAbort: () => {
        aborted = true;
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(types).toContain('abort');
    expect(aborted).toBe(true);
    await closed; // the server saw the client hang up (the test times out otherwise)
  });
});
