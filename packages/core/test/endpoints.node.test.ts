import { afterEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../src/stream/events.js';
import {
  CHAT,
  chatChunk,
  chatCompletion,
  json,
  KEY,
  sseChunk,
  startServer,
  type TestServer,
} from './helpers/server.js';
import {
  createChatCompletion,
  streamChatCompletion,
  createCompletion,
  streamCompletion,
  createEmbeddings,
  createSpeech,
  streamSpeech,
  transcribe,
  streamTranscription,
  transcribeAsync,
  listModels,
  health,
  getModelStatus,
  loadModel,
  unloadModel,
  unloadAllModels,
  getGPUStatus,
  getGPUMemory,
  purgeGPU,
  PolarGridEdge,
} from '../src/index.js';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>) {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe('chat', () => {
  it('sends caller sampling values as given, including 0 (D5), and normalises the result', async () => {
    const edge = await server((_q, res) =>
      json(res, 200, chatCompletion('<think>hmm</think>Hello')),
    );
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const out = await createChatCompletion(client, {
      ...CHAT,
      temperature: 0,
      top_p: 0,
      max_tokens: 1,
      stop: 'x',
    });
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      ...CHAT,
      temperature: 0,
      top_p: 0,
      max_tokens: 1,
      stop: ['x'],
    });
    expect(edge.requests[0]!.url).toBe('/v1/chat/completions');
    expect(out.result).toMatchObject({ text: 'Hello', reasoning: 'hmm', finishReason: 'stop' });
    expect(out.meta).toMatchObject({
      region: 'custom',
      routeSource: 'base-url',
      status: 200,
      attempts: 1,
    });
  });

  it('streams with stream: true and include_usage, decoding events in order', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'rid-1' });
      res.write(sseChunk(chatChunk('Hel')));
      res.write(sseChunk(chatChunk('lo')));
      res.write(sseChunk(chatChunk(undefined, 'stop')));
      res.write(
        sseChunk({
          id: 'chatcmpl-1',
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
        }),
      );
      res.end(sseChunk('[DONE]'));
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const { meta, events } = await streamChatCompletion(client, CHAT);
    expect(meta.requestId).toBe('rid-1');
    const body = JSON.parse(edge.requests[0]!.body);
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(edge.requests[0]!.headers.accept).toBe('text/event-stream');
    const seen: ChatStreamEvent[] = await collect(events);
    expect(
      seen
        .filter((e) => e.type === 'text-delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('Hello');
    expect(seen.at(-1)).toMatchObject({
      type: 'finish',
      reason: 'stop',
      usage: { totalTokens: 3 },
    });
  });
});

