import { afterEach, describe, expect, it } from 'vitest';
import { Router } from '../src/routing/router.js';
import {
  CHAT,
  chatCompletion,
  deadURL,
  json,
  KEY,
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

async function edge(text = 'ok') {
  return server((_req, res) => json(res, 200, chatCompletion(text)));
}

describe('autorouter', () => {
  it('makes exactly one autorouter call for 1,000 concurrent first requests', async () => {
    const yto = await edge();
    const router = await server(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 50));
      json(res, 200, { region: 'yto-01', name: 'Toronto', endpoint: yto.url, ttl: 300 });
    });
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: router.url,
      edgeURLs: { 'yto-01': yto.url },
      maxRetries: 0,
    });
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => createChatCompletion(client, CHAT)),
    );
    expect(router.requests).toHaveLength(1);
    expect(yto.requests).toHaveLength(1000);
    expect(
      results.every((r) => r.meta.region === 'yto-01' && r.meta.routeSource === 'autorouter'),
    ).toBe(true);
  });

  it('sends no Authorization and no custom headers to the autorouter, and asks with ?model=', async () => {
    const yto = await edge();
    const router = await server((_req, res) =>
      json(res, 200, { region: 'yto-01', name: 'Toronto', endpoint: yto.url, ttl: 300 }),
    );
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: router.url,
      headers: { 'x-custom': KEY },
    });
    await createChatCompletion(client, CHAT);
    const lookup = router.requests[0]!;
    expect(lookup.method).toBe('GET');
    expect(lookup.url).toBe('/v1/route?model=qwen-3.8-27b');
    expect(lookup.headers.authorization).toBeUndefined();
    expect(JSON.stringify(lookup.headers)).not.toContain(KEY);
    expect(yto.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(yto.requests[0]!.headers['x-custom']).toBe(KEY);
  });

  it('keeps a path prefix in the autorouter URL (and tolerates a trailing slash)', async () => {
    const yto = await edge();
    const router = await server((_req, res) =>
      json(res, 200, { region: 'yto-01', name: 'Toronto', endpoint: yto.url, ttl: 300 }),
    );
    const client = new PolarGridEdge({ apiKey: KEY, autorouterURL: `${router.url}/discovery/` });
    await createChatCompletion(client, CHAT);
    expect(router.requests[0]!.url).toBe('/discovery/v1/route?model=qwen-3.8-27b');
  });

  it('caches the route for ttl seconds per model, then looks up again', async () => {
    const yto = await edge();
    const router = await server((_req, res) =>
      json(res, 200, { region: 'yto-01', name: 'Toronto', endpoint: yto.url, ttl: 0.3 }),
    );
    const client = new PolarGridEdge({ apiKey: KEY, autorouterURL: router.url });
    await createChatCompletion(client, CHAT);
    await createChatCompletion(client, CHAT);
    expect(router.requests).toHaveLength(1);
    await createChatCompletion(client, { ...CHAT, model: 'other-model' });
    expect(router.requests).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 400));
    await createChatCompletion(client, CHAT);
    expect(router.requests).toHaveLength(3);
  });

  const fallbackCases: Array<[string, (url: string) => Promise<string>]> = [
    ['dead (connection refused)', async () => deadURL()],
    [
      'slow (beyond discoveryTimeout)',
      async () =>
        (
          await server(async (_q, res) => {
            await new Promise((r) => setTimeout(r, 3000));
            json(res, 200, {});
          })
        ).url,
    ],
    [
      'answering garbage',
      async () =>
        (
          await server((_q, res) => {
            res.writeHead(200);
            res.end('<html>nope');
          })
        ).url,
    ],
    [
      'answering 500',
      async () => (await server((_q, res) => json(res, 500, { detail: 'down' }))).url,
    ],
    [
      'answering a non-route JSON',
      async () => (await server((_q, res) => json(res, 200, { hello: 1 }))).url,
    ],
  ];
  for (const [label, make] of fallbackCases) {
    it(`falls back to the default region order when the autorouter is ${label}`, async () => {
      const yul = await edge('from yul');
      const lines: string[] = [];
      const client = new PolarGridEdge({
        apiKey: KEY,
        autorouterURL: await make(''),
        // yto-01 (first in the default order) is absent, so the first fallback with a URL is yul-01.
        edgeURLs: { 'yul-01': yul.url },
        discoveryTimeout: 300,
        debug: (m) => lines.push(m),
      });
      const out = await createChatCompletion(client, CHAT);
      expect(out.meta.region).toBe('yul-01');
      expect(out.meta.routeSource).toBe('fallback');
      expect(out.result.text).toBe('from yul');
      expect(
        lines.some(
          (l) =>
            l.includes('Auto-routing failed') && l.includes('falling back to Montreal (yul-01)'),
        ),
      ).toBe(true);
    });
  }

  it('uses only https PolarGrid edge endpoints from an autorouter the caller did not choose', async () => {
    const rogue = await edge('rogue');
    const yto = await edge('real');
    const autorouter = await server((_q, res) =>
      json(res, 200, { region: 'yto-01', endpoint: rogue.url, ttl: 60 }),
    );
    const lines: string[] = [];
    const router = new Router({
      fetch: globalThis.fetch,
      baseURL: undefined,
      region: undefined,
      autorouterURL: autorouter.url,
      autorouterTrusted: false,
      edgeURLs: { 'yto-01': yto.url },
      fallbackRegions: ['yto-01'],
      discoveryTimeout: 1000,
      maxFailovers: 2,
      log: (m) => lines.push(m),
    });
    const route = await router.primary('qwen-3.8-27b');
    expect(route.endpoint).toBe(yto.url);
    expect(route.source).toBe('fallback');
    expect(lines.join('\n')).toContain('not an https PolarGrid edge');

    const genuine = await server((_q, res) =>
      json(res, 200, {
        region: 'sfo-01',
        endpoint: 'https://api.sfo-01.edge.polargrid.ai/',
        ttl: 60,
      }),
    );
    const trustedRouter = new Router({
      fetch: globalThis.fetch,
      baseURL: undefined,
      region: undefined,
      autorouterURL: genuine.url,
      autorouterTrusted: false,
      edgeURLs: undefined,
      fallbackRegions: ['yto-01'],
      discoveryTimeout: 1000,
      maxFailovers: 2,
      log: () => {},
    });
    expect(await trustedRouter.primary(undefined)).toMatchObject({
      region: 'sfo-01',
      regionName: 'San Francisco',
      endpoint: 'https://api.sfo-01.edge.polargrid.ai',
      source: 'autorouter',
    });
  });

  it('logs the selected region in the documented format', async () => {
    const yto = await edge();
    const router = await server((_req, res) =>
      json(res, 200, { region: 'yto-01', name: 'Toronto', endpoint: yto.url, ttl: 300 }),
    );
    const lines: string[] = [];
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: router.url,
      debug: (m) => lines.push(m),
    });
    const route = await client.resolveRoute();
    expect(route).toMatchObject({ region: 'yto-01', regionName: 'Toronto', source: 'autorouter' });
    expect(lines).toContain('Auto-routing: selected Toronto (yto-01)');
  });
});

