import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODEL_CATALOG, getModelCapabilities, KOKORO_VOICES } from '../src/catalog/models.js';
import { normalizeBaseURL, parseEdgeURLs, resolveConfig } from '../src/connection/config.js';
import { backoffDelay, BACKOFF_CAP_MS } from '../src/http/backoff.js';
import { resolveRegionId } from '../src/regions/resolve.js';
import { DEFAULT_FALLBACK_REGIONS, polarGridEdgeRegion, REGIONS } from '../src/regions/table.js';
import { anySignal } from '../src/util/abort.js';
import { camelCase, snakeCase } from '../src/sdk/case.js';
import { getEnv } from '../src/util/env.js';
import { parseJSON } from '../src/util/safe-json.js';

afterEach(() => vi.unstubAllEnvs());

describe('regions', () => {
  it('has the 10 current regions with names and countries', () => {
    expect(REGIONS.map((r) => r.id)).toEqual([
      'yto-01',
      'yto-02',
      'yul-01',
      'yul-02',
      'yvr-02',
      'nyc-01',
      'nyc-02',
      'dal-01',
      'dal-02',
      'sfo-01',
    ]);
    expect(REGIONS.find((r) => r.id === 'sfo-01')).toMatchObject({
      name: 'San Francisco',
      country: 'US',
    });
  });
  it('resolves ids and aliases case-insensitively', () => {
    expect(resolveRegionId('Toronto')).toBe('yto-01');
    expect(resolveRegionId('YUL')).toBe('yul-01');
    expect(resolveRegionId('new-york')).toBe('nyc-01');
    expect(resolveRegionId('NewYork')).toBe('nyc-01');
    expect(resolveRegionId('SF')).toBe('sfo-01');
    expect(resolveRegionId('YTO-02')).toBe('yto-02');
    expect(resolveRegionId('dallas')).toBe('dal-01');
  });
  it('accepts unknown raw ids of the form abc-01 (D8), rejects anything else listing valid ones', () => {
    expect(resolveRegionId('dfw-01')).toBe('dfw-01');
    expect(() => resolveRegionId('mars')).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', code: 'unknown_region' }),
    );
    expect(() => resolveRegionId('mars')).toThrow(/yto-01 \(toronto, yto\)/);
  });
  it('recognises only https PolarGrid edge hosts', () => {
    expect(polarGridEdgeRegion('https://api.yto-01.edge.polargrid.ai')).toBe('yto-01');
    expect(polarGridEdgeRegion('http://api.yto-01.edge.polargrid.ai')).toBeUndefined();
    expect(polarGridEdgeRegion('https://api.yto-01.edge.polargrid.ai.evil.com')).toBeUndefined();
    expect(polarGridEdgeRegion('https://api.yto-01.edge.polargrid.ai:8443')).toBeUndefined();
    expect(polarGridEdgeRegion('https://user:pw@api.yto-01.edge.polargrid.ai')).toBeUndefined();
    expect(polarGridEdgeRegion('not a url')).toBeUndefined();
  });
  it('documents a default fallback order of known regions', () => {
    expect(DEFAULT_FALLBACK_REGIONS[0]).toBe('yto-01');
    for (const id of DEFAULT_FALLBACK_REGIONS) expect(REGIONS.some((r) => r.id === id)).toBe(true);
  });
});

