/**
 * The transport against edges that misbehave on purpose (issue 13 rules 1, 4, 6, 7, 9, 10 and the
 * autorouter's "no edge serves this model"): each server below is wrong in exactly one way.
 * Timings are asserted with generous bounds: the machine running the tests is shared.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpeechRequest } from '../src/types/other-types.js';
import { internalsOf } from '../src/connection/edge-internals.js';
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
  createSpeech,
  streamSpeech,
  streamTranscription,
  transcribeAsync,
  listModels,
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

const pinned = (url: string, extra: Record<string, unknown> = {}) =>
  new PolarGridEdge({ apiKey: KEY, region: 'yto-01', edgeURLs: { 'yto-01': url }, ...extra });

const SPEECH: SpeechRequest = {
  model: 'kokoro-82m',
  input: 'Hi',
  voice: 'af_bella',
  response_format: 'pcm',
};

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

/** Settles `promise` and reports how long it took and what it gave. */
async function timed<T>(promise: Promise<T>): Promise<{ ms: number; error: unknown }> {
  const start = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: Date.now() - start, error };
}

/** Writes one byte every `everyMs` until the client goes away. */
function trickle(res: ServerResponse, everyMs: number): void {
  const timer = setInterval(() => res.write(' '), everyMs);
  res.on('close', () => clearInterval(timer));
}

describe('rule 1: an error status, then a stalled or trickled body', () => {
  it('a POST whose error body stalls ends in a TimeoutError within the idle deadline, sent once', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.write('{"error":');
    });
    const client = pinned(edge.url, { streamIdleTimeout: 300, maxFailovers: 0 });
    const { ms, error } = await timed(createChatCompletion(client, CHAT));
    expect(error).toMatchObject({
      name: 'TimeoutError',
      code: 'stream_stalled',
      status: 503,
      region: 'yto-01',
      retryable: false,
    });
    expect(ms).toBeLessThan(300 + 2000);
    expect(edge.requests).toHaveLength(1);
  });

  it('a GET whose error body stalls is retried like any timeout, then gives up', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{');
    });
    const client = pinned(edge.url, { streamIdleTimeout: 200, maxRetries: 1, maxFailovers: 0 });
    const { error } = await timed(listModels(client));
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'stream_stalled', retryable: true });
    expect(edge.requests).toHaveLength(2);
  });

  it('an error body trickled under the idle deadline ends at the request timeout', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      trickle(res, 50);
    });
    const client = pinned(edge.url, { streamIdleTimeout: 400, timeout: 700, maxFailovers: 0 });
    const { ms, error } = await timed(createChatCompletion(client, CHAT));
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'body_timeout', status: 502 });
    expect(ms).toBeGreaterThanOrEqual(600);
    expect(ms).toBeLessThan(700 + 2000);
    expect(edge.requests).toHaveLength(1);
  });

  it('a 200 JSON body trickled under the idle deadline ends at the request timeout', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      trickle(res, 50);
    });
    const client = pinned(edge.url, { streamIdleTimeout: 400, timeout: 600 });
    const { ms, error } = await timed(createChatCompletion(client, CHAT));
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'body_timeout', retryable: false });
    expect(ms).toBeLessThan(600 + 2000);
    expect(edge.requests).toHaveLength(1);
  });

  it('an error body is read up to 64 KiB and the error still raised', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      // Much more than the cap, then it never ends: only the cap stops the read.
      res.write(`bad request ${'x'.repeat(200 * 1024)}`);
    });
    const { ms, error } = await timed(
      createChatCompletion(pinned(edge.url, { streamIdleTimeout: 5000 }), CHAT),
    );
    expect(error).toMatchObject({ name: 'ValidationError', status: 400 });
    expect((error as Error).message).toContain('bad request');
    expect(ms).toBeLessThan(3000);
  });

  it('speech: 200 audio headers, then a stall, ends in a TimeoutError (whole and streamed)', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/pcm' });
      res.write(Buffer.from([1, 2]));
    });
    const client = pinned(edge.url, { streamIdleTimeout: 300 });
    const whole = await timed(createSpeech(client, SPEECH));
    expect(whole.error).toMatchObject({ name: 'TimeoutError', code: 'stream_stalled' });
    expect(whole.ms).toBeLessThan(300 + 2000);

    const { events } = await streamSpeech(client, SPEECH);
    const streamed = await timed(collect(events));
    expect(streamed.error).toMatchObject({ name: 'TimeoutError', code: 'stream_stalled' });
    expect(streamed.ms).toBeLessThan(300 + 2000);
    expect(edge.requests).toHaveLength(2);
  });
});