describe('failover', () => {
  it('moves to the next candidate on connection refused', async () => {
    const yul = await edge('yul');
    const router = await server(async (_q, res) =>
      json(res, 200, { region: 'yto-01', endpoint: await deadURL(), ttl: 60 }),
    );
    const lines: string[] = [];
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: router.url,
      edgeURLs: { 'yto-01': 'http://127.0.0.1:1', 'yul-01': yul.url },
      maxRetries: 0,
      debug: (m) => lines.push(m),
    });
    const out = await createChatCompletion(client, CHAT);
    expect(out.meta).toMatchObject({ region: 'yul-01', routeSource: 'failover', attempts: 2 });
    expect(lines.some((l) => l.startsWith('Failover: yto-01 unreachable'))).toBe(true);
  });

  for (const status of [502, 503, 504]) {
    it(`moves to the next candidate on ${status} before any byte`, async () => {
      const yto = await server((_q, res) => json(res, status, { detail: 'busy' }));
      const yul = await edge('yul');
      const client = new PolarGridEdge({
        apiKey: KEY,
        region: 'yto-01',
        edgeURLs: { 'yto-01': yto.url, 'yul-01': yul.url },
        maxRetries: 0,
      });
      const out = await createChatCompletion(client, CHAT);
      expect(out.meta.region).toBe('yul-01');
      expect(yto.requests).toHaveLength(1);
      expect(yul.requests).toHaveLength(1);
    });
  }

  it('is bounded by maxFailovers and then reports the last error', async () => {
    const down = () => server((_q, res) => json(res, 503, { detail: 'busy' }));
    const [a, b, c] = [await down(), await down(), await down()];
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': a.url, 'yul-01': b.url, 'yvr-02': c.url },
      maxRetries: 0,
      maxFailovers: 1,
    });
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject({
      name: 'ServerError',
      status: 503,
      region: 'yul-01',
    });
    expect(a.requests.length + b.requests.length + c.requests.length).toBe(2);
    expect(c.requests).toHaveLength(0);
  });

  it('only uses regions present in edgeURLs as candidates', async () => {
    const yto = await server((_q, res) => json(res, 503, { detail: 'busy' }));
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': yto.url },
      maxRetries: 0,
      maxFailovers: 5,
    });
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject({
      status: 503,
      region: 'yto-01',
    });
  });

  it('never replays a stream after bytes were delivered', async () => {
    const yto = await server((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] })}\n\n`,
      );
      setTimeout(() => res.destroy(), 30);
    });
    const yul = await edge('yul');
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'yto-01',
      edgeURLs: { 'yto-01': yto.url, 'yul-01': yul.url },
    });
    const { events } = await streamChatCompletion(client, CHAT);
    const seen = [];
    for await (const e of events) seen.push(e);
    expect(
      seen
        .filter((e) => e.type === 'text-delta')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('Hel');
    expect(seen.at(-1)).toMatchObject({ type: 'finish', reason: 'interrupted' });
    expect(yto.requests).toHaveLength(1);
    expect(yul.requests).toHaveLength(0);
  });

  it('does not fail over away from an explicit baseURL', async () => {
    const custom = await server((_q, res) => json(res, 503, { detail: 'busy' }));
    const client = new PolarGridEdge({ apiKey: KEY, baseURL: `${custom.url}/v1/`, maxRetries: 0 });
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject({
      status: 503,
      region: 'custom',
    });
    expect(custom.requests[0]!.url).toBe('/v1/chat/completions');
  });
});

describe('404 model not loaded', () => {
  it('re-routes once with ?model=, bypassing the cached route', async () => {
    const yto = await server((_q, res) => json(res, 404, { detail: 'Model not loaded' }));
    const yvr = await edge('from yvr');
    let lookups = 0;
    const router = await server((_q, res) => {
      lookups++;
      json(
        res,
        200,
        lookups === 1
          ? { region: 'yto-01', endpoint: yto.url, ttl: 300 }
          : { region: 'yvr-02', endpoint: yvr.url, ttl: 300 },
      );
    });
    const client = new PolarGridEdge({ apiKey: KEY, autorouterURL: router.url, maxRetries: 0 });
    const out = await createChatCompletion(client, CHAT);
    expect(out.meta.region).toBe('yvr-02');
    expect(router.requests.map((r) => r.url)).toEqual([
      '/v1/route?model=qwen-3.8-27b',
      '/v1/route?model=qwen-3.8-27b',
    ]);
    // The refreshed route is cached for the next request.
    await createChatCompletion(client, CHAT);
    expect(router.requests).toHaveLength(2);
    expect(yto.requests).toHaveLength(1);
  });

  it('re-routes only once, then throws NotFoundError with modelNotLoaded', async () => {
    const notLoaded = () =>
      server((_q, res) =>
        json(res, 404, { error: { message: 'Model not loaded', code: 'model_not_loaded' } }),
      );
    const a = await notLoaded();
    const b = await notLoaded();
    let lookups = 0;
    const router = await server((_q, res) => {
      lookups++;
      json(
        res,
        200,
        lookups === 1
          ? { region: 'yto-01', endpoint: a.url, ttl: 300 }
          : { region: 'yul-01', endpoint: b.url, ttl: 300 },
      );
    });
    const client = new PolarGridEdge({ apiKey: KEY, autorouterURL: router.url, maxRetries: 0 });
    const error = await createChatCompletion(client, CHAT).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'NotFoundError',
      modelNotLoaded: true,
      model: 'qwen-3.8-27b',
      region: 'yul-01',
      status: 404,
    });
    expect(router.requests).toHaveLength(2);
    expect(a.requests.length + b.requests.length).toBe(2);
  });

  it('does not re-route a pinned region', async () => {
    const yto = await server((_q, res) => json(res, 404, { detail: 'Model not loaded' }));
    const client = new PolarGridEdge({
      apiKey: KEY,
      region: 'toronto',
      edgeURLs: { 'yto-01': yto.url },
    });
    await expect(createChatCompletion(client, CHAT)).rejects.toMatchObject({
      modelNotLoaded: true,
      region: 'yto-01',
    });
    expect(yto.requests).toHaveLength(1);
  });
});
