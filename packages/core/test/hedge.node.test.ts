import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors/error-classes.js';
import type { ChatStreamEvent } from '../src/stream/events.js';
import { startServer, type TestServer } from './helpers/server.js';
import { createChatCompletion, streamChatCompletion, PolarGridEdge } from '../src/index.js';

const MODEL = 'qwen-3.8-27b';
const CHAT = { model: MODEL, messages: [{ role: 'user' as const, content: 'Say hello' }] };

let emulator: EdgeEmulator;
/** An edge that answers a stream's headers and its role chunk, then never sends a token. */
let stuck: TestServer;

beforeAll(async () => {
  emulator = await startEdgeEmulator({ timing: { ttftMs: 20, tokensPerSecond: 0 } });
  stuck = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(
      `data: ${JSON.stringify({ id: 'stuck', model: MODEL, choices: [{ index: 0, delta: { role: 'assistant' } }] })}\n\n`,
    );
  });
});
afterAll(async () => {
  await emulator.close();
  await stuck.close();
});
afterEach(() => {
  for (const region of Object.keys(emulator.edgeURLs)) emulator.setEdgeLatency(region, {});
  emulator.resetRequests();
  stuck.requests.length = 0;
});

/** A client pinned to the stuck edge (`yto-01`), with the emulator's Montreal as its fallback. */
function clientWithStuckPrimary(extra: Record<string, unknown> = {}) {
  return new PolarGridEdge({
    apiKey: emulator.apiKey,
    region: 'yto-01',
    edgeURLs: { 'yto-01': stuck.url, 'yul-01': emulator.edgeURLs['yul-01']! },
    fallbackRegions: ['yul-01'],
    maxRetries: 0,
    streamIdleTimeout: 10_000,
    ...extra,
  });
}

