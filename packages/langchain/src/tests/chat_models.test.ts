import { readFileSync } from 'node:fs';
import { getRetryable } from '@langchain/core/errors';
import { HumanMessage } from '@langchain/core/messages';
import { load } from '@langchain/core/load';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ChatPolarGrid, DEFAULT_CHAT_MODEL } from '../chat_models.js';
import { PolarGridEmbeddings } from '../embeddings.js';
import { PolarGridLLM } from '../llms.js';
import { PACKAGE_VERSION } from '../version.js';

const KEY = 'pg_unit_test_key_123456';

/** A fetch that records calls and fails: these tests must never reach the network. */
function noNetwork() {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    calls.push(String(input));
    throw new Error('network used in a unit test');
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

describe('ChatPolarGrid (unit)', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.POLARGRID_API_KEY;
    delete process.env.POLARGRID_API_KEY;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.POLARGRID_API_KEY;
    else process.env.POLARGRID_API_KEY = saved;
  });

  test('both constructor forms; default model', () => {
    expect(new ChatPolarGrid('qwen-3.5-9b', { apiKey: KEY }).model).toBe('qwen-3.5-9b');
    expect(new ChatPolarGrid({ apiKey: KEY }).model).toBe(DEFAULT_CHAT_MODEL);
    expect(new ChatPolarGrid({ apiKey: KEY, model: 'x' }).model).toBe('x');
  });

  test('the key comes from POLARGRID_API_KEY; a missing key is a clear error', () => {
    expect(() => new ChatPolarGrid()).toThrow(/POLARGRID_API_KEY/);
    expect(() => new ChatPolarGrid()).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', code: 'missing_api_key' }),
    );
    process.env.POLARGRID_API_KEY = KEY;
    expect(new ChatPolarGrid()).toBeInstanceOf(ChatPolarGrid);
  });

  test('identity: lc_name, namespace, secrets, _llmType, version metadata', () => {
    const model = new ChatPolarGrid({ apiKey: KEY });
    expect(ChatPolarGrid.lc_name()).toBe('ChatPolarGrid');
    expect(model.lc_namespace).toEqual(['langchain', 'chat_models', 'polargrid']);
    expect(model.lc_secrets).toEqual({ apiKey: 'POLARGRID_API_KEY' });
    expect(model._llmType()).toBe('polargrid');
    expect(model.metadata?.versions).toMatchObject({ '@polargrid/langchain': PACKAGE_VERSION });
  });

  test('PACKAGE_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  test('JSON.stringify never contains the key; the secret is a reference', async () => {
    const model = new ChatPolarGrid({
      apiKey: KEY,
      model: 'qwen-3.8-27b',
      baseURL: 'http://127.0.0.1:9',
      autorouterURL: 'http://127.0.0.1:8',
      edgeURLs: { 'yto-01': 'http://127.0.0.1:7' },
      temperature: 0,
    });
    const json = JSON.stringify(model);
    expect(json).not.toContain(KEY);
    const parsed = JSON.parse(json);
    expect(parsed).toMatchObject({
      lc: 1,
      type: 'constructor',
      id: ['langchain', 'chat_models', 'polargrid', 'ChatPolarGrid'],
      kwargs: {
        model: 'qwen-3.8-27b',
        api_key: { lc: 1, type: 'secret', id: ['POLARGRID_API_KEY'] },
        base_url: 'http://127.0.0.1:9',
        autorouter_url: 'http://127.0.0.1:8',
        edge_urls: { 'yto-01': 'http://127.0.0.1:7' },
        temperature: 0,
      },
    });
    // And it loads back with the secret supplied separately.
    const revived = await load<ChatPolarGrid>(json, {
      secretsMap: { POLARGRID_API_KEY: KEY },
      importMap: { chat_models__polargrid: { ChatPolarGrid } },
    });
    expect(revived).toBeInstanceOf(ChatPolarGrid);
    expect(revived.temperature).toBe(0);
    expect(revived.lc_kwargs).toMatchObject({
      apiKey: KEY,
      baseURL: 'http://127.0.0.1:9',
      autorouterURL: 'http://127.0.0.1:8',
      edgeURLs: { 'yto-01': 'http://127.0.0.1:7' },
    });
  });

  test('getLsParams has exactly the six ls_* keys', () => {
    const model = new ChatPolarGrid({ apiKey: KEY, temperature: 0.2, maxTokens: 50 });
    const params = model.getLsParams({} as never);
    expect(Object.keys(params).sort()).toEqual([
      'ls_max_tokens',
      'ls_model_name',
      'ls_model_type',
      'ls_provider',
      'ls_stop',
      'ls_temperature',
    ]);
    expect(params).toMatchObject({
      ls_provider: 'polargrid',
      ls_model_name: DEFAULT_CHAT_MODEL,
      ls_model_type: 'chat',
      ls_temperature: 0.2,
      ls_max_tokens: 50,
    });
  });

  test('invocationParams: zero values are sent, unset ones are not, names are snake_case', () => {
    const model = new ChatPolarGrid({
      apiKey: KEY,
      temperature: 0,
      maxTokens: 0,
      topP: 0,
      topK: 5,
      frequencyPenalty: 0,
      presencePenalty: 0.5,
      seed: 0,
      stop: 'END',
      enableThinking: false,
    });
    expect(model.invocationParams()).toEqual({
      model: DEFAULT_CHAT_MODEL,
      temperature: 0,
      max_tokens: 0,
      top_p: 0,
      top_k: 5,
      frequency_penalty: 0,
      presence_penalty: 0.5,
      seed: 0,
      stop: ['END'],
      enable_thinking: false,
    });
    expect(new ChatPolarGrid({ apiKey: KEY, stopSequences: [] }).invocationParams()).toEqual({
      model: DEFAULT_CHAT_MODEL,
    });
  });

  test('invocationParams converts call-option tools and tool_choice', () => {
    const model = new ChatPolarGrid({ apiKey: KEY });
    const params = model.invocationParams({
      tools: [
        { name: 'weather', description: 'Weather', schema: z.object({ location: z.string() }) },
      ],
      tool_choice: 'any',
      parallel_tool_calls: false,
    } as never);
    expect(params.tools?.[0]).toMatchObject({ type: 'function', function: { name: 'weather' } });
    expect(params.tool_choice).toBe('required');
    expect(params.parallel_tool_calls).toBe(false);
  });

  test('more than 4 stop sequences: the core error on the call, naming stop, without network', async () => {
    // The limit is checked once, in the core, before any request (it used to be repeated here, at
    // construction too).
    const net = noNetwork();
    const configured = new ChatPolarGrid({
      apiKey: KEY,
      fetch: net.fetch,
      stop: ['a', 'b', 'c', 'd', 'e'],
      maxRetries: 3,
    });
    const atConstruction = await configured.invoke('hi').catch((e: unknown) => e);
    expect(atConstruction).toMatchObject({
      name: 'ValidationError',
      code: 'invalid_request',
      param: 'stop',
    });
    expect((atConstruction as Error).message).toMatch(/stop .*at most 4/);
    expect(getRetryable(atConstruction)).toBe(false);
    const model = new ChatPolarGrid({ apiKey: KEY, fetch: net.fetch });
    await expect(model.invoke('hi', { stop: ['a', 'b', 'c', 'd', 'e'] })).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'invalid_request',
      param: 'stop',
    });
    expect(net.calls).toEqual([]);
  });

  test('console.log / util.inspect of a model never shows the key', async () => {
    const { inspect } = await import('node:util');
    const model = new ChatPolarGrid({ apiKey: KEY });
    const shown = inspect(model, { depth: 10 });
    expect(shown).not.toContain(KEY);
    expect(shown).toContain('POLARGRID_API_KEY');
  });

  test('tools for a model without tool calling are refused instead of silently ignored', async () => {
    const net = noNetwork();
    const model = new ChatPolarGrid({ apiKey: KEY, model: 'qwen-3.5-9b', fetch: net.fetch });
    expect(() => model.bindTools([{ name: 'x', schema: z.object({}) }])).toThrow(
      /does not support tool calling/,
    );
    // Tools given as a call option are refused by the core, before the network. (Every catalogue
    // model without tool calling is also retired, which the core reports first.)
    const tools = [{ name: 'x', description: 'x', schema: z.object({}) }];
    await expect(model.invoke('hi', { tools })).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'model_retired',
    });
    expect(net.calls).toEqual([]);
  });

  test('toJSON and console.log never show credential headers, in any shape', async () => {
    const { inspect } = await import('node:util');
    const model = new ChatPolarGrid({
      apiKey: KEY,
      headers: { Authorization: 'Bearer whatever', 'x-team': 'a', 'x-forwarded-key': KEY },
      defaultHeaders: { Cookie: 'session=1', 'X-Api-Key': 'k', 'x-trace': 'on' },
      queryParams: { 'api-version': '7', access_token: 't' },
    });
    const json = model.toJSON() as { kwargs: Record<string, unknown> };
    expect(json.kwargs.headers).toEqual({ 'x-team': 'a' });
    expect(json.kwargs.default_headers).toEqual({ 'x-trace': 'on' });
    expect(json.kwargs.query_params).toEqual({ 'api-version': '7' });
    for (const shown of [JSON.stringify(model), inspect(model, { depth: 10 })]) {
      expect(shown).not.toContain(KEY);
      expect(shown).not.toMatch(/whatever|session=1|access_token/);
      expect(shown).not.toMatch(/X-Api-Key/i);
    }
    // The other classes show the same view (PolarGridEmbeddings is not serialisable and keeps
    // its connection only inside the client).
    const fields = {
      apiKey: KEY,
      headers: { Authorization: 'Bearer whatever', 'x-team': 'a' },
      defaultHeaders: { Cookie: 'session=1' },
    };
    for (const other of [new PolarGridLLM(fields), new PolarGridEmbeddings(fields)]) {
      for (const shown of [JSON.stringify(other), inspect(other, { depth: 10 })]) {
        expect(shown).not.toContain(KEY);
        expect(shown).not.toMatch(/whatever|session=1/);
      }
    }
    // A key of any shape (not pg_…) is kept out by value.
    const odd = new ChatPolarGrid({
      apiKey: 'my-gateway-secret',
      headers: { 'x-k': 'my-gateway-secret' },
    });
    expect(JSON.stringify(odd)).not.toContain('my-gateway-secret');
  });

  test('bindTools keeps extra kwargs (createAgent relies on them)', () => {
    const model = new ChatPolarGrid({ apiKey: KEY });
    const bound = model.bindTools([{ name: 'x', description: 'x', schema: z.object({}) }], {
      tool_choice: 'any',
      response_format: { type: 'json_object' },
    }) as unknown as { config: Record<string, unknown> };
    expect(bound.config).toMatchObject({
      tool_choice: 'any',
      response_format: { type: 'json_object' },
    });
    expect((bound.config.tools as unknown[])[0]).toMatchObject({ function: { name: 'x' } });
  });

  test('profile comes from the catalogue and can be overridden', () => {
    expect(new ChatPolarGrid({ apiKey: KEY }).profile).toMatchObject({
      toolCalling: true,
      structuredOutput: true,
    });
    expect(new ChatPolarGrid({ apiKey: KEY, model: 'unknown-model' }).profile).toEqual({});
    expect(
      new ChatPolarGrid({ apiKey: KEY, model: 'unknown-model', profile: { toolCalling: true } })
        .profile,
    ).toEqual({ toolCalling: true });
  });

  test('an already-aborted signal rejects before any network (invoke, stream, streamEvents)', async () => {
    const net = noNetwork();
    const model = new ChatPolarGrid({ apiKey: KEY, fetch: net.fetch, maxRetries: 0 });
    const signal = AbortSignal.abort();
    await expect(model.invoke([new HumanMessage('hi')], { signal })).rejects.toThrow();
    await expect(
      (async () => {
        for await (const _ of await model.stream('hi', { signal })) {
          // no chunks expected
        }
      })(),
    ).rejects.toThrow();
    const streaming = new ChatPolarGrid({ apiKey: KEY, fetch: net.fetch, streaming: true });
    await expect(streaming.invoke('hi', { signal })).rejects.toThrow();
    expect(net.calls).toEqual([]);
  });

  test('a malformed key fails the first call with a ConfigurationError, once, without network', async () => {
    const net = noNetwork();
    const model = new ChatPolarGrid({ apiKey: 'test', fetch: net.fetch, maxRetries: 3 });
    const error = await model.invoke('hi').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigurationError' });
    // Stamped non-retryable, so AsyncCaller gives up at once (see errors.test.ts).
    expect(getRetryable(error)).toBe(false);
    expect(net.calls).toEqual([]);
  });

  test('cache key parameters are deterministic', () => {
    const a = new ChatPolarGrid({ apiKey: KEY, temperature: 0 });
    const b = new ChatPolarGrid({ apiKey: KEY, temperature: 0 });
    expect(a._getSerializedCacheKeyParametersForCall({} as never)).toBe(
      b._getSerializedCacheKeyParametersForCall({} as never),
    );
    expect(a._getSerializedCacheKeyParametersForCall({} as never)).toContain('temperature:0');
  });
});
