/**
 * Issue 21, defects 3 and 4, and issue 22, point 6: hedging saves the answers it exists for.
 * The hedge never goes to an edge the first request used or is using; a leg that ends before
 * its first content (an in-stream error, a cut, warnings only) never decides the race; a new
 * client can hedge at once; the debug line says why a hedge was or was not sent. Purpose-built
 * edges on loopback, and the emulator as the healthy edge.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolarGridEdge } from '../src/connection/polargrid-edge.js';
import { streamChatCompletion } from '../src/endpoints/chat.js';
import type { ChatStreamEvent } from '../src/stream/events.js';
import { startServer, type TestServer } from './helpers/server.js';

const MODEL = 'qwen-3.8-27b';
const CHAT = { model: MODEL, messages: [{ role: 'user' as const, content: 'Say hello' }] };
const ROLE = `data: ${JSON.stringify({ id: 'x', model: MODEL, choices: [{ index: 0, delta: { role: 'assistant' } }] })}\n\n`;

let emulator: EdgeEmulator;
/** Answers 503 (the gateway had no model server): the first request fails over. */
let unavailable: TestServer;
/** Sends headers and a role chunk, then nothing: slow, never a token. */
let stuck: TestServer;
/** Sends a role chunk, then after 600 ms an in-stream error, before any token. */
let errsEarly: TestServer;
/** Sends a role chunk, then after 600 ms cuts the connection, before any token. */
let cutsEarly: TestServer;

beforeAll(async () => {
  // The healthy edge takes 900 ms to its first token: a leg failing at 600 ms fails first.
  emulator = await startEdgeEmulator({ timing: { ttftMs: 900, tokensPerSecond: 0 } });
  unavailable = await startServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'no model server', code: 'unavailable' } }));
  });
  stuck = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(ROLE);
  });
  errsEarly = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(ROLE);
    setTimeout(() => {
      res.end(
        `data: ${JSON.stringify({ error: { message: 'model crashed', code: 'internal' } })}\n\n`,
      );
    }, 600);
  });
  cutsEarly = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(ROLE);
    setTimeout(() => req.socket.destroy(), 600);
  });
});
afterAll(async () => {
  await emulator.close();
  for (const server of [unavailable, stuck, errsEarly, cutsEarly]) await server.close();
});

async function collect(stream: ReadableStream<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}
const textOf = (events: ChatStreamEvent[]) =>
  events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
const chatRequests = (server: TestServer) =>
  server.requests.filter((r) => r.url.startsWith('/v1/chat/completions')).length;

/** A client pinned to `first`, failing over to `fallbacks` in order, with hedging on. */
function client(
  first: string,
  fallbacks: Record<string, string>,
  hedge: Record<string, unknown>,
  logs: string[] = [],
) {
  return new PolarGridEdge({
    apiKey: emulator.apiKey,
    region: 'yto-01',
    edgeURLs: { 'yto-01': first, ...fallbacks },
    fallbackRegions: Object.keys(fallbacks),
    maxRetries: 0,
    maxFailovers: 2,
    streamIdleTimeout: 10_000,
    hedge,
    debug: (line: string) => logs.push(line),
  });
}

async function expectedText(): Promise<string> {
  const plain = await streamChatCompletion(
    new PolarGridEdge({ ...emulator.clientOptions(), region: 'yvr-02' }),
    CHAT,
  );
  return textOf(await collect(plain.events));
}

