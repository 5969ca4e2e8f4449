import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';
import { type ChatChunk, chunksOf, client, contentOf, parseSse, user } from './helpers.js';

let emulator: EdgeEmulator;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
  c = client(emulator);
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator.close());

const body = { messages: user('Tell me about the northern lights'), stream: true };

/** Reads a stream until it ends or breaks; returns the text received and how it ended. */
async function readAll(res: Response): Promise<{ text: string; ended: 'eof' | 'error' }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, ended: 'eof' };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, ended: 'error' };
  }
}

describe('faults before headers', () => {
  it('rate-limit: 429 with Retry-After and the documented body', async () => {
    const res = await c.chat(body, { 'x-pg-emulator-fault': 'rate-limit;retryAfter=7' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({
      error: {
        message: 'Rate limit exceeded',
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
      },
    });
  });

  it.each([500, 502, 503, 504])('server-error %i', async (status) => {
    const res = await c.chat(body, { 'x-pg-emulator-fault': `server-error;status=${status}` });
    expect(res.status).toBe(status);
    expect(typeof ((await res.json()) as { detail: unknown }).detail).toBe('string');
  });

  it('reset-before-headers destroys the connection', async () => {
    await expect(c.chat(body, { 'x-pg-emulator-fault': 'reset-before-headers' })).rejects.toThrow();
  });

  it('cloudfront-403, model-not-loaded and billing answer their documented bodies', async () => {
    const cf = await c.chat(body, { 'x-pg-emulator-fault': 'cloudfront-403' });
    expect(cf.status).toBe(403);
    expect(await cf.json()).toEqual({ Message: null });
    const nl = await c.chat(body, { 'x-pg-emulator-fault': 'model-not-loaded' });
    expect(nl.status).toBe(404);
    expect(await nl.json()).toEqual({
      error: {
        message: 'Model not loaded: qwen-3.8-27b',
        type: 'not_found_error',
        code: 'model_not_loaded',
      },
    });
    const billing = await c.chat(body, { 'x-pg-emulator-fault': 'billing' });
    expect(billing.status).toBe(402);
    expect(await billing.json()).toEqual({ detail: 'Billing access denied' });
  });

  it('edge-dead in the header drops the connection', async () => {
    await expect(c.chat(body, { 'x-pg-emulator-fault': 'edge-dead' })).rejects.toThrow();
  });

  it('rejects an unknown fault kind loudly', async () => {
    const res = await c.chat(body, { 'x-pg-emulator-fault': 'gremlins' });
    expect(res.status).toBe(400);
  });
});

describe('faults inside the stream', () => {
  it('reset-mid-stream cuts the connection after N chunks', async () => {
    const res = await c.chat(body, { 'x-pg-emulator-fault': 'reset-mid-stream;afterChunks=3' });
    expect(res.status).toBe(200);
    const { text, ended } = await readAll(res);
    expect(ended).toBe('error');
    expect(parseSse(text)).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
  });

  it('stall stops writing for ms, then continues', async () => {
    const started = Date.now();
    const res = await c.chat(body, { 'x-pg-emulator-fault': 'stall;afterChunks=2;ms=300' });
    const { text, ended } = await readAll(res);
    expect(ended).toBe('eof');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(text).toContain('[DONE]');
  });

  it('stall without ms waits until the client gives up', async () => {
    const controller = new AbortController();
    const res = await c.chat(body, { 'x-pg-emulator-fault': 'stall;afterChunks=2' });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const timer = setTimeout(() => controller.abort(), 300);
    const outcome = await Promise.race([
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return 'ended';
          received += new TextDecoder().decode(value);
        }
      })(),
      new Promise<string>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve('stalled')),
      ),
    ]);
    clearTimeout(timer);
    await reader.cancel();
    expect(outcome).toBe('stalled');
    expect(parseSse(received)).toHaveLength(2);
  });

  it('malformed-chunk inserts a bad line and the stream continues', async () => {
    const res = await c.chat(body, { 'x-pg-emulator-fault': 'malformed-chunk;afterChunks=2' });
    const text = await res.text();
    const events = parseSse(text);
    expect(events[2]?.data).toBe('{not json');
    expect(events.some((e) => e.data === '[DONE]')).toBe(true);
    expect(contentOf(chunksOf(events))).toContain('northern lights');
  });

  it('stream-error sends an error object inside the 200 stream, then ends', async () => {
    const res = await c.chat(body, {
      'x-pg-emulator-fault': 'stream-error;afterChunks=3;message=GPU fell over;code=gpu_error',
    });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    expect(events).toHaveLength(4);
    expect(JSON.parse(events[3]?.data ?? '')).toEqual({
      error: { message: 'GPU fell over', type: 'server_error', code: 'gpu_error' },
    });
  });

  it('no-finish ends the stream without finish_reason and without [DONE]', async () => {
    const res = await c.chat(
      { ...body, stream_options: { include_usage: true } },
      { 'x-pg-emulator-fault': 'no-finish' },
    );
    const { text, ended } = await readAll(res);
    expect(ended).toBe('eof');
    const chunks = chunksOf(parseSse(text)) as ChatChunk[];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.some((ch) => ch.choices[0]?.finish_reason)).toBe(false);
    expect(text).not.toContain('[DONE]');
  });

  it('reset-mid-stream and stall also apply to non-stream bodies', async () => {
    await expect(
      c
        .chat({ messages: user('hi') }, { 'x-pg-emulator-fault': 'reset-mid-stream' })
        .then((r) => r.text()),
    ).rejects.toThrow();
  });
});

