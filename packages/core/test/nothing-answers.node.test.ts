import { afterEach, describe, expect, it } from 'vitest';
import { PolarGridEdge } from '../src/connection/polargrid-edge.js';
import { createChatCompletion, streamChatCompletion } from '../src/endpoints/chat.js';
import { NetworkError } from '../src/errors/error-classes.js';
import { PolarGrid } from '../src/sdk/polargrid.js';
import { countingFetch, refusedURL, silentServer } from './helpers/dead-ends.js';

// Issue 22: with default settings and nothing reachable (no autorouter, no edge), a request must
// fail fast with a final NetworkError that says what was tried and what to set, never after
// retries multiplied by failover.

const KEY = 'pg_test_key_0123456789';
const BUDGET_MS = 15_000;
const MODEL = 'qwen-3.8-27b';
const messages = [{ role: 'user' as const, content: 'Hi' }];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Three refusing edges in the default region order, the autorouter given by the test. */
async function deadEnds(autorouterURL: string) {
  const edgeURLs = {
    'yto-01': await refusedURL(),
    'yul-01': await refusedURL(),
    'yvr-02': await refusedURL(),
  };
  const counter = countingFetch();
  return {
    options: { apiKey: KEY, autorouterURL, edgeURLs, fetch: counter.fetch },
    edgeURLs,
    counter,
  };
}

async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - start };
}

function expectNothingAnswered(error: unknown, autorouterURL: string, edges: string[]) {
  expect(error).toBeInstanceOf(NetworkError);
  const e = error as NetworkError;
  expect(e.retryable).toBe(false);
  expect(e.message).toContain(`Nothing answered: not the autorouter (${autorouterURL})`);
  for (const edge of edges) expect(e.message).toContain(edge);
  expect(e.message).toMatch(/POLARGRID_AUTOROUTER_URL.*POLARGRID_BASE_URL/s);
  expect(e.message).not.toContain(KEY);
}

describe('when nothing answers', () => {
  it('an autorouter on a refusing port: final NetworkError after one try per edge, well within 15 s', async () => {
    const autorouter = await refusedURL();
    const { options, edgeURLs, counter } = await deadEnds(autorouter);
    const client = new PolarGridEdge(options);
    const chat = await timed(() => createChatCompletion(client, { model: MODEL, messages }));
    expect(chat.ms).toBeLessThan(BUDGET_MS);
    expectNothingAnswered(chat.error, autorouter, Object.values(edgeURLs));
    // One request per edge: no retry round on top of failover.
    for (const url of Object.values(edgeURLs)) expect(counter.sent(url)).toBe(1);

    const stream = await timed(async () => {
      const { events } = await streamChatCompletion(client, { model: MODEL, messages });
      for await (const _ of events);
    });
    expect(stream.ms).toBeLessThan(BUDGET_MS);
    expectNothingAnswered(stream.error, autorouter, Object.values(edgeURLs));
  });

  it('an autorouter that accepts and never answers: the discovery timeout, then the same final error', async () => {
    const silent = await silentServer();
    closers.push(silent.close);
    const { options, edgeURLs, counter } = await deadEnds(silent.url);
    const pg = new PolarGrid(options);
    const { error, ms } = await timed(() => pg.chatCompletion({ model: MODEL, messages }));
    expect(ms).toBeLessThan(BUDGET_MS);
    // The route lookup (and at most one lookup without a model): never one per retry.
    expect(silent.connections()).toBeGreaterThanOrEqual(1);
    expect(silent.connections()).toBeLessThanOrEqual(2);
    expectNothingAnswered(error, silent.url, Object.values(edgeURLs));
    for (const url of Object.values(edgeURLs)) expect(counter.sent(url)).toBe(1);
  });

  it('an edge the caller named (baseURL) that refuses is still retried: it may be restarting', async () => {
    const edge = await refusedURL();
    const counter = countingFetch();
    const client = new PolarGridEdge({
      apiKey: KEY,
      baseURL: edge,
      fetch: counter.fetch,
      maxRetries: 1,
    });
    const { error } = await timed(() => createChatCompletion(client, { model: MODEL, messages }));
    expect(error).toMatchObject({ name: 'NetworkError', retryable: true });
    expect(counter.sent(edge)).toBe(2);
  });

  it('a pinned region whose edge refuses keeps the usual retries (the caller chose that edge)', async () => {
    const { options, edgeURLs, counter } = await deadEnds('http://unused.invalid');
    const client = new PolarGridEdge({ ...options, region: 'yto-01', maxRetries: 1 });
    const { error } = await timed(() => createChatCompletion(client, { model: MODEL, messages }));
    expect(error).toMatchObject({ name: 'NetworkError', retryable: true });
    // Failover over the three edges, then the one retry: four requests.
    const sent = Object.values(edgeURLs).reduce((n, url) => n + counter.sent(url), 0);
    expect(sent).toBe(4);
  });
});