async function collect(stream: ReadableStream<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const out: ChatStreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

const textOf = (events: ChatStreamEvent[]) =>
  events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');

async function waitFor(check: () => boolean, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('hedged first tokens', () => {
  it('answers from the hedge when the first edge gives no token, and closes the loser', async () => {
    const plain = await streamChatCompletion(
      new PolarGridEdge({
        ...emulator.clientOptions(),
        region: 'yul-01',
      }),
      CHAT,
    );
    const expected = textOf(await collect(plain.events));

    const client = clientWithStuckPrimary({ hedge: { delay: 100, budget: 1 } });
    const started = Date.now();
    const { meta, events } = await streamChatCompletion(client, CHAT);
    const all = await collect(events);

    expect(meta).toMatchObject({ region: 'yul-01', hedged: true });
    expect(all.at(-1)).toMatchObject({ type: 'finish', reason: 'stop' });
    // Exactly one answer: the hedge's, never mixed with the stuck edge's chunks.
    expect(textOf(all)).toBe(expected);
    expect(all.filter((e) => e.type === 'metadata')).toHaveLength(1);
    expect(all.find((e) => e.type === 'metadata')).not.toMatchObject({ id: 'stuck' });
    expect(Date.now() - started).toBeLessThan(3_000);
    // The stuck edge got the request and its connection was closed by the client.
    expect(stuck.requests).toHaveLength(1);
    await waitFor(() => stuck.clientClosed >= 1);
  });

  it('does not hedge a stream whose first token comes before the delay', async () => {
    const client = new PolarGridEdge({
      ...emulator.clientOptions(),
      hedge: { delay: 2_000, budget: 1 },
    });
    const { meta, events } = await streamChatCompletion(client, CHAT);
    await collect(events);
    expect(meta.hedged).toBeUndefined();
    expect(emulator.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
  });

  it('never hedges more than the budget allows', async () => {
    const client = clientWithStuckPrimary({ hedge: { delay: 30, budget: 0.25 } });
    const hedged: (boolean | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      // A hedged stream resolves at its first token: without a hedge it never comes, and the
      // caller's deadline ends the call.
      const stream = await streamChatCompletion(client, CHAT, {
        signal: AbortSignal.timeout(600),
      }).catch(() => undefined);
      hedged.push(stream?.meta.hedged);
      if (stream) await collect(stream.events);
    }
    // A new client starts with 2 hedges and 8 requests earn 2 more; the rest wait on the stuck
    // edge until the caller gives up.
    expect(hedged.filter((h) => h === true)).toHaveLength(4);
  }, 20_000);

  it('can be turned off for one request', async () => {
    const client = clientWithStuckPrimary({ hedge: { delay: 30, budget: 1 } });
    const { meta, events } = await streamChatCompletion(client, CHAT, {
      hedge: false,
      signal: AbortSignal.timeout(300),
    });
    expect(meta.region).toBe('yto-01');
    await expect(collect(events)).rejects.toMatchObject({ name: 'AbortError' });
    expect(emulator.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('never hedges a non-streamed call', async () => {
    const client = new PolarGridEdge({
      ...emulator.clientOptions(),
      hedge: { delay: 0, budget: 1 },
    });
    emulator.setEdgeLatency('yto-01', { slowFraction: 1, slowMultiplier: 10 });
    const out = await createChatCompletion(client, CHAT);
    expect(out.meta.region).toBe('yto-01');
    expect(emulator.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);
  });

  it('aborts both legs when the caller aborts during the race', async () => {
    emulator.setEdgeLatency('yul-01', { slowFraction: 1, slowMultiplier: 100 });
    const client = clientWithStuckPrimary({ hedge: { delay: 20, budget: 1 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(
      streamChatCompletion(client, CHAT, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor(() => stuck.clientClosed >= 1);
  });

  it('learns that an edge is slow and sends later requests elsewhere first', async () => {
    // A wide gap (2 s against ~20 ms, hedged after 250 ms), so a loaded machine cannot blur it:
    // the loser records at least the hedge delay, the winner its own first token.
    emulator.setEdgeLatency('yto-01', { slowFraction: 1, slowMultiplier: 100 });
    const client = new PolarGridEdge({
      ...emulator.clientOptions(),
      hedge: { delay: 250, budget: 1 },
    });
    const metas = [];
    for (let i = 0; i < 12; i++) {
      const { meta, events } = await streamChatCompletion(client, CHAT);
      await collect(events);
      metas.push(meta);
    }
    const last = metas.at(-1)!;
    expect(last.region).not.toBe('yto-01');
    expect(last.hedged).toBeUndefined();
    expect(last.routeReason).toMatch(/yto-01 is slower for qwen-3\.8-27b/);
  }, 20_000);

  it('keeps an edge slow for one request in five behind once it knows it, without hedging', async () => {
    emulator.setEdgeLatency('yto-01', { slowFraction: 0.2, slowMultiplier: 10 });
    const client = new PolarGridEdge(emulator.clientOptions());
    const requests = 160;
    for (let sent = 0; sent < requests; sent += 4) {
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          const { events } = await streamChatCompletion(client, CHAT);
          await collect(events);
        }),
      );
    }
    const toToronto = emulator.requests.filter(
      (r) => r.target === 'yto-01' && r.path === '/v1/chat/completions',
    ).length;
    // Learning costs a few requests (it and the other edges need eight answers each to be
    // judged); after that it only gets requests again once its samples are forgotten.
    expect(toToronto).toBeGreaterThanOrEqual(4);
    expect(toToronto).toBeLessThan(requests * 0.2);
  }, 30_000);

  it('gives a half-open edge its one trial request when hedging is on', async () => {
    const client = new PolarGridEdge({
      ...emulator.clientOptions(),
      hedge: { delay: 2_000, budget: 1 },
    });
    await emulator.setEdgeDown('yto-01', true);
    const failedOver = await streamChatCompletion(client, CHAT);
    await collect(failedOver.events);
    expect(failedOver.meta.region).not.toBe('yto-01');
    await emulator.setEdgeDown('yto-01', false);
    // After the 2 s cool-down the first request may try Toronto again.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const trial = await streamChatCompletion(client, CHAT);
    await collect(trial.events);
    expect(trial.meta.region).toBe('yto-01');
  }, 10_000);

  it('refuses a malformed hedge option at construction', () => {
    expect(() => new PolarGridEdge({ ...emulator.clientOptions(), hedge: { budget: 2 } })).toThrow(
      ConfigurationError,
    );
    expect(
      () => new PolarGridEdge({ ...emulator.clientOptions(), hedge: { delay: -1 as number } }),
    ).toThrow(/hedge\.delay/);
  });
});
