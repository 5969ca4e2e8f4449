import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PolarGrid } from '../src/sdk.js';
import { CHAT, chatCompletion, json, KEY, startServer, type TestServer } from './helpers/server.js';
import { createChatCompletion, streamChatCompletion, health, PolarGridEdge } from '../src/index.js';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>) {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const pinned = (url: string, extra: Record<string, unknown> = {}) =>
  new PolarGridEdge({ apiKey: KEY, region: 'yto-01', edgeURLs: { 'yto-01': url }, ...extra });

describe('retries', () => {
  it('retries a 429 after the Retry-After seconds', async () => {
    const at: number[] = [];
    const edge = await server((_q, res, _b, i) => {
      at.push(Date.now());
      if (i === 0)
        json(
          res,
          429,
          {
            error: {
              message: 'Rate limit exceeded',
              type: 'rate_limit_error',
              code: 'rate_limit_exceeded',
            },
          },
          { 'retry-after': '1' },
        );
      else json(res, 200, chatCompletion('ok'));
    });
    const lines: string[] = [];
    const out = await createChatCompletion(
      pinned(edge.url, {
        debug: (m: string) => lines.push(m),
      }),
      CHAT,
    );
    expect(out.meta.attempts).toBe(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    expect(lines).toContain('Retry 1/3 in 1000 ms after 429 from yto-01');
  });

  it('honours an HTTP-date Retry-After and retry-after-ms', async () => {
    const at: number[] = [];
    const edge = await server((_q, res, _b, i) => {
      at.push(Date.now());
      if (i === 0) json(res, 429, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      else if (i === 1) json(res, 429, {}, { 'retry-after-ms': '600', 'retry-after': '30' });
      else json(res, 200, chatCompletion('ok'));
    });
    const out = await createChatCompletion(pinned(edge.url), CHAT);
    expect(out.meta.attempts).toBe(3);
    // HTTP dates have 1 s resolution: at least ~1 s, and retry-after-ms wins over retry-after.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(900);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(550);
    expect(at[2]! - at[1]!).toBeLessThan(10_000);
  });

  it('retries retryable 5xx up to maxRetries, then throws ServerError with the status', async () => {
    const edge = await server((_q, res) =>
      json(res, 500, { detail: 'boom' }, { 'x-request-id': 'req-42' }),
    );
    const client = pinned(edge.url, { maxRetries: 2, maxFailovers: 0 });
    const error = await createChatCompletion(client, CHAT).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ServerError',
      status: 500,
      requestId: 'req-42',
      region: 'yto-01',
      retryable: true,
    });
    expect(edge.requests).toHaveLength(3);
  }, 10_000);

  it('lets a request override maxRetries (0 = no retry, as the adapters use)', async () => {
    const edge = await server((_q, res) => json(res, 429, {}, { 'retry-after': '0' }));
    await expect(
      createChatCompletion(pinned(edge.url), CHAT, { maxRetries: 0 }),
    ).rejects.toMatchObject({
      name: 'RateLimitError',
      retryAfter: 0,
    });
    expect(edge.requests).toHaveLength(1);
  });

  it('does not retry 4xx other than 429', async () => {
    const edge = await server((_q, res) =>
      json(res, 400, { detail: [{ loc: ['body', 'max_tokens'], msg: 'too big' }] }),
    );
    const error = await createChatCompletion(pinned(edge.url), CHAT).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ValidationError',
      status: 400,
      message: expect.stringContaining('max_tokens: too big'),
    });
    expect(edge.requests).toHaveLength(1);
  });
});