describe('the hedge goes only to an edge the first request has not used', () => {
  it('after a 503 and a failover to a slow edge, the hedge goes to the third edge (requests per edge 1, 1, 1)', async () => {
    unavailable.requests.length = 0;
    stuck.requests.length = 0;
    emulator.resetRequests();
    const logs: string[] = [];
    const edge = client(
      unavailable.url,
      { 'yul-01': stuck.url, 'yvr-02': emulator.edgeURLs['yvr-02']! },
      // Long enough for the 503 and the failover to be over first, even on a loaded machine.
      { delay: 400, budget: 1 },
      logs,
    );
    const { meta, events } = await streamChatCompletion(edge, CHAT);
    const all = await collect(events);
    expect(meta).toMatchObject({ region: 'yvr-02', hedged: true });
    expect(textOf(all)).toBe(await expectedText());
    expect(chatRequests(unavailable)).toBe(1);
    expect(chatRequests(stuck)).toBe(1);
    expect(
      emulator.requests.filter((r) => r.target === 'yvr-02' && r.path === '/v1/chat/completions'),
    ).toHaveLength(2); // the hedge, and expectedText()'s own request
    expect(logs.join('\n')).toMatch(/Hedge: sent to yvr-02 after 400 ms .*used yto-01, yul-01/);
  });

  it('sends no hedge when no other edge remains, and says so', async () => {
    const logs: string[] = [];
    const edge = client(unavailable.url, { 'yul-01': stuck.url }, { delay: 300, budget: 1 }, logs);
    stuck.requests.length = 0;
    const stream = await streamChatCompletion(edge, CHAT, {
      signal: AbortSignal.timeout(1_200),
    }).catch((error: unknown) => error);
    expect(stream).toBeInstanceOf(Error);
    expect(chatRequests(stuck)).toBe(1);
    expect(logs.join('\n')).toMatch(
      /Hedge: not sent after 300 ms .*no other edge \(the first request used yto-01, yul-01\)/,
    );
  });
});

describe('a leg that ends before its first content never decides the race', () => {
  for (const [name, server] of [
    ['an in-stream error', () => errsEarly],
    ['a cut connection', () => cutsEarly],
  ] as const) {
    it(`the first request's ${name} before any token leaves the race to the healthy hedge`, async () => {
      const edge = client(
        server().url,
        { 'yvr-02': emulator.edgeURLs['yvr-02']! },
        { delay: 100, budget: 1 },
      );
      const { meta, events } = await streamChatCompletion(edge, CHAT);
      const all = await collect(events);
      expect(meta).toMatchObject({ region: 'yvr-02', hedged: true });
      expect(all.some((e) => e.type === 'error')).toBe(false);
      expect(all.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
      expect(textOf(all)).toBe(await expectedText());
    });
  }

  it('when both legs end without content, the caller gets the most informative one: an error over a cut', async () => {
    const edge = client(cutsEarly.url, { 'yul-01': errsEarly.url }, { delay: 50, budget: 1 });
    const { meta, events } = await streamChatCompletion(edge, CHAT);
    const all = await collect(events);
    // The cut says only that the stream ended; the hedge's in-stream error says what went wrong.
    expect(meta).toMatchObject({ region: 'yul-01', hedged: true });
    const error = all.find((e) => e.type === 'error');
    expect(error?.type === 'error' && error.error.message).toMatch(/model crashed/);
  });
});

describe('hedging a user can see', () => {
  it('a fresh client hedges its very first slow request', async () => {
    const logs: string[] = [];
    const edge = client(
      stuck.url,
      { 'yvr-02': emulator.edgeURLs['yvr-02']! },
      { delay: 100 },
      logs,
    );
    const { meta, events } = await streamChatCompletion(edge, CHAT);
    await collect(events);
    expect(meta.hedged).toBe(true);
    expect(logs.join('\n')).toMatch(/Hedged stream: yvr-02 answered first \(the hedge\)/);
  });

  it('says "budget spent" when that is the reason, not "first token before the delay"', async () => {
    const logs: string[] = [];
    const edge = client(
      stuck.url,
      { 'yvr-02': emulator.edgeURLs['yvr-02']! },
      { delay: 50, budget: 0.01 },
      logs,
    );
    for (let i = 0; i < 3; i++) {
      const stream = await streamChatCompletion(edge, CHAT, {
        signal: AbortSignal.timeout(1_500),
      }).catch(() => undefined);
      if (stream) await collect(stream.events);
    }
    const text = logs.join('\n');
    expect(text.match(/Hedge: sent to yvr-02/g)).toHaveLength(2);
    expect(text).toMatch(
      /Hedge: not sent after 50 ms without a first token: the hedge budget is spent/,
    );
    expect(text).not.toMatch(/before the hedge delay/);
  });

  it('says the first token came before the delay when it did', async () => {
    const logs: string[] = [];
    const edge = client(
      emulator.edgeURLs['yvr-02']!,
      { 'yul-01': stuck.url },
      { delay: 5_000 },
      logs,
    );
    const { events } = await streamChatCompletion(edge, CHAT);
    await collect(events);
    expect(logs.join('\n')).toMatch(
      /Hedge: not needed; first token from yto-01 in \d+ ms, before the hedge delay \(5000 ms\)/,
    );
  });
});