describe('options and env', () => {
  it('reads every option from its env variable', () => {
    vi.stubEnv('POLARGRID_API_KEY', 'pg_env_key_123');
    vi.stubEnv('POLARGRID_REGION', 'Montreal');
    vi.stubEnv('POLARGRID_BASE_URL', 'http://127.0.0.1:9/v1/');
    vi.stubEnv('POLARGRID_AUTOROUTER_URL', 'http://127.0.0.1:8');
    vi.stubEnv(
      'POLARGRID_EDGE_URLS',
      'yto-01=http://127.0.0.1:1, toronto=http://127.0.0.1:2,yul-01=http://127.0.0.1:3/',
    );
    const c = resolveConfig({});
    expect(c).toMatchObject({
      apiKey: 'pg_env_key_123',
      region: 'yul-01',
      baseURL: 'http://127.0.0.1:9',
      autorouterURL: 'http://127.0.0.1:8',
      autorouterTrusted: true,
      edgeURLs: { 'yto-01': 'http://127.0.0.1:2', 'yul-01': 'http://127.0.0.1:3' },
      fallbackRegions: ['yto-01', 'yul-01'],
    });
  });
  it('prefers options over env and has documented defaults', () => {
    vi.stubEnv('POLARGRID_REGION', 'yul-01');
    const c = resolveConfig({ apiKey: 'pg_x_1234', region: 'vancouver' });
    expect(c).toMatchObject({
      region: 'yvr-02',
      autorouterURL: 'https://autorouter.polargrid.ai',
      autorouterTrusted: false,
      timeout: 30_000,
      maxRetries: 3,
      maxFailovers: 2,
      discoveryTimeout: 2_000,
      fallbackRegions: DEFAULT_FALLBACK_REGIONS,
    });
  });
  it('rejects bad URLs, bad edge lists and negative numbers', () => {
    expect(() => normalizeBaseURL('ftp://x')).toThrow(/baseURL/);
    expect(() => parseEdgeURLs('yto-01')).toThrow(/POLARGRID_EDGE_URLS/);
    expect(() => resolveConfig({ apiKey: 'pg_abcd', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => resolveConfig({ apiKey: 'pg_abcd', region: 'atlantis' })).toThrow(
      /Unknown PolarGrid region/,
    );
  });
  it('refuses user:pass@ in every URL option and env variable, printing neither', () => {
    const cases: [string, () => unknown][] = [
      [
        'baseURL',
        () => resolveConfig({ apiKey: 'pg_abcd', baseURL: 'https://bob:s3cret@edge.example' }),
      ],
      [
        'autorouterURL',
        () => resolveConfig({ apiKey: 'pg_abcd', autorouterURL: 'http://bob:s3cret@127.0.0.1:8' }),
      ],
      [
        'edgeURLs',
        () =>
          resolveConfig({ apiKey: 'pg_abcd', edgeURLs: { 'yto-01': 'http://bob@127.0.0.1:1' } }),
      ],
      [
        'POLARGRID_BASE_URL',
        () => {
          vi.stubEnv('POLARGRID_BASE_URL', 'https://bob:s3cret@edge.example/v1');
          return resolveConfig({ apiKey: 'pg_abcd' });
        },
      ],
      [
        'POLARGRID_AUTOROUTER_URL',
        () => {
          vi.stubEnv('POLARGRID_AUTOROUTER_URL', 'http://:s3cret@127.0.0.1:8');
          return resolveConfig({ apiKey: 'pg_abcd' });
        },
      ],
      [
        'POLARGRID_EDGE_URLS',
        () => {
          vi.stubEnv(
            'POLARGRID_EDGE_URLS',
            'yto-01=http://127.0.0.1:1,yul-01=http://bob:s3cret@127.0.0.1:2',
          );
          return resolveConfig({ apiKey: 'pg_abcd' });
        },
      ],
    ];
    for (const [name, build] of cases) {
      let error: unknown;
      try {
        build();
      } catch (caught) {
        error = caught;
      }
      vi.unstubAllEnvs();
      expect(error, name).toMatchObject({ name: 'ConfigurationError', code: 'credentials_in_url' });
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text, name).not.toMatch(/s3cret|bob/);
    }
  });
  it('refuses a key-shaped value anywhere in a URL, and never echoes a bad URL’s password', () => {
    expect(() =>
      resolveConfig({ apiKey: 'pg_abcd', baseURL: 'https://edge.example/v1?key=pg_live.AbC' }),
    ).toThrow(expect.objectContaining({ code: 'secret_in_url' }));
    expect(() =>
      resolveConfig({ apiKey: 'pg_abcd', autorouterURL: 'https://router.example/pg_AbC+d/route' }),
    ).toThrow(expect.objectContaining({ code: 'secret_in_url' }));
    expect(() => normalizeBaseURL('ftp://bob:s3cret@host')).toThrow(/baseURL/);
    expect(() => normalizeBaseURL('ftp://bob:s3cret@host')).not.toThrow(/s3cret|bob/);
    expect(() => parseEdgeURLs('http://bob:s3cret@host')).not.toThrow(/s3cret/);
    expect(() => normalizeBaseURL('bob:s3cret@edge.example')).not.toThrow(/s3cret/);
    expect(() => normalizeBaseURL('localhost:4001')).toThrow(/got "localhost:4001"/);
  });
  it('refuses static headers with CR/LF at construction', () => {
    expect(() =>
      resolveConfig({ apiKey: 'pg_abcd', headers: { 'x-a': 'ok\r\nx-b: injected' } }),
    ).toThrow(expect.objectContaining({ name: 'ValidationError', code: 'invalid_header' }));
  });
  it('getEnv treats empty as unset and survives a missing process', () => {
    vi.stubEnv('POLARGRID_TEST_X', '');
    expect(getEnv('POLARGRID_TEST_X')).toBeUndefined();
    vi.stubEnv('POLARGRID_TEST_X', 'v');
    expect(getEnv('POLARGRID_TEST_X')).toBe('v');
    const g = globalThis as { process?: unknown };
    const saved = g.process;
    try {
      g.process = undefined;
      expect(getEnv('POLARGRID_TEST_X')).toBeUndefined();
    } finally {
      g.process = saved;
    }
  });
});

describe('utilities', () => {
  it('converts keys both ways, leaving schemas and arguments alone', () => {
    const wire = snakeCase<Record<string, unknown>>({
      maxTokens: 0,
      topP: 0,
      messages: [{ role: 'tool', toolCallId: 'c1', content: 'x' }],
      tools: [
        {
          type: 'function',
          function: { name: 'f', parameters: { properties: { cityName: { type: 'string' } } } },
        },
      ],
      skipped: undefined,
    });
    expect(wire).toEqual({
      max_tokens: 0,
      top_p: 0,
      messages: [{ role: 'tool', tool_call_id: 'c1', content: 'x' }],
      tools: [
        {
          type: 'function',
          function: { name: 'f', parameters: { properties: { cityName: { type: 'string' } } } },
        },
      ],
    });
    expect(
      camelCase({ choices: [{ finish_reason: 'stop' }], loading_status: { qwen_x: 'loaded' } }),
    ).toEqual({
      choices: [{ finishReason: 'stop' }],
      loadingStatus: { qwen_x: 'loaded' },
    });
  });
  it('parseJSON drops polluting keys', () => {
    const v = parseJSON('{"a":{"__proto__":{"p":1}},"prototype":2}') as Record<string, unknown>;
    expect(v).toEqual({ a: {} });
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
  it('backoff is exponential from 500 ms, jittered, capped at 8 s', () => {
    expect(backoffDelay(1, () => 1)).toBe(500);
    expect(backoffDelay(1, () => 0)).toBe(250);
    expect(backoffDelay(3, () => 1)).toBe(2000);
    expect(backoffDelay(20, () => 1)).toBe(BACKOFF_CAP_MS);
  });
  it('anySignal follows any input, with or without AbortSignal.any', () => {
    const native = (AbortSignal as { any?: unknown }).any;
    try {
      for (const impl of [native, undefined]) {
        (AbortSignal as { any?: unknown }).any = impl;
        const a = new AbortController();
        const b = new AbortController();
        const s = anySignal([a.signal, undefined, b.signal]);
        expect(s.aborted).toBe(false);
        b.abort('why');
        expect(s.aborted).toBe(true);
        expect(s.reason).toBe('why');
      }
    } finally {
      (AbortSignal as { any?: unknown }).any = native;
    }
  });
});

describe('catalogue', () => {
  it('holds per-model capability data', () => {
    expect(getModelCapabilities('qwen-3.8-27b')).toMatchObject({
      type: 'chat',
      tools: true,
      reasoning: true,
      contextWindow: 262_144,
      retired: false,
    });
    expect(getModelCapabilities('qwen-3.5-27b')).toMatchObject({
      retired: true,
      retiredOn: '2026-08-20',
    });
    expect(getModelCapabilities('qwen-3.5-9b')).toMatchObject({
      tools: false,
      contextWindow: 8192,
    });
    expect(getModelCapabilities('kokoro-82m')?.voices).toEqual(KOKORO_VOICES);
    expect(KOKORO_VOICES).toHaveLength(8);
    expect(getModelCapabilities('pg-embed-v1')).toMatchObject({
      type: 'embedding',
      emulatorOnly: true,
    });
    expect(MODEL_CATALOG.filter((m) => m.type === 'stt').map((m) => m.id)).toEqual([
      'whisper-large-v3-turbo',
      'cohere-transcribe-03-2026',
    ]);
    expect(getModelCapabilities('tada-3b-ml')?.type).toBe('tts');
    expect(getModelCapabilities('nope')).toBeUndefined();
  });
});
