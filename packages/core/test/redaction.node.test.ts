import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../src/stream/events.js';
import {
  CHAT,
  chatCompletion,
  chatChunk,
  json,
  sseChunk,
  startServer,
  type TestServer,
} from './helpers/server.js';
import { createChatCompletion, streamChatCompletion, PolarGridEdge } from '../src/index.js';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>) {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** What Node's real `console.error` prints for `value`. */
function consoleErrorOf(value: unknown): string {
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  new Console({ stdout: sink, stderr: sink }).error(value);
  return out;
}

/** Every way a user may print or serialise an error. */
function everyViewOf(error: unknown): string[] {
  return [
    JSON.stringify(error),
    inspect(error, { depth: 20 }),
    consoleErrorOf(error),
    String(error),
    String((error as Error).stack),
  ];
}

/** A client for `url` with `key`, as a value or a function. */
const clientFor = (url: string, key: string | (() => Promise<string>)) =>
  new PolarGridEdge({ apiKey: key, baseURL: url, maxRetries: 0 });

/**
 * Keys of every shape the library accepts (any non-space Latin-1 text after `pg_`, as a header
 * can carry): the pattern alone misses the last one, the registry catches it.
 */
const KEYS = ['pg_live.AbC.def', 'pg_AbC+d/e=', 'pg_clé.ÀÉ_42', 'pg_q"uo,ted}key'];

describe('a hostile edge echoing the key (rule 2)', () => {
  it.each(KEYS)('2xx {"error": …} body echoing %s', async (key) => {
    const edge = await server((req, res) =>
      json(res, 200, {
        error: {
          message: `key ${req.headers.authorization} is not allowed`,
          code: 'bad_key',
          details: [{ echoed: [req.headers.authorization?.slice(7)] }],
        },
      }),
    );
    const error = await createChatCompletion(clientFor(edge.url, key), CHAT).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'StreamError', code: 'bad_key' });
    const secretPart = key.slice(3);
    for (const view of [
      ...everyViewOf(error),
      JSON.stringify((error as { details: unknown }).details),
    ])
      expect(view).not.toContain(secretPart);
  });

  it.each(KEYS)('in-stream error echoing %s, from a key function', async (key) => {
    const edge = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseChunk(chatChunk('Hi')));
      res.end(
        sseChunk({
          error: { message: `revoked: ${req.headers.authorization}`, extra: { k: [[key]] } },
        }),
      );
    });
    const { events } = await streamChatCompletion(
      clientFor(edge.url, async () => key),
      CHAT,
    );
    const seen: ChatStreamEvent[] = [];
    for await (const event of events) seen.push(event);
    const errorEvent = seen.find((e) => e.type === 'error');
    expect(errorEvent).toBeDefined();
    const error = (errorEvent as { error: unknown }).error;
    for (const view of [
      ...everyViewOf(error),
      JSON.stringify((error as { details: unknown }).details),
    ])
      expect(view).not.toContain(key.slice(3));
  });

  it('an error status echoing the key in body and headers', async () => {
    const key = 'pg_live.AbC.def';
    const edge = await server((req, res) =>
      json(
        res,
        401,
        { detail: `Invalid token ${req.headers.authorization}` },
        { 'x-echo': String(req.headers.authorization), 'set-cookie': 'sid=secret-cookie' },
      ),
    );
    const error = await createChatCompletion(clientFor(edge.url, key), CHAT).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AuthenticationError', status: 401 });
    const e = error as { headers: Record<string, string>; responseBody: string };
    expect(e.headers['x-echo']).toBe('Bearer pg_[redacted]');
    expect(e.headers['set-cookie']).toBe('[redacted]');
    for (const view of [...everyViewOf(error), e.responseBody, JSON.stringify(e.headers)]) {
      expect(view).not.toContain('AbC.def');
      expect(view).not.toContain('secret-cookie');
    }
  });

  it('response headers on a result are redacted too', async () => {
    const key = 'pg_AbC+d/e=';
    const edge = await server((req, res) =>
      json(res, 200, chatCompletion('ok'), {
        'x-echo': String(req.headers.authorization),
        'x-request-id': 'req-9',
      }),
    );
    const { meta } = await createChatCompletion(clientFor(edge.url, key), CHAT);
    expect(meta.headers['x-echo']).toBe('Bearer pg_[redacted]');
    expect(meta.requestId).toBe('req-9');
    // The key did go to the edge: redaction is about what is shown, not what is sent.
    expect(edge.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
  });

  it('a key inside a cause (a fetch that throws it) never prints', async () => {
    const key = 'pg_q"uo,ted}key';
    const client = new PolarGridEdge({
      apiKey: key,
      baseURL: 'http://127.0.0.1:1',
      maxRetries: 0,
      fetch: async (_url, init) => {
        const auth = new Headers(init?.headers).get('authorization');
        throw new Error(`proxy refused ${auth}`, { cause: { sent: auth } });
      },
    });
    const error = await createChatCompletion(client, CHAT).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'NetworkError' });
    // The cause is kept as it was for code that inspects it…
    expect(String((error as Error & { cause: Error }).cause.message)).toContain('uo,ted');
    // …but no printed or serialised view shows it.
    for (const view of everyViewOf(error)) expect(view).not.toContain('uo,ted');
  });
});

describe('keys a header cannot carry', () => {
  it('a key with non-Latin-1 characters is refused as malformed, not sent and retried', async () => {
    const key = 'pg_ключ_секрет_42';
    expect(() => clientFor('http://127.0.0.1:1', key)).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', code: 'invalid_api_key' }),
    );
    const error = await createChatCompletion(
      clientFor('http://127.0.0.1:1', async () => key),
      CHAT,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigurationError', code: 'invalid_api_key' });
    for (const view of everyViewOf(error)) expect(view).not.toContain('секрет');
  });
});

describe('URLs with credentials (rule 2)', () => {
  it('are refused in every URL option, without printing the user or password', () => {
    const url = 'https://alice:hunter2@edge.example';
    for (const options of [
      { baseURL: url },
      { autorouterURL: url },
      { edgeURLs: { 'yto-01': url } },
      { baseURL: 'http://:hunter2@127.0.0.1:9/v1' },
    ]) {
      let error: unknown;
      try {
        new PolarGridEdge({ apiKey: 'pg_test_key_1', ...options });
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(Object.keys(options))).toMatchObject({
        name: 'ConfigurationError',
        code: 'credentials_in_url',
      });
      for (const view of everyViewOf(error)) {
        expect(view).not.toContain('hunter2');
        expect(view).not.toContain('alice');
      }
    }
  });
});