describe('rule 4: a 200 that is not an event stream is not an empty answer', () => {
  const streamFrom = async (answer: (res: ServerResponse) => void) => {
    const edge = await server((_q, res) => answer(res));
    return streamChatCompletion(pinned(edge.url, { streamIdleTimeout: 1000 }), CHAT);
  };

  it('a JSON error object gives the error it describes', async () => {
    await expect(
      streamFrom((res) =>
        json(res, 200, { error: { message: 'Model overloaded', code: 'overloaded' } }),
      ),
    ).rejects.toMatchObject({
      name: 'StreamError',
      status: 200,
      code: 'overloaded',
      message: 'Model overloaded',
    });
  });

  it('an HTML page is a ServerError not_event_stream that quotes it', async () => {
    const error = await streamFrom((res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Gateway login</h1></body></html>');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ServerError',
      code: 'not_event_stream',
      status: 200,
      retryable: false,
    });
    expect((error as Error).message).toContain('Gateway login');
  });

  it('a whole non-streamed completion is refused, not taken as the answer', async () => {
    await expect(
      streamFrom((res) => json(res, 200, chatCompletion('hello'))),
    ).rejects.toMatchObject({ name: 'ServerError', code: 'not_event_stream' });
  });

  it('without a content type, a body that starts like SSE is decoded; anything else refused', async () => {
    const { events } = await streamFrom((res) => {
      res.writeHead(200, {});
      res.write(sseChunk(chatChunk('hi')));
      res.write(sseChunk(chatChunk(undefined, 'stop')));
      res.end(sseChunk('[DONE]'));
    });
    const seen = await collect(events);
    expect(seen.filter((e) => e.type === 'text-delta')).toMatchObject([{ text: 'hi' }]);
    expect(seen.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });

    await expect(
      streamFrom((res) => {
        res.writeHead(200, {});
        res.end('<html>not a stream</html>');
      }),
    ).rejects.toMatchObject({ code: 'not_event_stream' });
  });

  it('the same holds for a transcription stream, and for speech that is not audio', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>maintenance</p>');
    });
    const client = pinned(edge.url);
    await expect(
      streamTranscription(client, new Blob(['x']), { model: 'whisper-large-v3-turbo' }),
    ).rejects.toMatchObject({ code: 'not_event_stream' });
    await expect(streamSpeech(client, SPEECH)).rejects.toMatchObject({
      name: 'ServerError',
      code: 'not_audio',
    });
    await expect(createSpeech(client, SPEECH)).rejects.toMatchObject({ code: 'not_audio' });
  });

  it('an SSE line over 1 MiB stops the stream; it never becomes an answer', async () => {
    const { events } = await streamFrom((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseChunk(chatChunk('a')));
      res.write(`data: ${'x'.repeat(1024 * 1024 + 10)}`);
    });
    const seen: ChatStreamEvent[] = await collect(events);
    expect(seen.filter((e) => e.type === 'text-delta')).toMatchObject([{ text: 'a' }]);
    const last = seen.at(-1);
    expect(last?.type === 'finish' && last.reason === 'stop').toBe(false);
    expect(JSON.stringify(last)).toContain('longer than 1048576 characters');
  });
});