describe('timeouts and aborts', () => {
  it('turns a per-attempt timeout into TimeoutError', async () => {
    const edge = await server(async (_q, res) => {
      await new Promise((r) => setTimeout(r, 2000));
      json(res, 200, chatCompletion('late'));
    });
    const error = await createChatCompletion(
      pinned(edge.url, { timeout: 150, maxRetries: 0 }),
      CHAT,
    ).catch((e: unknown) => e);
    // Not retryable (issue 13 rule 6): a POST that timed out may still be generating.
    expect(error).toMatchObject({ name: 'TimeoutError', region: 'yto-01', retryable: false });
  });

  it("carries the caller's abort to the socket (the server sees the connection close) and never retries", async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => {
      closed = r;
    });
    const edge = await server((req, res) => {
      res.on('close', () => closed());
      req.socket.on('close', () => closed());
    });
    const controller = new AbortController();
    const pending = createChatCompletion(pinned(edge.url), CHAT, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await serverSawClose;
    expect(edge.requests).toHaveLength(1);
  });

  it('aborts a stream mid-body: events error with AbortError and the socket closes', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => {
      closed = r;
    });
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] })}\n\n`,
      );
      res.on('close', () => closed());
    });
    const controller = new AbortController();
    const { events } = await streamChatCompletion(pinned(edge.url), CHAT, {
      signal: controller.signal,
    });
    const reader = events.getReader();
    let sawText = false;
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.type === 'text-delta') {
          sawText = true;
          controller.abort();
        }
        if (value.type === 'error') {
          failure = value.error;
          break;
        }
      }
    } catch (e) {
      failure = e;
    }
    expect(sawText).toBe(true);
    expect(failure).toMatchObject({ name: 'AbortError' });
    await serverSawClose;
  });

  it('an already-aborted signal makes no request', async () => {
    const edge = await server((_q, res) => json(res, 200, chatCompletion('x')));
    await expect(
      createChatCompletion(pinned(edge.url), CHAT, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(edge.requests).toHaveLength(0);
  });
});

describe('the API key', () => {
  it('is required: ConfigurationError naming apiKey and POLARGRID_API_KEY, before any network call', async () => {
    vi.stubEnv('POLARGRID_API_KEY', '');
    const router = await server((_q, res) => json(res, 200, {}));
    const client = new PolarGridEdge({ autorouterURL: router.url });
    const error = await createChatCompletion(client, CHAT).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigurationError', code: 'missing_api_key' });
    expect((error as Error).message).toContain('apiKey');
    expect((error as Error).message).toContain('POLARGRID_API_KEY');
    expect(router.requests).toHaveLength(0);
  });

  it('is read from POLARGRID_API_KEY', async () => {
    vi.stubEnv('POLARGRID_API_KEY', KEY);
    const edge = await server((_q, res) => json(res, 200, chatCompletion('x')));
    await createChatCompletion(new PolarGridEdge({ baseURL: edge.url }), CHAT);
    expect(edge.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('may come from a (async) function, validated per request', async () => {
    const edge = await server((_q, res) => json(res, 200, chatCompletion('x')));
    await createChatCompletion(
      new PolarGridEdge({ baseURL: edge.url, apiKey: async () => KEY }),
      CHAT,
    );
    expect(edge.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    await expect(
      createChatCompletion(new PolarGridEdge({ baseURL: edge.url, apiKey: () => 'sk-nope' }), CHAT),
    ).rejects.toMatchObject({
      name: 'ConfigurationError',
      code: 'invalid_api_key',
    });
    expect(edge.requests).toHaveLength(1);
  });

  it('must look like a pg_ key', () => {
    expect(() => new PolarGridEdge({ apiKey: 'sk-123' })).toThrow(/start with "pg_"/);
    expect(() => new PolarGridEdge({ apiKey: 'pg_' })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError' }),
    );
  });

  it('never appears in errors, debug logs, toJSON or inspect output', async () => {
    const edge = await server((req, res) =>
      // A hostile server echoes the Authorization header back in its error body.
      json(res, 401, {
        error: { message: `bad token ${req.headers.authorization}`, type: 'authentication_error' },
      }),
    );
    const logs: string[] = [];
    const spy = vi.spyOn(console, 'debug').mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
    });
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': edge.url },
      debug: true,
    });
    const error = (await createChatCompletion(client, CHAT).catch((e: unknown) => e)) as Error & {
      responseBody?: string;
    };
    spy.mockRestore();
    expect(error).toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      type: 'authentication_error',
    });
    const sdk = new PolarGrid({ apiKey: KEY, region: 'yto-01' });
    const surfaces = [
      error.message,
      error.stack ?? '',
      JSON.stringify(error),
      String(error.responseBody),
      inspect(error),
      JSON.stringify(client),
      inspect(client, { showHidden: true, depth: 10 }),
      String(client),
      JSON.stringify(sdk),
      inspect(sdk, { depth: 10 }),
      ...logs,
    ];
    for (const text of surfaces) expect(text).not.toContain(KEY);
    expect(JSON.stringify(client)).toContain('[redacted]');
  });
});

describe('browser pages', () => {
  it('refuse a key without dangerouslyAllowBrowser, explaining why', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(() => new PolarGridEdge({ apiKey: KEY })).toThrow(
      /anyone who loads the page can read it/,
    );
    expect(() => new PolarGridEdge({ apiKey: KEY })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', code: 'browser_key' }),
    );
    expect(() => new PolarGridEdge({ apiKey: KEY, dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it('workers (no window/document) are not pages', () => {
    vi.stubGlobal('self', {});
    expect(() => new PolarGridEdge({ apiKey: KEY })).not.toThrow();
  });
});

describe('headers', () => {
  it('sends the client header and merges client and request headers; health sends no key', async () => {
    const edge = await server((req, res) => {
      if (req.url === '/health') json(res, 200, { status: 'healthy' });
      else json(res, 200, chatCompletion('x'));
    });
    const client = new PolarGridEdge({
      apiKey: KEY,
      baseURL: edge.url,
      clientName: 'test/1.0',
      headers: async () => ({ 'x-a': '1', 'x-b': '1' }),
    });
    await createChatCompletion(client, CHAT, {
      headers: { 'x-b': '2', Authorization: 'Bearer evil' },
    });
    const h = edge.requests[0]!.headers;
    expect(h['x-polargrid-client']).toBe('polargrid-core/0.1.0 test/1.0');
    expect(h['x-a']).toBe('1');
    expect(h['x-b']).toBe('2');
    expect(h.authorization).toBe(`Bearer ${KEY}`);
    const status = await health(client, { headers: { authorization: 'Bearer x' } });
    expect(status.data.status).toBe('healthy');
    expect(edge.requests[1]!.url).toBe('/health');
    expect(edge.requests[1]!.headers.authorization).toBeUndefined();
  });
});

describe('stream timing', () => {
  it('the per-attempt timeout covers only the headers: a long stream is not cut', async () => {
    const edge = await server(async (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of ['a', 'b', 'c']) {
        res.write(
          `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
        );
        await new Promise((r) => setTimeout(r, 150));
      }
      res.write(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
    const { events } = await streamChatCompletion(pinned(edge.url, { timeout: 100 }), CHAT);
    const seen = [];
    for await (const e of events) seen.push(e);
    expect(seen.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('streamIdleTimeout ends a stalled stream with a TimeoutError event', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] })}\n\n`,
      );
    });
    const { events } = await streamChatCompletion(
      pinned(edge.url, { streamIdleTimeout: 150 }),
      CHAT,
    );
    const seen = [];
    for await (const e of events) seen.push(e);
    expect(seen.at(-1)).toMatchObject({ type: 'error', error: { name: 'TimeoutError' } });
  });

  it('a non-streamed body that stalls after its headers times out like a stream', async () => {
    const edge = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-1","choices":[');
    });
    await expect(
      createChatCompletion(pinned(edge.url, { streamIdleTimeout: 150 }), CHAT),
    ).rejects.toMatchObject({ name: 'TimeoutError', code: 'stream_stalled', region: 'yto-01' });
  });
});