describe('completions', () => {
  it('creates and streams text completions', async () => {
    const edge = await server((req, res, body) => {
      if (JSON.parse(body).stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          sseChunk({
            id: 'c',
            object: 'text_completion',
            choices: [{ index: 0, text: 'ab', finish_reason: null }],
          }),
        );
        res.write(
          sseChunk({
            id: 'c',
            object: 'text_completion',
            choices: [{ index: 0, text: 'c', finish_reason: 'length' }],
          }),
        );
        res.end(sseChunk('[DONE]'));
      } else {
        json(res, 200, {
          id: 'c',
          object: 'text_completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, text: 'xyz', finish_reason: 'stop' }],
        });
      }
      void req;
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const out = await createCompletion(client, {
      model: 'qwen-3.8-27b',
      prompt: 'p',
      temperature: 0,
    });
    expect(out.result).toMatchObject({ text: 'xyz', finishReason: 'stop' });
    // No max_tokens set: the model's own limit goes out, not the server's 150 (D5).
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model: 'qwen-3.8-27b',
      prompt: 'p',
      temperature: 0,
      max_tokens: 4096,
    });
    const { events } = await streamCompletion(client, { model: 'qwen-3.8-27b', prompt: 'p' });
    const seen = await collect(events);
    expect(JSON.parse(edge.requests[1]!.body)).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(edge.requests[1]!.url).toBe('/v1/completions');
    expect(
      seen
        .filter((e) => e.type === 'text-delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('abc');
    expect(seen.at(-1)).toMatchObject({ type: 'finish', reason: 'length' });
  });
});

describe('embeddings', () => {
  it('routes with ?model= and sends encoding_format float', async () => {
    const edge = await server((_q, res) =>
      json(res, 200, {
        object: 'list',
        model: 'pg-embed-v1',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
      }),
    );
    const router = await server((_q, res) =>
      json(res, 200, { region: 'yvr-02', endpoint: edge.url, ttl: 60 }),
    );
    const client = new PolarGridEdge({ apiKey: KEY, autorouterURL: router.url });
    const out = await createEmbeddings(client, { model: 'pg-embed-v1', input: ['a'] });
    expect(router.requests[0]!.url).toBe('/v1/route?model=pg-embed-v1');
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model: 'pg-embed-v1',
      input: ['a'],
      encoding_format: 'float',
    });
    expect(out.data.data[0]!.embedding).toEqual([0.1, 0.2]);
    expect(out.meta.region).toBe('yvr-02');
  });

  it('a 404 names the model and region and the catalogue caveat (D1)', async () => {
    const edge = await server((_q, res) => json(res, 404, { detail: 'Not Found' }));
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yul-01',
      edgeURLs: { 'yul-01': edge.url },
    });
    const error = await createEmbeddings(client, {
      model: 'text-embedding-3-small',
      input: 'x',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'NotFoundError',
      status: 404,
      region: 'yul-01',
      model: 'text-embedding-3-small',
    });
    expect((error as Error).message).toMatch(
      /text-embedding-3-small.*yul-01.*public PolarGrid catalogue lists no embedding model/,
    );
  });
});

