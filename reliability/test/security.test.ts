/**
 * Security: the key goes only to edges, only in `Authorization`; untrusted autorouter endpoints are
 * refused; server JSON cannot pollute prototypes; a browser page needs the explicit opt-in.
 * Every check runs on every surface, and the results go to docs/reliability.md.
 */
import { createPolarGrid } from '@polargrid/ai-sdk-provider';
import { PolarGridEdge, streamChatCompletion } from '@polargrid/core';
import { PolarGrid } from '@polargrid/core/sdk';
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import { ChatPolarGrid, PolarGridEmbeddings, PolarGridLLM } from '@polargrid/langchain';
import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gate } from '../src/report/known-issues.ts';
import { cell, writeSection } from '../src/report/sections.ts';
import {
  type CapturedRequest,
  containsKey,
  leakingViews,
  recordingFetch,
  requestLeaks,
  SENTINEL_KEY,
} from '../src/security/secrets.ts';
import {
  type FakeAutorouter,
  internetFetch,
  startFakeAutorouter,
} from '../src/servers/fake-autorouter.ts';
import { type ScriptedServer, startScriptedServer } from '../src/servers/scripted-sse-server.ts';
import { chunkEvent, utf8 } from '../src/shared/sse.ts';
import {
  type ConnectionOptions,
  type Observed,
  runSurface,
  SURFACES,
  type SurfaceName,
} from '../src/surfaces/surfaces.ts';

const MODEL = 'qwen-3.8-27b';
const PROMPT = 'Name three rivers in Canada.';
const LOGGING: ReadonlySet<SurfaceName> = new Set([
  'core.chatCompletion',
  'core.chatCompletionStream',
  'ai.generateText',
  'ai.streamText',
]);

let emulator: EdgeEmulator;
/** An emulator that knows another key, so ours earns a 401. */
let strictEmulator: EdgeEmulator;
let autorouter: FakeAutorouter;
let scripted: ScriptedServer;
const report: Record<string, string[]> = { secrecy: [], endpoints: [], pollution: [], browser: [] };

beforeAll(async () => {
  emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } });
  strictEmulator = await startEdgeEmulator({
    timing: { ttftMs: 0, tokensPerSecond: 0 },
    apiKeys: ['pg_someone_else_entirely_123'],
  });
  autorouter = await startFakeAutorouter();
  scripted = await startScriptedServer();
});

afterAll(async () => {
  await Promise.all([
    emulator?.close(),
    strictEmulator?.close(),
    autorouter?.close(),
    scripted?.close(),
  ]);
  writeSection(
    'security',
    [
      '## Security',
      '',
      '### The key goes only to edges, only in `Authorization`',
      '',
      "A recording `fetch` and the emulator's request log capture every outbound request; a debug",
      'logger captures every log line (core and AI SDK; `ChatPolarGrid` has no debug option). Each',
      'scenario ran on every surface; then errors, clients, models, LangChain serialisation and',
      'callback payloads were printed every way a user might (`JSON.stringify`, `toJSON()`,',
      '`util.inspect` with and without hidden fields, `String`, message, stack, cause).',
      '',
      '| Surface | Scenario | Requests | Log lines | Leaks |',
      '|---|---|---|---|---|',
      ...report.secrecy!,
      '',
      '### Autorouter endpoints outside the PolarGrid edge domain are refused',
      '',
      'Default autorouter URL (`https://autorouter.polargrid.ai`), reached through a `fetch` that maps',
      'it to a fake on loopback and maps genuine `https://api.<region>.edge.polargrid.ai` edges to the',
      'emulator; any other host counts as an escape.',
      '',
      '| Endpoint answered | Surface | Outcome | ✓ |',
      '|---|---|---|---|',
      ...report.endpoints!,
      '',
      '### Server JSON cannot pollute prototypes',
      '',
      '| Payload | Surface | Outcome | ✓ |',
      '|---|---|---|---|',
      ...report.pollution!,
      '',
      '### A key in a browser page needs `dangerouslyAllowBrowser`',
      '',
      '| Surface | Without opt-in | With opt-in | ✓ |',
      '|---|---|---|---|',
      ...report.browser!,
      '',
    ].join('\n'),
  );
});

function originOf(url: string): string {
  return new URL(url).origin;
}

