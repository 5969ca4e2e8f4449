/**
 * Issue 21, defects 5 and 6: every cache keyed by a caller's or a server's value is bounded and
 * forgets what expired; server values never reach a prototype lookup, and absurd numbers from a
 * server are ignored with a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolarGridEdge } from '../src/connection/polargrid-edge.js';
import { listServedModels } from '../src/endpoints/served-models.js';
import { createRouteCache } from '../src/routing/route-cache.js';
import { Router } from '../src/routing/router.js';
import { startServer, type TestServer } from './helpers/server.js';

describe('the route cache is bounded and forgets what expired', () => {
  it('20,000 distinct ids leave nothing behind once their ttl has passed', async () => {
    let clock = 1_000_000;
    const cache = createRouteCache(async (key) => ({ value: { key }, ttlSeconds: 1 }), {
      now: () => clock,
    });
    for (let i = 0; i < 20_000; i++) await cache(`model-${i}`);
    expect(cache.size).toBeLessThanOrEqual(256);
    clock += 2_000;
    await cache('one-more');
    // Every other entry had expired: they are gone, not merely waiting to be replaced.
    expect(cache.size).toBe(1);
  });

  it('keeps at most 256 live entries, dropping the least recently used, and reloads a dropped one', async () => {
    const loads: string[] = [];
    const cache = createRouteCache(async (key) => {
      loads.push(key);
      return { value: key, ttlSeconds: 3600 };
    });
    await cache('hot');
    for (let i = 0; i < 1_000; i++) {
      await cache(`model-${i}`);
      await cache('hot');
    }
    expect(cache.size).toBe(256);
    expect(loads.filter((k) => k === 'hot')).toHaveLength(1);
    await cache('model-0');
    expect(loads.filter((k) => k === 'model-0')).toHaveLength(2);
  });

  it("a router's route cache stays bounded across 600 model ids from a loopback autorouter", async () => {
    const autorouter = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ region: 'yto-01', endpoint: 'http://127.0.0.1:9', ttl: 60 }));
    });
    try {
      const router = new Router({
        fetch,
        baseURL: undefined,
        region: undefined,
        autorouterURL: autorouter.url,
        autorouterTrusted: true,
        edgeURLs: { 'yto-01': 'http://127.0.0.1:9' },
        fallbackRegions: ['yto-01'],
        discoveryTimeout: 2_000,
        maxFailovers: 1,
        log: () => {},
      });
      for (let i = 0; i < 600; i += 50)
        await Promise.all(Array.from({ length: 50 }, (_, j) => router.primary(`m-${i + j}`)));
      expect(router.cachedRoutes).toBeLessThanOrEqual(256);
    } finally {
      await autorouter.close();
    }
  });
});

describe('server values never reach a prototype lookup', () => {
  let edge: TestServer;
  beforeAll(async () => {
    edge = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: [
            { id: 'proto-model', pg_model_type: 'constructor', context_length: 1e300 },
            { id: 'proto-two', pg_model_type: '__proto__', capabilities: { tools: true } },
            { id: 'huge-window', pg_model_type: 'llm', max_model_len: 4_294_967_296_000 },
            { id: 'qwen-3.8-27b', pg_model_type: 'toString', context_length: -5 },
            { id: 'fine', pg_model_type: 'llm', context_length: 32_768 },
          ],
        }),
      );
    });
  });
  afterAll(() => edge.close());

  it('`pg_model_type: "constructor"` is no type, and `context_length: 1e300` no window: both said in warnings', async () => {
    const client = new PolarGridEdge({ apiKey: 'pg_test_key_0123456789', baseURL: edge.url });
    const byId = new Map((await listServedModels(client)).map((m) => [m.id, m]));
    const proto = byId.get('proto-model');
    expect(proto?.type).toBeUndefined();
    expect(typeof proto?.type).not.toBe('function');
    expect(proto?.capabilities).toBeUndefined();
    expect(proto?.source).toBe('none');
    expect(proto?.warnings).toEqual([
      expect.stringContaining('pg_model_type "constructor"'),
      expect.stringContaining('context_length 1e+300'),
    ]);
    const two = byId.get('proto-two');
    expect(two?.type).toBeUndefined();
    expect(two?.capabilities?.type).toBe('chat');
    expect(two?.capabilities?.contextWindow).not.toBeTypeOf('function');
    expect(byId.get('huge-window')?.capabilities?.contextWindow).not.toBe(4_294_967_296_000);
    expect(byId.get('huge-window')?.warnings).toHaveLength(1);
    // A built-in model keeps its own type and window when the edge says nonsense about them.
    const known = byId.get('qwen-3.8-27b');
    expect(known?.type).toBe('chat');
    expect(known?.capabilities?.contextWindow).toBeGreaterThan(0);
    expect(known?.warnings).toHaveLength(2);
    expect(byId.get('fine')).toMatchObject({
      type: 'chat',
      capabilities: { contextWindow: 32_768 },
      warnings: [],
    });
  });

  it('an autorouter region named "constructor" finds no edge URL', async () => {
    const autorouter = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ region: 'constructor', endpoint: 'constructor' }));
    });
    const logs: string[] = [];
    try {
      const router = new Router({
        fetch,
        baseURL: undefined,
        region: undefined,
        autorouterURL: autorouter.url,
        autorouterTrusted: true,
        edgeURLs: { 'yto-01': edge.url },
        fallbackRegions: ['yto-01'],
        discoveryTimeout: 2_000,
        maxFailovers: 1,
        log: (line) => logs.push(line),
      });
      const first = await router.primary('any');
      // Not a URL and no own entry: the autorouter answer is unusable, so the fallback is used.
      expect(first.region).toBe('yto-01');
      expect(typeof first.endpoint).toBe('string');
      expect(logs.join('\n')).toMatch(/not a URL/);
    } finally {
      await autorouter.close();
    }
  });
});