describe('rule 6: a slow non-streamed generation is not resubmitted', () => {
  it('a POST that times out reaches the edge exactly once, with retries and failover allowed', async () => {
    const slow = await server(async (_q, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      json(res, 200, chatCompletion('late'));
    });
    const other = await server((_q, res) => json(res, 200, chatCompletion('other')));
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': slow.url, 'yul-01': other.url },
      timeout: 200,
      maxRetries: 3,
    });
    const { error } = await timed(createChatCompletion(client, CHAT));
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'timeout', retryable: false });
    expect(slow.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('a GET that times out is still retried', async () => {
    const slow = await server(async (_q, res) => {
      await new Promise((r) => setTimeout(r, 1000));
      json(res, 200, { data: [] });
    });
    const client = pinned(slow.url, { timeout: 150, maxRetries: 1 });
    await expect(listModels(client)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(slow.requests).toHaveLength(2);
  });

  it('connection failures before any answer are still failed over', async () => {
    const other = await server((_q, res) => json(res, 200, chatCompletion('other')));
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': 'http://127.0.0.1:1', 'yul-01': other.url },
    });
    const out = await createChatCompletion(client, CHAT);
    expect(out.meta.region).toBe('yul-01');
  });

  it('without a timeout of its own, a non-streamed generation waits 10 minutes for headers; streams 30 s', () => {
    const { transport } = internalsOf(new PolarGridEdge({ apiKey: KEY }));
    expect(transport.timeout).toBe(30_000);
    expect(transport.generationTimeout).toBe(600_000);
    // A timeout the caller set applies to every request.
    const set = internalsOf(new PolarGridEdge({ apiKey: KEY, timeout: 5000 })).transport;
    expect(set.generationTimeout).toBe(5000);
  });

  it('a non-streamed answer slower than the stream timeout but within the generation timeout arrives', async () => {
    const slow = await server(async (_q, res) => {
      await new Promise((r) => setTimeout(r, 600));
      json(res, 200, chatCompletion('slow but whole'));
    });
    const client = pinned(slow.url);
    // The client's time-to-headers default stands in for a 30 s stream timeout here.
    internalsOf(client).transport.timeout = 200;
    const out = await createChatCompletion(client, CHAT);
    expect(out.result.text).toBe('slow but whole');
    expect(slow.requests).toHaveLength(1);
  });
});