describe('rules on the handle', () => {
  it('applies to a region and path, `times` times, and can be removed', async () => {
    const rule = emulator.inject({
      kind: 'server-error',
      status: 503,
      region: 'yto-01',
      path: '/chat',
      times: 2,
    });
    expect((await c.chat({ messages: user('hi') })).status).toBe(503);
    expect((await client(emulator, 'yul-01').chat({ messages: user('hi') })).status).toBe(200);
    expect((await c.get('/v1/models')).status).toBe(200);
    expect((await c.chat({ messages: user('hi') })).status).toBe(503);
    expect((await c.chat({ messages: user('hi') })).status).toBe(200);
    const forever = emulator.inject({ kind: 'rate-limit', retryAfter: 2 });
    expect((await c.chat({ messages: user('hi') })).status).toBe(429);
    expect((await c.chat({ messages: user('hi') })).status).toBe(429);
    forever.remove();
    rule.remove();
    expect((await c.chat({ messages: user('hi') })).status).toBe(200);
  });

  it('honours a time window', async () => {
    emulator.inject({ kind: 'server-error', from: Date.now() + 60_000 });
    expect((await c.chat({ messages: user('hi') })).status).toBe(200);
    emulator.clearFaults();
    emulator.inject({ kind: 'server-error', until: Date.now() - 1 });
    expect((await c.chat({ messages: user('hi') })).status).toBe(200);
  });

  it('stream faults work as rules too', async () => {
    emulator.inject({ kind: 'stream-error', afterChunks: 1, times: 1 });
    const events = parseSse(await (await c.chat(body)).text());
    expect(events).toHaveLength(2);
    expect(events[1]?.data).toContain('"error"');
  });

  it('edge-dead refuses connections until removed; setEdgeDown does the same', async () => {
    const dead = emulator.inject({ kind: 'edge-dead', region: 'yul-01' });
    await dead.ready;
    const refused = await client(emulator, 'yul-01')
      .get('/v1/models')
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error & { cause?: { code?: string } }).cause?.code)).toBe(
      'ECONNREFUSED',
    );
    dead.remove();
    await new Promise((r) => setTimeout(r, 50));
    expect((await client(emulator, 'yul-01').get('/v1/models')).status).toBe(200);
    await emulator.setEdgeDown('yul-01', true);
    await expect(client(emulator, 'yul-01').get('/v1/models')).rejects.toThrow();
    await emulator.setEdgeDown('yul-01', false);
    expect((await client(emulator, 'yul-01').get('/v1/models')).status).toBe(200);
  });

  it('clearFaults then an immediate edge-dead rule leaves the edge down (toggles keep order)', async () => {
    emulator.inject({ kind: 'edge-dead', region: 'yul-01' });
    const cleared = emulator.clearFaults();
    const again = emulator.inject({ kind: 'edge-dead', region: 'yul-01' });
    await cleared;
    await again.ready;
    await expect(client(emulator, 'yul-01').get('/v1/models')).rejects.toThrow();
    again.remove();
    await emulator.clearFaults();
    expect((await client(emulator, 'yul-01').get('/v1/models')).status).toBe(200);
  });
});