describe('key secrecy', () => {
  interface Scenario {
    name: string;
    target: () => EdgeEmulator;
    arrange?: (e: EdgeEmulator) => void;
    maxRetries?: number;
  }
  const scenarios: Scenario[] = [
    { name: 'success', target: () => emulator },
    {
      name: '429 (typed error)',
      target: () => emulator,
      arrange: (e) => e.inject({ kind: 'rate-limit', retryAfter: 0 }),
      maxRetries: 0,
    },
    {
      name: 'in-stream error',
      target: () => emulator,
      arrange: (e) => e.inject({ kind: 'stream-error', afterChunks: 2 }),
    },
    {
      name: 'autorouter dead → fallback',
      target: () => emulator,
      arrange: (e) => e.inject({ kind: 'autorouter-dead' }),
    },
    { name: '401 (key rejected)', target: () => strictEmulator, maxRetries: 0 },
  ];

  for (const surface of SURFACES) {
    it(`${surface}: the key appears only in Authorization to edges`, async () => {
      const problems: string[] = [];
      for (const scenario of scenarios) {
        const target = scenario.target();
        target.clearFaults();
        target.resetRequests();
        scenario.arrange?.(target);
        const captured: CapturedRequest[] = [];
        const logs: string[] = [];
        const conn: ConnectionOptions = {
          ...target.clientOptions(),
          apiKey: SENTINEL_KEY,
          fetch: recordingFetch(captured),
          debug: (message, data) => logs.push(`${message} ${JSON.stringify(data ?? {})}`),
        };
        const observed: Observed = await runSurface(
          surface,
          conn,
          { model: MODEL, prompt: PROMPT },
          { maxRetries: scenario.maxRetries },
        );
        const found: string[] = [];
        const edgeOrigins = new Set(Object.values(target.edgeURLs).map(originOf));
        for (const req of captured)
          found.push(...requestLeaks(req, edgeOrigins.has(originOf(req.url))));
        for (const req of target.requests) {
          const headers = req.headers as Record<string, string | string[] | undefined>;
          for (const [name, value] of Object.entries(headers)) {
            if (!containsKey(String(value))) continue;
            if (req.target === 'autorouter')
              found.push(`emulator: key reached the autorouter (${name})`);
            else if (name !== 'authorization') found.push(`emulator: key in header ${name}`);
          }
          if (containsKey(`${req.path} ${JSON.stringify(req.query)} ${JSON.stringify(req.body)}`))
            found.push(`emulator: key in path/query/body of ${req.target}`);
        }
        for (const line of logs)
          if (containsKey(line)) found.push(`log line: ${line.slice(0, 80)}`);
        if (observed.rawError !== undefined) {
          for (const view of leakingViews(observed.rawError)) found.push(`error ${view}`);
        }
        const edgeCalls = captured.filter((r) => edgeOrigins.has(originOf(r.url))).length;
        if (edgeCalls === 0) found.push('no edge request was made (scenario did not run)');
        if (LOGGING.has(surface) && logs.length === 0 && scenario.name.startsWith('autorouter'))
          found.push('no debug line was captured (logger not exercised)');
        report.secrecy!.push(
          `| ${surface} | ${scenario.name} | ${captured.length} (${edgeCalls} to edges) | ${LOGGING.has(surface) ? logs.length : 'n/a'} | ${found.length === 0 ? '✓ none' : `✗ ${cell(found.join('; '))}`} |`,
        );
        problems.push(...found.map((f) => `${scenario.name}: ${f}`));
      }
      target_cleanup();
      expect(problems).toEqual([]);
    });
  }

  function target_cleanup() {
    emulator.clearFaults();
    strictEmulator.clearFaults();
  }

  it('clients, models, LangChain serialisation and callback payloads never show the key', async () => {
    const opts = { ...emulator.clientOptions(), apiKey: SENTINEL_KEY };
    const provider = createPolarGrid(opts);
    const lc = new ChatPolarGrid({ ...opts, model: MODEL });
    const callbackPayloads: unknown[] = [];
    await lc.invoke(PROMPT, {
      callbacks: [
        {
          handleChatModelStart: (...args: unknown[]) => {
            callbackPayloads.push(args);
          },
          handleLLMEnd: (...args: unknown[]) => {
            callbackPayloads.push(args);
          },
        },
      ],
    });
    const ai = await generateText({ model: provider(MODEL), prompt: PROMPT });
    const objects: Record<string, unknown> = {
      PolarGridEdge: new PolarGridEdge(opts),
      PolarGrid: new PolarGrid(opts),
      'createPolarGrid()': provider,
      'provider(model)': provider(MODEL),
      ChatPolarGrid: lc,
      PolarGridLLM: new PolarGridLLM({ ...opts, model: MODEL }),
      PolarGridEmbeddings: new PolarGridEmbeddings({ ...opts, model: 'pg-embed-v1' }),
      'ChatPolarGrid.invocationParams()': lc.invocationParams({}),
      'LangChain callback payloads': callbackPayloads,
      'generateText result .request/.response': { request: ai.request, response: ai.response },
    };
    const problems: string[] = [];
    for (const [name, value] of Object.entries(objects)) {
      const views = leakingViews(value);
      const verdict = gate(
        `security/objects/${name}`,
        views.length === 0 ? [] : [`key in ${views.join(', ')}`],
      );
      report.secrecy!.push(
        `| ${cell(name)} | printed/serialised | – | – | ${cell(verdict.mark)} |`,
      );
      problems.push(...verdict.failing.map((f) => `${name}: ${f}`));
    }
    // LangChain serialisation replaces the key by a secret reference.
    expect(JSON.stringify(lc)).toContain('POLARGRID_API_KEY');
    expect(callbackPayloads.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

describe('autorouter endpoints', () => {
  const HOSTILE = [
    'https://evil.example.com',
    'http://api.yul-01.edge.polargrid.ai',
    'https://api.yul-01.edge.polargrid.ai.evil.com',
    'https://evil.com/api.yul-01.edge.polargrid.ai',
    'https://api.yul-01.edge.polargrid.ai:8443',
    'https://user:pw@api.yul-01.edge.polargrid.ai',
    'http://127.0.0.1:9',
    'javascript:alert(1)',
  ];
  const PROBE: SurfaceName[] = ['core.chatCompletion', 'ai.generateText', 'langchain.invoke'];

  it('refuses endpoints outside the edge domain and falls back to a genuine edge', async () => {
    const problems: string[] = [];
    for (const endpoint of HOSTILE) {
      autorouter.answer = JSON.stringify({
        region: 'yul-01',
        name: 'Montreal',
        endpoint,
        ttl: 300,
      });
      for (const surface of PROBE) {
        const net = internetFetch(autorouter.url, emulator.edgeURLs);
        const before = autorouter.requests.length;
        const observed = await runSurface(
          surface,
          { apiKey: SENTINEL_KEY, fetch: net.fetch },
          { model: MODEL, prompt: PROMPT },
          { maxRetries: 0 },
        );
        const asked = autorouter.requests.length - before;
        const found: string[] = [];
        if (asked === 0) found.push('the fake autorouter was never asked');
        if (net.escaped.length > 0) found.push(`request escaped to ${net.escaped.join(', ')}`);
        if (!observed.ok)
          found.push(`call failed: ${observed.error?.name} ${observed.error?.message}`);
        for (const r of autorouter.requests.slice(before))
          if (r.headers.authorization !== undefined)
            found.push('autorouter got an Authorization header');
        const edges = net.asked.filter((u) => u.includes('.edge.polargrid.ai'));
        report.endpoints!.push(
          `| \`${cell(endpoint)}\` | ${surface} | ${observed.ok ? `ok via ${cell(edges.map((u) => new URL(u).hostname).join(', '))}` : `failed: ${cell(observed.error?.message ?? '')}`} | ${found.length === 0 ? '✓' : `✗ ${cell(found.join('; '))}`} |`,
        );
        problems.push(...found.map((f) => `${endpoint} ${surface}: ${f}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('accepts a genuine edge endpoint, and any endpoint when the user set the autorouter URL', async () => {
    const problems: string[] = [];
    for (const surface of PROBE) {
      autorouter.answer = JSON.stringify({
        region: 'yul-01',
        name: 'Montreal',
        endpoint: 'https://api.yul-01.edge.polargrid.ai',
        ttl: 300,
      });
      const net = internetFetch(autorouter.url, emulator.edgeURLs);
      const genuine = await runSurface(
        surface,
        { apiKey: SENTINEL_KEY, fetch: net.fetch },
        { model: MODEL, prompt: PROMPT },
      );
      const used = net.asked
        .filter((u) => u.includes('/chat/completions'))
        .map((u) => new URL(u).hostname);
      const okGenuine = genuine.ok && used[0] === 'api.yul-01.edge.polargrid.ai';
      report.endpoints!.push(
        `| \`https://api.yul-01.edge.polargrid.ai\` | ${surface} | ${genuine.ok ? `ok via ${used.join(', ')}` : `failed: ${cell(genuine.error?.message ?? '')}`} | ${okGenuine ? '✓' : '✗ not used'} |`,
      );
      if (!okGenuine) problems.push(`${surface}: genuine endpoint not used (${used.join(', ')})`);

      // The user chose the autorouter: its loopback endpoint is trusted (how the emulator works).
      autorouter.answer = JSON.stringify({
        region: 'yvr-02',
        name: 'Vancouver',
        endpoint: emulator.edgeURLs['yvr-02'],
        ttl: 300,
      });
      const captured: CapturedRequest[] = [];
      const custom = await runSurface(
        surface,
        { apiKey: SENTINEL_KEY, autorouterURL: autorouter.url, fetch: recordingFetch(captured) },
        { model: MODEL, prompt: PROMPT },
      );
      const chat = captured
        .filter((r) => r.url.includes('/chat/completions'))
        .map((r) => originOf(r.url));
      const okCustom = custom.ok && chat[0] === originOf(emulator.edgeURLs['yvr-02']!);
      report.endpoints!.push(
        `| loopback edge, autorouter URL set by the user | ${surface} | ${custom.ok ? 'ok via the answered endpoint' : `failed: ${cell(custom.error?.message ?? '')}`} | ${okCustom ? '✓' : '✗'} |`,
      );
      if (!okCustom) problems.push(`${surface}: user-set autorouter endpoint not used`);
    }
    expect(problems).toEqual([]);
  });
});

describe('prototype pollution', () => {
  const POISON =
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}';
  const streamBody = () =>
    `data: ${POISON.slice(0, -1)}, "choices": []}\n\n` +
    chunkEvent({ role: 'assistant', content: '' }) +
    `data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","__proto__":{"polluted":true},"choices":[{"index":0,"delta":{"content":"safe","__proto__":{"polluted":true}},"finish_reason":null}]}\n\n` +
    chunkEvent({}, 'stop') +
    `data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","\\u005f\\u005fproto__":{"polluted":true},"choices":[{"index":0,"delta":{"content":"","\\u005f_proto__":{"polluted":true}},"finish_reason":null}]}\n\n` +
    `data: {"usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2, "__proto__": {"polluted": true}}, "choices": []}\n\n` +
    `event: pg_metadata\ndata: {"inference_ttft_ms": 1, "__proto__": {"polluted": true}}\n\n` +
    'data: [DONE]\n\n';
  const jsonBody =
    '{"id":"x","object":"chat.completion","created":1,"model":"m","__proto__":{"polluted":true},' +
    '"choices":[{"index":0,"message":{"role":"assistant","content":"safe","\\u005f_proto__":{"polluted":true}},"finish_reason":"stop"}],' +
    '"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2,"__proto__":{"polluted":true}}}';
  const errorBodies = [
    {
      status: 400,
      body: `{"error": {"message": "bad", "code": "x", "__proto__": {"polluted": true}}, ${POISON.slice(1)}`,
    },
    {
      status: 422,
      body: '{"detail": [{"loc": ["body"], "msg": "bad", "__proto__": {"polluted": true}}]}',
    },
    {
      status: 429,
      body: `{"error": {"message": "slow down", "type": "rate_limit_error", "__proto__": {"polluted": true}}}`,
    },
  ];

  function clean(): boolean {
    const probe = {} as Record<string, unknown>;
    return (
      probe.polluted === undefined &&
      !Object.hasOwn(Object.prototype, 'polluted') &&
      ([] as unknown as Record<string, unknown>).polluted === undefined
    );
  }

  it('chunks, bodies and errors carrying __proto__ pollute nothing, on every surface', async () => {
    const problems: string[] = [];
    const cases: {
      name: string;
      script: () => { status: number; contentType: string; body: string };
    }[] = [
      {
        name: 'success body / stream chunks',
        script: () => ({ status: 200, contentType: '', body: '' }),
      },
      ...errorBodies.map((e) => ({
        name: `${e.status} error body`,
        script: () => ({ status: e.status, contentType: 'application/json', body: e.body }),
      })),
    ];
    for (const c of cases) {
      for (const surface of SURFACES) {
        const streaming =
          surface.endsWith('Stream') ||
          surface.endsWith('streamText') ||
          surface.endsWith('.stream');
        const spec = c.script();
        const body = spec.status === 200 ? (streaming ? streamBody() : jsonBody) : spec.body;
        scripted.fallback = {
          status: spec.status,
          headers: {
            'content-type':
              spec.status === 200
                ? streaming
                  ? 'text/event-stream'
                  : 'application/json'
                : spec.contentType,
          },
          segments: [utf8(body)],
          ending: 'end',
        };
        const observed = await runSurface(
          surface,
          { apiKey: SENTINEL_KEY, baseURL: scripted.url },
          { model: MODEL, prompt: PROMPT },
          { maxRetries: 0 },
        );
        const found: string[] = [];
        if (!clean()) found.push('Object.prototype polluted');
        if (spec.status === 200 && (!observed.ok || observed.text !== 'safe'))
          found.push(
            `expected text "safe", got ${observed.ok ? JSON.stringify(observed.text) : observed.error?.message}`,
          );
        if (spec.status !== 200 && (observed.ok || observed.error?.status !== spec.status))
          found.push(
            `expected a typed ${spec.status}, got ${observed.ok ? 'success' : observed.error?.status}`,
          );
        report.pollution!.push(
          `| ${c.name} | ${surface} | ${observed.ok ? `ok "${cell(observed.text)}"` : `${observed.error?.name} ${observed.error?.status ?? ''}`} | ${found.length === 0 ? '✓' : `✗ ${cell(found.join('; '))}`} |`,
        );
        problems.push(...found.map((f) => `${c.name} ${surface}: ${f}`));
      }
    }
    scripted.fallback = undefined;

    // A route answer carrying __proto__ (default autorouter URL, through the internet fetch).
    for (const surface of ['core.chatCompletion', 'ai.generateText', 'langchain.invoke'] as const) {
      autorouter.answer = `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "region": "yto-01", "name": "Toronto", "endpoint": "https://api.yto-01.edge.polargrid.ai", "ttl": 300}`;
      const net = internetFetch(autorouter.url, emulator.edgeURLs);
      const observed = await runSurface(
        surface,
        { apiKey: SENTINEL_KEY, fetch: net.fetch },
        { model: MODEL, prompt: PROMPT },
      );
      const found = clean() ? [] : ['Object.prototype polluted'];
      if (!observed.ok) found.push(`call failed: ${observed.error?.message}`);
      report.pollution!.push(
        `| route answer | ${surface} | ${observed.ok ? 'ok' : 'failed'} | ${found.length === 0 ? '✓' : `✗ ${cell(found.join('; '))}`} |`,
      );
      problems.push(...found.map((f) => `route answer ${surface}: ${f}`));
    }
    expect(problems).toEqual([]);
  });
});

describe('prototype pollution: objects handed to the caller', () => {
  it('objects returned by the PolarGrid SDK surface and raw events carry no prototype keys', async () => {
    // Own keys that turn into prototype writes the moment a caller Object.assign()s or deep-merges
    // the object (`_Proto__` is `__proto__` after the SDK surface's camelCase conversion).
    const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '_Proto__']);
    const problemsOf = (value: unknown): string[] => {
      const out: string[] = [];
      const todo: unknown[] = [value];
      while (todo.length > 0) {
        const v = todo.pop();
        if (typeof v !== 'object' || v === null) continue;
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== Array.prototype && proto !== null)
          out.push('object with an injected prototype');
        for (const key of Object.keys(v)) if (FORBIDDEN.has(key)) out.push(`own key ${key}`);
        todo.push(...Object.values(v));
      }
      return out;
    };
    const escaped = (t: string) => t.replaceAll('"__proto__"', '"\\u005f_proto__"');
    const chunkText =
      '{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","__proto__":{"polluted":true},"choices":[{"index":0,"delta":{"content":"safe","__proto__":{"polluted":true}},"finish_reason":null}]}';
    const found: string[] = [];
    for (const spelling of ['plain', 'escaped'] as const) {
      const text = spelling === 'plain' ? chunkText : escaped(chunkText);
      scripted.fallback = {
        headers: { 'content-type': 'text/event-stream' },
        segments: [utf8(`data: ${text}\n\n${chunkEvent({}, 'stop')}data: [DONE]\n\n`)],
        ending: 'end',
      };
      const pg = new PolarGrid({ apiKey: SENTINEL_KEY, baseURL: scripted.url, maxRetries: 0 });
      const chunks: unknown[] = [];
      for await (const chunk of pg.chatCompletionStream({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
      }))
        chunks.push(chunk);
      const raws: unknown[] = [];
      const { events } = await streamChatCompletion(
        pg.client,
        { model: MODEL, messages: [{ role: 'user', content: 'x' }] },
        { includeRaw: true },
      );
      const reader = events.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.type === 'raw') raws.push(value.data);
      }
      scripted.fallback = {
        headers: { 'content-type': 'application/json' },
        segments: [
          utf8(
            (spelling === 'plain' ? (t: string) => t : escaped)(
              '{"id":"x","object":"chat.completion","created":1,"model":"m","__proto__":{"polluted":true},"choices":[{"index":0,"message":{"role":"assistant","content":"safe","__proto__":{"polluted":true}},"finish_reason":"stop"}]}',
            ),
          ),
        ],
        ending: 'end',
      };
      const response = await pg.chatCompletion({
        model: MODEL,
        messages: [{ role: 'user', content: 'x' }],
      });
      scripted.fallback = undefined;
      expect(chunks.length).toBeGreaterThan(0);
      expect(raws.length).toBeGreaterThan(0);
      const cases: [string, unknown[]][] = [
        ['chatCompletionStream chunks', chunks],
        ['raw stream events (includeRaw)', raws],
        ['chatCompletion response', [response]],
      ];
      for (const [what, values] of cases) {
        const problems = [...new Set(values.flatMap(problemsOf))];
        const verdict = gate(`security/pollution/${what}`, problems);
        report.pollution!.push(
          `| ${spelling} \`__proto__\` keys | ${cell(what)} | ${values.length} object(s) | ${cell(verdict.mark)} |`,
        );
        found.push(...verdict.failing.map((f) => `${spelling} ${what}: ${f}`));
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    expect(found).toEqual([]);
  });
});

describe('browser opt-in', () => {
  it('refuses a key in a browser page before any request, unless dangerouslyAllowBrowser', async () => {
    const g = globalThis as Record<string, unknown>;
    const problems: string[] = [];
    for (const surface of SURFACES) {
      const captured: CapturedRequest[] = [];
      const conn = {
        ...emulator.clientOptions(),
        apiKey: SENTINEL_KEY,
        fetch: recordingFetch(captured),
      };
      g.window = {};
      g.document = {};
      let refused: Observed;
      let allowed: Observed;
      try {
        refused = await runSurface(
          surface,
          conn,
          { model: MODEL, prompt: PROMPT },
          { maxRetries: 0 },
        );
        const sentWhileRefused = captured.length;
        allowed = await runSurface(
          surface,
          { ...conn, dangerouslyAllowBrowser: true },
          { model: MODEL, prompt: PROMPT },
        );
        const found: string[] = [];
        if (refused.ok) found.push('a browser page used the key without opt-in');
        if (!/browser/i.test(refused.error?.message ?? ''))
          found.push(`error does not explain: ${refused.error?.message}`);
        if (sentWhileRefused > 0) found.push(`${sentWhileRefused} request(s) sent before refusing`);
        if (!allowed.ok) found.push(`opt-in did not work: ${allowed.error?.message}`);
        report.browser!.push(
          `| ${surface} | ${refused.ok ? 'ALLOWED' : `${refused.error?.name}${refused.error?.coreName && refused.error.coreName !== refused.error.name ? `(${refused.error.coreName})` : ''}, ${sentWhileRefused} requests`} | ${allowed.ok ? 'ok' : 'failed'} | ${found.length === 0 ? '✓' : `✗ ${cell(found.join('; '))}`} |`,
        );
        problems.push(...found.map((f) => `${surface}: ${f}`));
      } finally {
        delete g.window;
        delete g.document;
      }
    }
    expect(problems).toEqual([]);
  });
});