describe('rule 7: no redirect is followed', () => {
  for (const status of [301, 302, 307, 308]) {
    it(`a ${status} is a typed error naming only the target's origin; the target gets nothing`, async () => {
      const target = await server((_q, res) => json(res, 200, chatCompletion('foreign')));
      const edge = await server((_q, res) => {
        res.writeHead(status, { location: `${target.url}/v1/chat/completions?token=secret` });
        res.end();
      });
      const error = await createChatCompletion(pinned(edge.url, { maxRetries: 3 }), CHAT).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        name: 'APIStatusError',
        code: 'redirect_refused',
        status,
        retryable: false,
        headers: { location: target.url },
      });
      expect((error as Error).message).toContain(target.url);
      expect(JSON.stringify(error)).not.toContain('secret');
      expect((error as Error).message).not.toContain('secret');
      expect(target.requests).toHaveLength(0);
      expect(edge.requests).toHaveLength(1);
    });
  }

  it("a browser's opaque redirect (status 0) is refused the same way", async () => {
    let calls = 0;
    // What a browser's fetch gives for a redirect under `redirect: 'manual'`: no status, no headers.
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      ok: false,
      headers: new Headers(),
      body: null,
    };
    const client = new PolarGridEdge({
      apiKey: KEY,
      baseURL: 'https://edge.example',
      fetch: async (_url, init) => {
        calls++;
        expect(init?.redirect).toBe('manual');
        return opaque as unknown as Response;
      },
    });
    const error = await createChatCompletion(client, CHAT).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'redirect_refused', status: undefined, retryable: false });
    expect((error as Error).message).toContain('a location the browser hides');
    expect(calls).toBe(1);
  });

  it('a redirecting autorouter is not followed: the fallback region is used', async () => {
    const elsewhere = await server((_q, res) =>
      json(res, 200, { region: 'yto-01', endpoint: 'http://127.0.0.1:1', ttl: 60 }),
    );
    const autorouter = await server((_q, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/route` });
      res.end();
    });
    const yul = await server((_q, res) => json(res, 200, chatCompletion('from yul')));
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: autorouter.url,
      edgeURLs: { 'yul-01': yul.url },
    });
    const out = await createChatCompletion(client, CHAT);
    expect(out.meta).toMatchObject({ region: 'yul-01', routeSource: 'fallback' });
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('rule 9: huge timeouts mean "very long", never "now"', () => {
  for (const huge of [1e12, Number.MAX_SAFE_INTEGER, 2 ** 31, Infinity]) {
    it(`timeout and streamIdleTimeout of ${huge}`, async () => {
      const edge = await server(async (req, res) => {
        await new Promise((r) => setTimeout(r, 100));
        if (req.headers.accept === 'text/event-stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(sseChunk(chatChunk('a')));
          await new Promise((r) => setTimeout(r, 100));
          res.write(sseChunk(chatChunk(undefined, 'stop')));
          res.end(sseChunk('[DONE]'));
        } else json(res, 200, chatCompletion('whole'));
      });
      const client = pinned(edge.url, { timeout: huge, streamIdleTimeout: huge });
      expect((await createChatCompletion(client, CHAT)).result.text).toBe('whole');
      const { events } = await streamChatCompletion(client, CHAT);
      expect((await collect(events)).at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
      expect(edge.requests).toHaveLength(2);
    });
  }
});

describe('rule 10: job polling is bounded', () => {
  const processing = async (pollTimes: number[]) =>
    server((req, res) => {
      if (req.method === 'POST') json(res, 202, { job_id: 'job_42', status: 'queued' });
      else {
        pollTimes.push(Date.now());
        json(res, 200, { job_id: 'job_42', status: 'processing' });
      }
    });

  it('a job never done ends in a TimeoutError carrying the job id, with growing waits', async () => {
    const polls: number[] = [];
    const edge = await processing(polls);
    const { ms, error } = await timed(
      transcribeAsync(
        pinned(edge.url),
        new Blob(['x']),
        { model: 'whisper-large-v3-turbo' },
        { pollIntervalMs: 50, pollTimeoutMs: 800 },
      ),
    );
    expect(error).toMatchObject({
      name: 'TimeoutError',
      code: 'job_timeout',
      details: { jobId: 'job_42', status: 'processing' },
      retryable: false,
    });
    expect((error as Error).message).toContain('job_42');
    expect(ms).toBeLessThan(800 + 2000);
    // Backoff: waits of 50, 75, 112, 169, … ms, so far fewer polls than 800 / 50.
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls.length).toBeLessThan(12);
    expect(polls[2]! - polls[1]!).toBeGreaterThan(polls[1]! - polls[0]! - 20);
  });

  it("the caller's abort stops polling with an AbortError", async () => {
    const polls: number[] = [];
    const edge = await processing(polls);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { ms, error } = await timed(
      transcribeAsync(
        pinned(edge.url),
        new Blob(['x']),
        { model: 'whisper-large-v3-turbo' },
        { pollIntervalMs: 50, signal: controller.signal },
      ),
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(ms).toBeLessThan(300 + 2000);
    const count = polls.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(polls).toHaveLength(count);
  });
});

describe('the autorouter says no edge serves the model', () => {
  // An id the catalogue does not know (a retired one is refused before the network).
  it('is exactly that error, after one request, with no edge contacted', async () => {
    const autorouter = await server((_q, res) =>
      json(res, 404, { detail: 'No edge serves model qwen-2.0-gone' }),
    );
    const yul = await server((_q, res) => json(res, 200, chatCompletion('should not happen')));
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: autorouter.url,
      edgeURLs: { 'yul-01': yul.url },
    });
    const error = await createChatCompletion(client, { ...CHAT, model: 'qwen-2.0-gone' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'NotFoundError',
      code: 'model_not_served',
      status: 404,
      model: 'qwen-2.0-gone',
      retryable: false,
    });
    expect((error as Error).message).toContain('No PolarGrid edge serves model "qwen-2.0-gone"');
    expect((error as Error).message).not.toContain('yul-01');
    expect(autorouter.requests).toHaveLength(1);
    expect(yul.requests).toHaveLength(0);
  });

  it('a 404 to a lookup without a model still falls back', async () => {
    const autorouter = await server((_q, res) => json(res, 404, { detail: 'No edge available' }));
    const yul = await server((_q, res) => json(res, 200, { data: [] }));
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: autorouter.url,
      edgeURLs: { 'yul-01': yul.url },
    });
    const out = await listModels(client);
    expect(out.meta).toMatchObject({ region: 'yul-01', routeSource: 'fallback' });
  });
});