describe('autorouter faults', () => {
  it('autorouter-slow delays the answer', async () => {
    emulator.inject({ kind: 'autorouter-slow', ms: 250, times: 1 });
    const started = Date.now();
    const res = await fetch(`${emulator.autorouterURL}/v1/route`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('autorouter-dead resets the connection, or answers a status', async () => {
    emulator.inject({ kind: 'autorouter-dead', times: 1 });
    await expect(fetch(`${emulator.autorouterURL}/v1/route`)).rejects.toThrow();
    emulator.inject({ kind: 'autorouter-dead', status: 503, times: 1 });
    expect((await fetch(`${emulator.autorouterURL}/v1/route`)).status).toBe(503);
    expect((await fetch(`${emulator.autorouterURL}/v1/route`)).status).toBe(200);
  });

  it('edge rules do not touch the autorouter, and autorouter rules do not touch edges', async () => {
    emulator.inject({ kind: 'server-error' });
    expect((await fetch(`${emulator.autorouterURL}/v1/route`)).status).toBe(200);
    emulator.clearFaults();
    emulator.inject({ kind: 'autorouter-dead' });
    expect((await c.chat({ messages: user('hi') })).status).toBe(200);
  });

  it('cloudfront-403 on the autorouter by header', async () => {
    const res = await fetch(`${emulator.autorouterURL}/v1/route`, {
      headers: { 'x-pg-emulator-fault': 'cloudfront-403' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ Message: null });
  });
});

describe('close()', () => {
  it('does not wait for a slow autorouter answer', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const own = await startEdgeEmulator();
    own.inject({ kind: 'autorouter-slow', ms: 60_000 });
    const pending = fetch(`${own.autorouterURL}/v1/route`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 50));
    await own.close();
    expect(await pending).toBe('cut');
    await new Promise((r) => setTimeout(r, 20));
    // The 60 s delay timer was cleared, not left to keep the process alive.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('closes every socket, even one stalled mid-stream', async () => {
    const own = await startEdgeEmulator();
    const url = new URL(`${own.edgeURLs['yto-01']}/v1/chat/completions`);
    const closed = new Promise<string>((resolve) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${own.apiKey}`,
          'x-pg-emulator-fault': 'stall;afterChunks=1',
        },
      });
      req.on('response', (res) => {
        res.on('data', () => {});
        res.on('close', () => resolve('closed'));
      });
      req.on('error', () => resolve('closed'));
      req.end(JSON.stringify({ model: 'qwen-3.8-27b', stream: true, messages: user('hi') }));
    });
    await new Promise((r) => setTimeout(r, 50));
    await own.close();
    expect(await closed).toBe('closed');
    await expect(fetch(`${own.edgeURLs['yto-01']}/health`)).rejects.toThrow();
  });
});

describe('faults on other endpoints', () => {
  it('stream faults apply to the transcription stream', async () => {
    const speech = await client(emulator, 'yvr-02').post('/v1/audio/speech', {
      model: 'kokoro-82m',
      voice: 'af_sarah',
      input: 'one two three four five six seven eight',
      response_format: 'wav',
    });
    const form = new FormData();
    form.append('file', new Blob([await speech.arrayBuffer()]), 'a.wav');
    const res = await fetch(
      `${emulator.edgeURLs['yvr-02']}/v1/audio/transcriptions?model=whisper-large-v3-turbo&stream=true`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${emulator.apiKey}`,
          'x-pg-emulator-fault': 'stream-error;afterChunks=2',
        },
        body: form,
      },
    );
    const events = parseSse(await res.text());
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]?.data ?? '')).toHaveProperty('error.code', 'inference_error');
  });

  it('reset-mid-stream cuts an embeddings body and a speech stream', async () => {
    const embeddings = c.post(
      '/v1/embeddings',
      { model: 'pg-embed-v1', input: 'hello' },
      { 'x-pg-emulator-fault': 'reset-mid-stream' },
    );
    await expect(embeddings.then((r) => r.json())).rejects.toThrow();
    const speech = await client(emulator, 'yvr-02').post(
      '/v1/audio/speech',
      {
        model: 'kokoro-82m',
        voice: 'af_sarah',
        input: 'a fairly long sentence to make several chunks of audio',
        stream: true,
      },
      { 'x-pg-emulator-fault': 'reset-mid-stream;afterChunks=2' },
    );
    expect(speech.status).toBe(200);
    await expect(speech.arrayBuffer()).rejects.toThrow();
  });
});
