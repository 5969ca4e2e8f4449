/**
 * The connection options adapters need from the transport (`userAgentSuffix`, `queryParams`,
 * `requireApiKey`) and the serialisable view of options, against purpose-built loopback servers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializableOptions } from '../src/connection/serializable-options.js';
import { CHAT, chatCompletion, json, KEY, useServers } from './helpers/server.js';
import { createChatCompletion, transcribe, health, PolarGridEdge } from '../src/index.js';

const server = useServers();
afterEach(() => {
  vi.unstubAllEnvs();
});

/** An edge that answers every chat, and an autorouter that names it. */
async function routedEdge() {
  const edge = await server((_q, res) => json(res, 200, chatCompletion('ok')));
  const router = await server((_q, res) =>
    json(res, 200, { region: 'yto-01', endpoint: edge.url, ttl: 60 }),
  );
  return { edge, router };
}

describe('userAgentSuffix and queryParams', () => {
  it('reach every edge request, never the autorouter', async () => {
    const { edge, router } = await routedEdge();
    const client = new PolarGridEdge({
      apiKey: KEY,
      autorouterURL: router.url,
      userAgentSuffix: 'ai-sdk/polargrid/9.9.9 node.js/v24',
      queryParams: { 'api-version': '7', tenant: 'a b' },
    });
    await createChatCompletion(client, CHAT, { headers: { 'User-Agent': 'ai/7.0.0' } });
    await health(client);

    // One lookup per model (the chat's, then the health check's default route).
    expect(router.requests.length).toBeGreaterThan(0);
    for (const lookup of router.requests) {
      expect(lookup.headers['user-agent'] ?? '').not.toContain('ai-sdk/polargrid');
      expect(new URL(lookup.url, router.url).searchParams.has('api-version')).toBe(false);
    }

    expect(edge.requests.map((r) => new URL(r.url, edge.url).pathname)).toEqual([
      '/v1/chat/completions',
      '/health',
    ]);
    for (const request of edge.requests) {
      const query = Object.fromEntries(new URL(request.url, edge.url).searchParams);
      expect(query).toMatchObject({ 'api-version': '7', tenant: 'a b' });
    }
    // Appended after the caller's own User-Agent, as AI SDK providers do.
    expect(edge.requests[0]!.headers['user-agent']).toBe(
      'ai/7.0.0 ai-sdk/polargrid/9.9.9 node.js/v24',
    );
    expect(edge.requests[1]!.headers['user-agent']).toBe('ai-sdk/polargrid/9.9.9 node.js/v24');
  });

  it('never override a parameter the core sets itself', async () => {
    const edge = await server((_q, res) =>
      json(res, 200, { text: 'hi', language: 'en', duration: 1 }),
    );
    const client = new PolarGridEdge({
      apiKey: KEY,
      baseURL: edge.url,
      queryParams: { model: 'not-this-one', sync: 'false', 'api-version': '7' },
    });
    await transcribe(client, new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/wav' }), {
      model: 'whisper-large-v3-turbo',
    });
    const query = Object.fromEntries(new URL(edge.requests[0]!.url, edge.url).searchParams);
    expect(query).toMatchObject({
      model: 'whisper-large-v3-turbo',
      sync: 'true',
      'api-version': '7',
    });
  });
});

describe('requireApiKey', () => {
  it('reports a missing key when the client is built, not at the first request', () => {
    vi.stubEnv('POLARGRID_API_KEY', '');
    expect(() => new PolarGridEdge({ requireApiKey: true })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', code: 'missing_api_key' }),
    );
    // Without it, building succeeds and the first request reports the key.
    expect(new PolarGridEdge()).toBeInstanceOf(PolarGridEdge);
    vi.stubEnv('POLARGRID_API_KEY', KEY);
    expect(new PolarGridEdge({ requireApiKey: true })).toBeInstanceOf(PolarGridEdge);
  });
});

describe('serializableOptions', () => {
  it('keeps plain options and drops the key, functions and credentials in every shape', () => {
    const key = 'pg_AbC+d.9';
    const view = serializableOptions({
      apiKey: key,
      region: 'toronto',
      timeout: 5000,
      debug: true,
      fetch: globalThis.fetch,
      fallbackRegions: ['yto-01'],
      baseURL: `https://gateway.example/v1?key=${key}`,
      headers: {
        'x-team': 'a',
        Authorization: 'Bearer whatever',
        Cookie: 'session=1',
        'X-Api-Key': 'k',
        'x-forwarded-auth': `Token ${key}`,
        'x-other': 'pg_live.someOtherKey',
      },
      queryParams: { 'api-version': '7', access_token: 't', sig: key },
    });
    expect(view).toEqual({
      region: 'toronto',
      timeout: 5000,
      debug: true,
      fallbackRegions: ['yto-01'],
      headers: { 'x-team': 'a' },
      queryParams: { 'api-version': '7' },
    });
    expect(JSON.stringify(view)).not.toContain('AbC');
  });
});
