import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeEmulator, startEdgeEmulator } from '../src/index.js';
import { client } from './helpers.js';

let emulator: EdgeEmulator;
beforeAll(async () => {
  emulator = await startEdgeEmulator();
});
afterAll(() => emulator.close());

describe('autorouter', () => {
  it('answers the default edge with endpoint (no /v1) and ttl', async () => {
    const res = await fetch(`${emulator.autorouterURL}/v1/route`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      region: 'yto-01',
      name: 'Toronto',
      endpoint: emulator.edgeURLs['yto-01'],
      ttl: 300,
    });
  });

  it('filters by ?model= and answers 404 when no edge serves it', async () => {
    const tts = await fetch(`${emulator.autorouterURL}/v1/route?model=kokoro-82m`);
    expect(((await tts.json()) as { region: string }).region).toBe('yvr-02');
    const none = await fetch(`${emulator.autorouterURL}/v1/route?model=gpt-9`);
    expect(none.status).toBe(404);
  });

  it('answers anything but GET /v1/route with the CloudFront 403', async () => {
    const post = await fetch(`${emulator.autorouterURL}/v1/route`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(403);
    expect(await post.json()).toEqual({ Message: null });
    const chat = await fetch(`${emulator.autorouterURL}/v1/chat/completions`);
    expect(chat.status).toBe(403);
  });

  it('records requests, including whether Authorization was sent', async () => {
    emulator.resetRequests();
    await fetch(`${emulator.autorouterURL}/v1/route?model=qwen-3.8-27b`, {
      headers: { authorization: 'Bearer pg_should_not_be_here' },
    });
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({
      target: 'autorouter',
      method: 'GET',
      path: '/v1/route',
      query: { model: 'qwen-3.8-27b' },
    });
    expect(recorded?.headers.authorization).toBe('Bearer pg_should_not_be_here');
  });

  it('records edge requests with the parsed JSON body, or only the size of binary bodies', async () => {
    emulator.resetRequests();
    await client(emulator).chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(1000)]), 'a.wav');
    await fetch(
      `${emulator.edgeURLs['yvr-02']}/v1/audio/transcriptions?model=whisper-large-v3-turbo&sync=true`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${emulator.apiKey}` },
        body: form,
      },
    );
    const [chat, stt] = emulator.requests;
    expect(chat).toMatchObject({
      target: 'yto-01',
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'qwen-3.8-27b', max_tokens: 3 },
    });
    expect(chat?.headers.authorization).toBe(`Bearer ${emulator.apiKey}`);
    expect(stt).toMatchObject({
      target: 'yvr-02',
      query: { model: 'whisper-large-v3-turbo', sync: 'true' },
      body: undefined,
    });
    expect(stt?.bodyBytes).toBeGreaterThan(1000);
  });

  it('hands out a down edge unless routeAroundDownEdges is set', async () => {
    const other = await startEdgeEmulator({ routeAroundDownEdges: true });
    try {
      await other.setEdgeDown('yto-01', true);
      const res = await fetch(`${other.autorouterURL}/v1/route`);
      expect(((await res.json()) as { region: string }).region).toBe('yul-01');
    } finally {
      await other.close();
    }
    await emulator.setEdgeDown('yto-01', true);
    const res = await fetch(`${emulator.autorouterURL}/v1/route`);
    expect(((await res.json()) as { region: string }).region).toBe('yto-01');
    await emulator.setEdgeDown('yto-01', false);
  });
});

describe('edge auth and basics', () => {
  it('rejects a missing or non-pg key with the documented 401 body', async () => {
    for (const headers of [{}, { authorization: 'Bearer sk-nope' }] as Record<string, string>[]) {
      const res = await fetch(`${emulator.edgeURLs['yto-01']}/v1/models`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: {
          message: 'Invalid API key',
          type: 'authentication_error',
          code: 'invalid_api_key',
        },
      });
    }
  });

  it('accepts only the listed keys when apiKeys is given', async () => {
    const strict = await startEdgeEmulator({ apiKeys: ['pg_only_this_one'] });
    try {
      const base = strict.edgeURLs['yto-01'];
      const bad = await fetch(`${base}/v1/models`, {
        headers: { authorization: 'Bearer pg_another_key' },
      });
      expect(bad.status).toBe(401);
      const good = await fetch(`${base}/v1/models`, {
        headers: { authorization: 'Bearer pg_only_this_one' },
      });
      expect(good.status).toBe(200);
      expect(strict.apiKey).toBe('pg_only_this_one');
    } finally {
      await strict.close();
    }
  });

  it('serves /health without auth, in the V3 shape', async () => {
    const res = await fetch(`${emulator.edgeURLs['yul-01']}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'healthy', runtime: 'kata', backend: { healthy: true } });
    expect(body.features).toEqual({ dynamic_loading: true, huggingface_support: true });
  });

  it('lists the edge models with pg_model_type', async () => {
    const res = await client(emulator, 'yvr-02').get('/v1/models');
    const body = (await res.json()) as { object: string; data: Record<string, unknown>[] };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toContain('kokoro-82m');
    expect(body.data.find((m) => m.id === 'whisper-large-v3-turbo')).toEqual({
      id: 'whisper-large-v3-turbo',
      object: 'model',
      created: expect.any(Number),
      owned_by: 'polargrid',
      pg_model_type: 'stt',
    });
  });

  it('answers 404 model_not_loaded for a model this edge does not serve', async () => {
    const res = await client(emulator, 'yto-01').chat({
      model: 'qwen-3.5-27b',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        message: 'Model not loaded: qwen-3.5-27b',
        type: 'not_found_error',
        code: 'model_not_loaded',
      },
    });
  });

  it('forbids operator endpoints and serves /v1/models/status', async () => {
    const c = client(emulator);
    for (const path of [
      '/v1/models/load',
      '/v1/models/unload',
      '/v1/models/unload-all',
      '/v1/gpu/purge',
    ]) {
      expect((await c.post(path, { model_name: 'x' })).status).toBe(403);
    }
    expect((await c.get('/v1/gpu/status')).status).toBe(403);
    const status = await c.get('/v1/models/status');
    expect(await status.json()).toEqual({
      loaded: ['qwen-3.8-27b', 'pg-embed-v1'],
      loading_status: { 'qwen-3.8-27b': 'loaded', 'pg-embed-v1': 'loaded' },
      repository: '/models',
    });
  });

  it('puts an x-request-id on every response, errors included', async () => {
    const ok = await fetch(`${emulator.edgeURLs['yto-01']}/health`);
    const unauthorised = await fetch(`${emulator.edgeURLs['yto-01']}/v1/models`);
    const missing = await fetch(`${emulator.edgeURLs['yto-01']}/nope`);
    for (const res of [ok, unauthorised, missing]) {
      expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    }
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not Found' });
  });

  it('applies an optional per-key fixed-window rate limit', async () => {
    const limited = await startEdgeEmulator({ rateLimitPerMinute: 2 });
    try {
      const c = client(limited);
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) {
        last = await c.get('/v1/models');
        statuses.push(last.status);
      }
      // A window boundary may fall between the calls; at most one reset can happen.
      expect(statuses.filter((s) => s === 429).length).toBeLessThanOrEqual(1);
      let res = last as Response;
      for (let i = 0; i < 3 && res.status !== 429; i++) res = await c.get('/v1/models');
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await res.json()).toEqual({
        error: {
          message: 'Rate limit exceeded',
          type: 'rate_limit_error',
          code: 'rate_limit_exceeded',
        },
      });
      const other = await fetch(`${c.base}/v1/models`, {
        headers: { authorization: 'Bearer pg_another_key_1' },
      });
      expect(other.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('exposes clientOptions() and env', () => {
    expect(emulator.clientOptions()).toEqual({
      apiKey: 'pg_emulator_demo_key',
      autorouterURL: emulator.autorouterURL,
      edgeURLs: emulator.edgeURLs,
    });
    expect(emulator.env.POLARGRID_EDGE_URLS).toBe(
      `yto-01=${emulator.edgeURLs['yto-01']},yul-01=${emulator.edgeURLs['yul-01']},yvr-02=${emulator.edgeURLs['yvr-02']}`,
    );
  });
});