describe('models, health, operator endpoints', () => {
  it('lists models, reads status and health (no key on /health)', async () => {
    const edge = await server((req, res) => {
      if (req.url === '/v1/models')
        json(res, 200, { object: 'list', data: [{ id: 'qwen-3.8-27b', pg_model_type: 'llm' }] });
      else if (req.url === '/v1/models/status')
        json(res, 200, { loaded: ['a'], loading_status: { a: 'loaded' }, repository: '/models' });
      else json(res, 200, { status: 'healthy', node: 'pg-edge-tor-01', runtime: 'kata' });
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    expect((await listModels(client)).data.data[0]).toMatchObject({
      id: 'qwen-3.8-27b',
      pg_model_type: 'llm',
    });
    expect((await getModelStatus(client)).data.loading_status).toEqual({ a: 'loaded' });
    expect((await health(client)).data).toMatchObject({
      status: 'healthy',
      node: 'pg-edge-tor-01',
    });
    expect(edge.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/models', `Bearer ${KEY}`],
      ['/v1/models/status', `Bearer ${KEY}`],
      ['/health', undefined],
    ]);
  });

  it('health works with no key at all', async () => {
    const edge = await server((_q, res) => json(res, 200, { status: 'healthy' }));
    const saved = process.env.POLARGRID_API_KEY;
    delete process.env.POLARGRID_API_KEY;
    try {
      expect((await health(new PolarGridEdge({ baseURL: edge.url }))).data.status).toBe('healthy');
    } finally {
      if (saved !== undefined) process.env.POLARGRID_API_KEY = saved;
    }
  });

  it('operator-only calls hit their paths; an ordinary key gets PermissionError', async () => {
    const edge = await server((req, res) => {
      if (req.url === '/v1/models/load') json(res, 403, { detail: 'Operator credential required' });
      else
        json(res, 200, {
          status: 'success',
          unloaded_models: [],
          errors: [],
          total_unloaded: 0,
          gpus: [],
          memory: [],
        });
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    await expect(loadModel(client, { model_name: 'x', force_reload: false })).rejects.toMatchObject(
      {
        name: 'PermissionError',
        status: 403,
        blockedByCdn: false,
      },
    );
    await unloadModel(client, { model_name: 'x' });
    await unloadAllModels(client);
    await getGPUStatus(client);
    await getGPUMemory(client);
    await purgeGPU(client, { force: true });
    expect(edge.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'POST /v1/models/load {"model_name":"x","force_reload":false}',
      'POST /v1/models/unload {"model_name":"x"}',
      'POST /v1/models/unload-all {}',
      'GET /v1/gpu/status ',
      'GET /v1/gpu/memory ',
      'POST /v1/gpu/purge {"force":true}',
    ]);
  });
});

describe('speech', () => {
  it('returns the whole clip and always sends response_format', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.end(Buffer.from([1, 2, 3, 4]));
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const out = await createSpeech(client, {
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
      response_format: 'mp3',
      speed: 1,
    });
    expect(Array.from(out.data.audio)).toEqual([1, 2, 3, 4]);
    expect(out.data.contentType).toBe('audio/mpeg');
    expect(JSON.parse(edge.requests[0]!.body)).toEqual({
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
      response_format: 'mp3',
      speed: 1,
    });
  });

  it('streams chunks as they arrive', async () => {
    const edge = await server(async (_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/pcm', 'x-pg-first-byte-ms': '46' });
      res.write(Buffer.from([1, 2]));
      await new Promise((r) => setTimeout(r, 20));
      res.end(Buffer.from([3]));
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const { meta, events } = await streamSpeech(client, {
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
      response_format: 'pcm',
    });
    const bytes = (await collect(events)).flatMap((c) => Array.from(c));
    expect(bytes).toEqual([1, 2, 3]);
    expect(meta.headers['x-pg-first-byte-ms']).toBe('46');
    expect(JSON.parse(edge.requests[0]!.body)).toMatchObject({
      stream: true,
      response_format: 'pcm',
    });
  });

  it('a cut audio stream errors with NetworkError', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/pcm' });
      res.write(Buffer.from([1]));
      setTimeout(() => res.destroy(), 20);
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const { events } = await streamSpeech(client, {
      model: 'kokoro-82m',
      input: 'Hi',
      voice: 'af_bella',
      response_format: 'pcm',
    });
    await expect(collect(events)).rejects.toMatchObject({ name: 'NetworkError' });
  });
});

describe('transcription', () => {
  function multipartFields(body: string): string[] {
    return [...body.matchAll(/; name="([^"]+)"/g)].map((m) => m[1]!);
  }

  it('sync mode: multipart with only file, everything else in the query', async () => {
    const edge = await server((_q, res) => json(res, 200, { text: 'hello world', language: 'en' }));
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const out = await transcribe(
      client,
      new File(['RIFF....'], 'clip.wav', { type: 'audio/wav' }),
      {
        model: 'whisper-large-v3-turbo',
        language: 'en',
        temperature: 0,
        punctuation: false,
      },
    );
    expect(out.data).toMatchObject({ text: 'hello world' });
    const req = edge.requests[0]!;
    const url = new URL(req.url, 'http://x');
    expect(url.pathname).toBe('/v1/audio/transcriptions');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      model: 'whisper-large-v3-turbo',
      language: 'en',
      temperature: '0',
      punctuation: 'false',
      sync: 'true',
    });
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(multipartFields(req.body)).toEqual(['file']);
    expect(req.body).toContain('filename="clip.wav"');
  });

  it('sync mode with a text format returns the text', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain words');
    });
    const out = await transcribe(
      new PolarGridEdge({ apiKey: KEY, baseURL: edge.url }),
      new Blob(['x']),
      { model: 'whisper-large-v3-turbo', response_format: 'text' },
    );
    expect(out.data.text).toBe('plain words');
  });

  it('stream mode decodes transcript events', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseChunk({ type: 'transcript.text.delta', delta: 'hello ' }));
      res.write(sseChunk({ type: 'transcript.text.delta', delta: 'world' }));
      res.write(sseChunk({ type: 'transcript.text.done', text: 'hello world' }));
      res.end(sseChunk('[DONE]'));
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    const { events } = await streamTranscription(client, new Blob(['x']), {
      model: 'whisper-large-v3-turbo',
    });
    const seen = await collect(events);
    expect(new URL(edge.requests[0]!.url, 'http://x').searchParams.get('stream')).toBe('true');
    expect(new URL(edge.requests[0]!.url, 'http://x').searchParams.get('sync')).toBeNull();
    expect(seen).toEqual([
      { type: 'transcript.text.delta', delta: 'hello ' },
      { type: 'transcript.text.delta', delta: 'world' },
      { type: 'transcript.text.done', text: 'hello world' },
    ]);
  });

  it('async mode: 202 + job, then polls ?job_id= on the same edge until done', async () => {
    let polls = 0;
    const edge = await server((req, res) => {
      if (req.method === 'POST') {
        json(res, 202, {
          job_id: 'job_transcription_1',
          status: 'queued',
          poll_url: '/v1/audio/transcriptions?job_id=job_transcription_1',
        });
        return;
      }
      polls++;
      if (polls < 2) json(res, 200, { job_id: 'job_transcription_1', status: 'processing' });
      else
        json(res, 200, {
          job_id: 'job_transcription_1',
          status: 'completed',
          result: { text: 'done text' },
        });
    });
    const other = await server((_q, res) => json(res, 500, {}));
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yvr-02',
      edgeURLs: { 'yvr-02': edge.url, 'yto-01': other.url },
    });
    const out = await transcribeAsync(
      client,
      new Blob(['x']),
      { model: 'whisper-large-v3-turbo' },
      { pollIntervalMs: 10 },
    );
    expect(out.data).toEqual({ text: 'done text' });
    const first = new URL(edge.requests[0]!.url, 'http://x');
    expect(first.searchParams.get('sync')).toBeNull();
    expect(first.searchParams.get('stream')).toBeNull();
    expect(edge.requests.slice(1).map((r) => r.url)).toEqual([
      '/v1/audio/transcriptions?job_id=job_transcription_1',
      '/v1/audio/transcriptions?job_id=job_transcription_1',
    ]);
    expect(edge.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(other.requests).toHaveLength(0);
  });

  it('async mode: a failed job is a typed error', async () => {
    const edge = await server((req, res) => {
      if (req.method === 'POST') json(res, 202, { job_id: 'j', status: 'queued' });
      else json(res, 200, { job_id: 'j', status: 'failed', error: { message: 'bad audio' } });
    });
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url });
    await expect(
      transcribeAsync(
        client,
        new Blob(['x']),
        { model: 'whisper-large-v3-turbo' },
        { pollIntervalMs: 5 },
      ),
    ).rejects.toMatchObject({
      name: 'ServerError',
      code: 'transcription_failed',
      message: expect.stringContaining('bad audio'),
    });
  });
});

describe('response bodies', () => {
  it('a non-JSON 200 is a typed error, not a crash', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>hi</html>');
    });
    await expect(
      createChatCompletion(new PolarGridEdge({ apiKey: KEY, baseURL: edge.url }), CHAT),
    ).rejects.toMatchObject({ name: 'ServerError', code: 'invalid_json' });
  });

  it('a 2xx whose body is an error object is a typed error, never an empty success', async () => {
    const edge = await server((_q, res) =>
      json(res, 200, {
        error: { message: 'Model overloaded', type: 'server_error', code: 'overloaded' },
      }),
    );
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: edge.url, maxRetries: 0 });
    const expected = {
      name: 'StreamError',
      status: 200,
      message: 'Model overloaded',
      code: 'overloaded',
      type: 'server_error',
      retryable: true,
    };
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject(expected);
    await expect(
      createEmbeddings(client, { model: 'pg-embed-v1', input: ['x'] }),
    ).rejects.toMatchObject(expected);
  });
});
