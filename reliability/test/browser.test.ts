/**
 * Browser reach: `@polargrid/core` (and the AI SDK provider under `ai`'s `streamText`) bundled
 * for the browser as an app would bundle them, loaded into a real headless Chromium page, and
 * driven against this process's edge emulator through a same-origin proxy
 * (src/browser/page-server.ts says why). Each check runs in the page through `page.evaluate`;
 * where the page must agree with Node, the same scenario function runs in Node against the
 * emulator directly. A missing Chromium fails the file with the fix in the message.
 */
import { type EdgeEmulator, startEdgeEmulator } from '@polargrid/edge-emulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltScript, bundlePage, type PageScript, pageHtml } from '../src/browser/bundle.ts';
import {
  assertChromium,
  CHROMIUM_PATH,
  ChromiumMissingError,
  launchChromium,
} from '../src/browser/chromium.ts';
import { type Exchange, type PageServer, startPageServer } from '../src/browser/page-server.ts';
import * as aiScenarios from '../src/browser/scenarios-ai-sdk.ts';
import * as coreScenarios from '../src/browser/scenarios-core.ts';
import type { Connection, ErrorView, StreamOutcome } from '../src/browser/scenarios-core.ts';
import { gate } from '../src/report/known-issues.ts';
import { cell, writeSection } from '../src/report/sections.ts';

type CoreModule = typeof coreScenarios;
type AiModule = typeof aiScenarios;

declare global {
  var pgModules: { 'core.js'?: CoreModule; 'ai-sdk.js'?: AiModule };
  var pgLoadErrors: Partial<Record<PageScript, string>>;
}

const MODEL = 'qwen-3.8-27b';
const PROMPT = 'Name three rivers in Canada.';
const user = (content: string) => [{ role: 'user' as const, content }];
const CHAT = { model: MODEL, messages: user(PROMPT) };
const TOOLS = {
  model: MODEL,
  messages: user('What is the weather in Paris today, in celsius?'),
  tools: [
    {
      type: 'function' as const,
      function: {
        name: 'get_weather',
        description: 'Get the current weather for a city',
        parameters: {
          type: 'object',
          properties: {
            location: { type: 'string' },
            unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          },
          required: ['location'],
        },
      },
    },
  ],
};
// The emulator streams this conversation's `<think>` split as `<` | `thi` | `nk>` (checked below
// on the wire), so the browser's splitter must join a tag across chunks.
const THINK = { model: MODEL, messages: user('Why is the sky blue?'), enable_thinking: true };

let emulator: EdgeEmulator | undefined;
let browser: Browser | undefined;
let server: PageServer | undefined;
let page: Page;
let bundles: Record<PageScript, BuiltScript> | undefined;
let chromiumVersion = '–';
let pageConn: Connection;
let nodeConn: Connection;
let expectedText: string;
let loadErrors: Partial<Record<PageScript, string>> = {};
/** `error.name` of the AI SDK provider's refusal of a key in the page (checked with the names). */
let aiRefusalName: string | undefined;

/** What the page printed, and every request it sent (for the key scan). */
const consoleLines: { type: string; text: string; args: Promise<string[]> }[] = [];
const pageErrors: string[] = [];
const pageRequests: Promise<{ url: string; headers: Record<string, string>; body: string }>[] = [];

const rows = new Map<string, string>();
const CHECKS: [id: string, what: string][] = [
  ['browser/refuse-key', 'A key without `dangerouslyAllowBrowser` is refused, typed, offline'],
  ['browser/stream-chat', 'Autorouted streamed chat: metadata, deltas, finish; text = Node'],
  ['browser/tools-think', 'Tool-call and split-`<think>` streams decode as in Node'],
  ['browser/abort', 'Abort mid-stream: `AbortError`, and the edge connection closes'],
  ['browser/failover', '503 on the routed edge fails over in the page'],
  ['browser/ai-sdk', "AI SDK provider under `ai`'s `streamText`: same text"],
  ['browser/ai-sdk-abort', '`streamText` aborted mid-stream: `onAbort`, as in Node'],
  ['browser/key-secrecy', 'Key absent from console, page errors, request URLs/bodies, errors'],
  ['browser/error-names', '`error.name` of typed errors in a minified bundle'],
];

/** Runs one check's problems through the known-issue gate, records its row, fails if it must. */
function verdict(id: string, problems: string[], observed: string): void {
  const { failing, mark } = gate(id, problems);
  const what = CHECKS.find(([c]) => c === id)?.[1] ?? id;
  rows.set(id, `| ${cell(what)} | ${cell(observed)} | ${cell(mark)} |`);
  expect(failing, id).toEqual([]);
}

/** Runs a scenario exported by a page script, in the page. */
async function inPage<M extends PageScript, R>(
  script: M,
  name: string,
  args: unknown[],
): Promise<R> {
  return page.evaluate(
    async ([s, n, a]) => {
      const mod = globalThis.pgModules[s as PageScript] as
        | Record<string, (...x: unknown[]) => unknown>
        | undefined;
      if (!mod) throw new Error(`${s} is not loaded: ${globalThis.pgLoadErrors[s as PageScript]}`);
      return (await mod[n as string]!(...(a as unknown[]))) as R;
    },
    [script, name, args] as const,
  );
}

const core = <K extends keyof CoreModule>(
  name: K,
  ...args: Parameters<CoreModule[K]>
): Promise<Awaited<ReturnType<CoreModule[K]>>> => inPage('core.js', name, args);
const ai = <K extends keyof AiModule>(
  name: K,
  ...args: Parameters<AiModule[K]>
): Promise<Awaited<ReturnType<AiModule[K]>>> => inPage('ai-sdk.js', name, args);

/** Resolves when `p` does, or to `false` after `ms` (a bound on a real condition, not a sleep). */
function within<T>(p: Promise<T>, ms: number): Promise<T | false> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
}

const KEY_PARTS = () => {
  const key = nodeConn.apiKey;
  return [key, key.replace(/^pg_/, '')];
};
const leaks = (text: string): boolean => KEY_PARTS().some((part) => text.includes(part));

beforeAll(async () => {
  // Fail first and clearly when there is no browser (never a silent skip).
  assertChromium();
  const [built, launched, started] = await Promise.allSettled([
    bundlePage(),
    launchChromium(),
    startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } }),
  ]);
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'fulfilled') emulator = started.value;
  if (built.status === 'fulfilled') bundles = built.value;
  for (const r of [built, launched, started]) if (r.status === 'rejected') throw r.reason;
  chromiumVersion = browser!.version();
  const em = emulator!;
  nodeConn = em.clientOptions();
  server = await startPageServer({
    html: pageHtml(),
    scripts: Object.fromEntries(Object.entries(bundles!).map(([name, b]) => [name, b.code])),
    autorouterURL: em.autorouterURL,
    edgeURLs: em.edgeURLs,
  });
  pageConn = { apiKey: em.apiKey, ...server.connection };

  page = await browser!.newPage();
  page.on('console', (msg) => {
    consoleLines.push({
      type: msg.type(),
      text: msg.text(),
      args: Promise.all(
        msg.args().map((a) =>
          a.jsonValue().then(
            (v: unknown) => JSON.stringify(v) ?? String(v),
            (e: unknown) => `unreadable: ${String(e)}`,
          ),
        ),
      ),
    });
  });
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  page.on('request', (request) => {
    pageRequests.push(
      // allHeaders() includes what Chromium adds itself; an aborted request may only have headers().
      request
        .allHeaders()
        .catch(() => request.headers())
        .then((headers) => ({
          url: request.url(),
          headers,
          body: request.postData() ?? '',
        })),
    );
  });
  await page.goto(server.origin);
  await page.waitForFunction(
    () =>
      Object.keys(globalThis.pgModules).length + Object.keys(globalThis.pgLoadErrors).length >= 2,
    undefined,
    { timeout: 20_000 },
  );
  loadErrors = await page.evaluate(() => globalThis.pgLoadErrors);

  // The reference answer straight off the wire (no package of ours involved).
  const response = await fetch(`${em.edgeURLs['yto-01']}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${em.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(CHAT),
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  expectedText = body.choices[0]!.message.content;
  expect(expectedText.length).toBeGreaterThan(10);
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  await emulator?.close();
  const size = (name: PageScript) => {
    const b = bundles?.[name];
    return b
      ? `${(b.bytes / 1024).toFixed(1)} KiB (${(b.gzipBytes / 1024).toFixed(1)} KiB gzip)`
      : '–';
  };
  writeSection(
    'browser',
    [
      '## Browser (Chromium)',
      '',
      `Headless Chromium ${chromiumVersion} (Debian's \`chromium\`, driven by playwright-core) loads a`,
      'page whose scripts are bundled as an app would bundle them: esbuild, `platform: browser`, ESM,',
      "bundled and minified, from the packages' public entries resolved to their `dist`. The page",
      'reaches the emulator through a same-origin proxy (PolarGrid documents no CORS behaviour).',
      'Where the page must agree with Node, the same scenario runs in Node 24 against the emulator.',
      '',
      `Bundles: \`core.js\` (\`@polargrid/core\`: \`PolarGridEdge\`, \`streamChatCompletion\`, errors) ${size('core.js')}; \`ai-sdk.js\` (provider + \`ai\`) ${size('ai-sdk.js')}.`,
      '',
      '| Check | Observed | Result |',
      '|---|---|---|',
      ...CHECKS.map(([id, what]) => rows.get(id) ?? `| ${cell(what)} | – | not run |`),
      '',
    ].join('\n'),
  );
});

describe('Chromium availability', () => {
  it('a missing Chromium is an error that says how to install one', () => {
    expect(() => assertChromium('/nonexistent/chromium')).toThrow(ChromiumMissingError);
    expect(() => assertChromium('/nonexistent/chromium')).toThrow(
      /No Chromium at \/nonexistent\/chromium.*install-chromium\.sh.*CHROMIUM_PATH/,
    );
    expect(CHROMIUM_PATH).toBeTruthy();
  });
});

describe('@polargrid/core in a Chromium page', () => {
  it('loads every bundle without errors', () => {
    expect(loadErrors).toEqual({});
    expect(pageErrors).toEqual([]);
  });

  it('refuses a key in a page without dangerouslyAllowBrowser, before any request', async () => {
    const before = emulator!.requests.length;
    const inBrowser = await core('constructWithKey', pageConn);
    const inNode = coreScenarios.constructWithKey(nodeConn);
    const problems: string[] = [];
    if (!inBrowser.runtime.startsWith('page: ') || !/Chrome\//.test(inBrowser.runtime))
      problems.push(`ran in ${inBrowser.runtime}`);
    for (const [what, c] of [
      ['PolarGridEdge', inBrowser.edgeWithoutOptIn],
      ['PolarGridEdge', inBrowser.clientWithoutOptIn],
    ] as const) {
      const e = c.error;
      if (!c.threw || !e) {
        problems.push(`${what} without opt-in did not throw`);
        continue;
      }
      if (!e.classes.includes('ConfigurationError') || !e.isPolarGridError)
        problems.push(`${what}: not a ConfigurationError (${e.classes.join(',')})`);
      if (e.code !== 'browser_key') problems.push(`${what}: code ${e.code}`);
      // The message must explain the risk and the way out.
      for (const needed of [/browser/i, /anyone|read/i, /dangerouslyAllowBrowser/, /server/i])
        if (!needed.test(e.message))
          problems.push(`${what}: message lacks ${needed}: ${e.message}`);
    }
    if (inBrowser.edgeWithOptIn.threw)
      problems.push(`with opt-in it threw: ${inBrowser.edgeWithOptIn.error?.message}`);
    if (inBrowser.edgeWithoutKey.threw)
      problems.push(`without a key it threw: ${inBrowser.edgeWithoutKey.error?.message}`);
    // The same construction in Node is allowed: the refusal is about the page.
    if (inNode.edgeWithoutOptIn.threw || inNode.clientWithoutOptIn.threw)
      problems.push(`Node refused too: ${inNode.edgeWithoutOptIn.error?.message}`);
    const sent = emulator!.requests.length - before;
    if (sent !== 0) problems.push(`${sent} request(s) reached the emulator`);
    verdict(
      'browser/refuse-key',
      problems,
      `${inBrowser.edgeWithoutOptIn.error?.classes.join(',')} \`${inBrowser.edgeWithoutOptIn.error?.code}\`; Node: allowed; ${sent} requests`,
    );
  });

  let browserChat: StreamOutcome | undefined;
  it('streams an autorouted chat with metadata, deltas and a finish; text equals Node', async () => {
    browserChat = await core('streamChat', pageConn, CHAT, true);
    const nodeChat = await coreScenarios.streamChat(nodeConn, CHAT);
    const b = browserChat;
    const problems: string[] = [];
    const types = b.events.map((e) => e.type);
    if (types[0] !== 'metadata') problems.push(`first event ${types[0]}`);
    if (b.textDeltas < 2) problems.push(`${b.textDeltas} text deltas`);
    const last = b.events.at(-1);
    if (last?.type !== 'finish' || last.reason !== 'stop')
      problems.push(`ended ${JSON.stringify(last)}`);
    if (b.meta.routeSource !== 'autorouter' || b.meta.attempts !== 1)
      problems.push(`route ${b.meta.routeSource}, ${b.meta.attempts} attempt(s)`);
    if (b.text !== expectedText)
      problems.push(`text differs from the emulator's answer: ${b.text}`);
    if (b.text !== nodeChat.text) problems.push('text differs from Node');
    if (JSON.stringify(b.events) !== JSON.stringify(nodeChat.events))
      problems.push('event list differs from Node');
    expect(b.events).toEqual(nodeChat.events);
    verdict(
      'browser/stream-chat',
      problems,
      `${b.events.length} events, ${b.textDeltas} text deltas, ${b.meta.routeSource} → ${b.meta.region}, finish ${last?.reason}`,
    );
  });

  it('decodes a tool-call stream and a split <think> stream as Node does', async () => {
    // The `<think>` tag really is split on the wire for this conversation.
    const wire = await fetch(`${emulator!.edgeURLs['yto-01']}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${nodeConn.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...THINK, stream: true }),
    }).then((r) => r.text());
    expect(wire).toContain('"content":"thi"');

    const [bTools, bThink] = [
      await core('streamChat', pageConn, TOOLS, true),
      await core('streamChat', pageConn, THINK, true),
    ];
    const nTools = await coreScenarios.streamChat(nodeConn, TOOLS);
    const nThink = await coreScenarios.streamChat(nodeConn, THINK);
    const problems: string[] = [];
    const end = bTools.events.find((e) => e.type === 'tool-call-end');
    if (end?.name !== 'get_weather' || !String(end.arguments).includes('Paris'))
      problems.push(`tool call ${JSON.stringify(end)}`);
    if (bTools.events.at(-1)?.reason !== 'tool-calls')
      problems.push('tool stream did not finish tool-calls');
    if (!bTools.events.some((e) => e.type === 'tool-call-delta'))
      problems.push('no argument deltas');
    if (
      bThink.reasoning.trim() === '' ||
      /<\/?think>|<thi|nk>/.test(bThink.reasoning + bThink.text)
    )
      problems.push(
        `think split wrong: reasoning ${JSON.stringify(bThink.reasoning.slice(0, 40))}`,
      );
    if (bThink.text.trim() === '') problems.push('no answer text after </think>');
    if (JSON.stringify(bTools.events) !== JSON.stringify(nTools.events))
      problems.push('tool-call events differ from Node');
    if (JSON.stringify(bThink.events) !== JSON.stringify(nThink.events))
      problems.push('think events differ from Node');
    expect(bTools.events).toEqual(nTools.events);
    expect(bThink.events).toEqual(nThink.events);
    verdict(
      'browser/tools-think',
      problems,
      `tools: ${bTools.events.length} events (\`${end?.name}\` ${end?.arguments}); think: ${bThink.reasoning.length} reasoning + ${bThink.text.length} text chars; both equal to Node`,
    );
  });

  it('aborts mid-stream with the typed abort outcome, and the edge sees the connection close', async () => {
    const from = server!.exchanges.length;
    const outcome = await core('abortMidStream', pageConn, CHAT, true);
    const problems: string[] = [];
    if (outcome.textDeltasBeforeAbort < 1) problems.push('aborted before any text');
    const ended = outcome.ended;
    if (ended.kind !== 'error')
      problems.push(`stream ended normally after abort: ${ended.eventsAfterAbort}`);
    else {
      if (!ended.error.classes.includes('AbortError') || !ended.error.isPolarGridError)
        problems.push(`not an AbortError: ${ended.error.classes} ${ended.error.message}`);
      if (ended.error.code !== 'aborted') problems.push(`code ${ended.error.code}`);
    }
    const chats = server!.exchanges
      .slice(from)
      .filter((e: Exchange) => e.target !== 'autorouter' && e.path === '/v1/chat/completions');
    if (chats.length !== 1) problems.push(`${chats.length} chat exchanges`);
    const exchange = chats[0];
    if (exchange) {
      // Wait for both sides of the proxied connection to close (bounded, not a sleep).
      const closed = await within(
        exchange.closed.then(() => true),
        10_000,
      );
      if (!closed) problems.push('the connection never closed');
      if (!exchange.browserHungUp) problems.push('the browser did not hang up');
      if (!exchange.upstreamClosedEarly) problems.push('the emulator connection ran to its end');
      if (exchange.completed) problems.push('the response completed');
    }
    verdict(
      'browser/abort',
      problems,
      ended.kind === 'error'
        ? `${ended.error.classes.join(',')} \`${ended.error.code}\` after ${outcome.textDeltasBeforeAbort} delta(s); browser hung up: ${exchange?.browserHungUp}; emulator connection closed early: ${exchange?.upstreamClosedEarly}`
        : 'no error',
    );
  });

  it('fails over in the page when the routed edge answers 503', async () => {
    const em = emulator!;
    const from = em.requests.length;
    const rule = em.inject({
      kind: 'server-error',
      status: 503,
      region: 'yto-01',
      path: '/v1/chat/completions',
      times: 1,
    });
    await rule.ready;
    let outcome: StreamOutcome;
    try {
      outcome = await core('streamChat', pageConn, CHAT, true);
    } finally {
      rule.remove();
    }
    const chats = em.requests
      .slice(from)
      .filter((r) => r.target !== 'autorouter' && r.path === '/v1/chat/completions')
      .map((r) => r.target);
    const problems: string[] = [];
    if (outcome.meta.routeSource !== 'failover') problems.push(`route ${outcome.meta.routeSource}`);
    if (outcome.meta.attempts !== 2) problems.push(`${outcome.meta.attempts} attempts`);
    if (outcome.meta.region === 'yto-01') problems.push('answered by the failing edge');
    if (chats[0] !== 'yto-01' || chats.length !== 2)
      problems.push(`edges asked: ${chats.join(', ')}`);
    if (outcome.text !== expectedText) problems.push('text differs after failover');
    verdict(
      'browser/failover',
      problems,
      `edges asked: ${chats.join(' → ')}; meta: ${outcome.meta.routeSource}, ${outcome.meta.attempts} attempts, ${outcome.meta.region}`,
    );
  });

  it("streams the same text through the AI SDK provider under ai's streamText", async () => {
    const before = emulator!.requests.length;
    const refused = await ai('streamWithoutOptIn', pageConn, MODEL, PROMPT);
    const edgeRequestsWhenRefused = emulator!.requests
      .slice(before)
      .filter((r) => r.target !== 'autorouter').length;
    const inBrowser = await ai('streamWithAiSdk', pageConn, MODEL, PROMPT, true);
    const inNode = await aiScenarios.streamWithAiSdk(nodeConn, MODEL, PROMPT);
    const problems: string[] = [];
    if (!inBrowser.runtime.startsWith('page: ')) problems.push(`ran in ${inBrowser.runtime}`);
    if (inBrowser.error)
      problems.push(`error: ${inBrowser.error.name}: ${inBrowser.error.message}`);
    if (inBrowser.text !== expectedText) problems.push(`text differs: ${inBrowser.text}`);
    if (inBrowser.text !== inNode.text) problems.push('text differs from Node');
    if (inBrowser.deltas < 2) problems.push(`${inBrowser.deltas} deltas`);
    if (inBrowser.finish !== 'stop') problems.push(`finish ${inBrowser.finish}`);
    // Without the opt-in the provider refuses the key in the page too, before any edge request.
    const refusal = refused.error;
    aiRefusalName = refusal?.name;
    if (!refusal || !/dangerouslyAllowBrowser/.test(refusal.message))
      problems.push(`without opt-in: ${refusal ? refusal.message : 'no error'}`);
    if (refused.text !== '') problems.push('without opt-in it streamed text');
    if (edgeRequestsWhenRefused !== 0)
      problems.push(`${edgeRequestsWhenRefused} edge request(s) when refused`);
    verdict(
      'browser/ai-sdk',
      problems,
      `${inBrowser.deltas} deltas, finish ${inBrowser.finish}, text = Node; without opt-in: ${refusal?.classes.join(',') || refusal?.name}`,
    );
  });

  it("aborts ai's streamText mid-stream as an abort, as in Node", async () => {
    const from = server!.exchanges.length;
    const inBrowser = await ai('abortWithAiSdk', pageConn, MODEL, PROMPT, true);
    const inNode = await aiScenarios.abortWithAiSdk(nodeConn, MODEL, PROMPT);
    const problems: string[] = [];
    if (!inNode.onAbortCalled || inNode.error) problems.push(`Node: ${JSON.stringify(inNode)}`);
    if (!inBrowser.onAbortCalled) problems.push('onAbort did not run');
    if (inBrowser.error)
      problems.push(`reported as a failure: ${inBrowser.error.name}: ${inBrowser.error.message}`);
    if (JSON.stringify(inBrowser.partsAfterAbort) !== JSON.stringify(inNode.partsAfterAbort))
      problems.push(
        `parts after abort ${inBrowser.partsAfterAbort} (Node: ${inNode.partsAfterAbort})`,
      );
    const chat = server!.exchanges
      .slice(from)
      .find((e) => e.target !== 'autorouter' && e.path === '/v1/chat/completions');
    if (!chat) problems.push('no chat request');
    else if (
      !(await within(
        chat.closed.then(() => true),
        10_000,
      )) ||
      !chat.upstreamClosedEarly
    )
      problems.push('the emulator connection ran to its end');
    verdict(
      'browser/ai-sdk-abort',
      problems,
      `onAbort: ${inBrowser.onAbortCalled}; parts after abort: ${inBrowser.partsAfterAbort.join(', ') || 'none'}; onError: ${inBrowser.error ? inBrowser.error.name : 'none'}; emulator connection closed early: ${chat?.upstreamClosedEarly}`,
    );
  });

  it('never lets the key into the console, page errors, request URLs or bodies, or errors', async () => {
    const samples = await core('collectErrors', pageConn, CHAT, true);
    const problems: string[] = [];
    const expected: Record<string, string> = {
      'refused key (no opt-in)': 'ConfigurationError',
      '429 rate limit': 'RateLimitError',
      '500 server error': 'ServerError',
      'in-stream error': 'StreamError',
      'caller abort': 'AbortError',
    };
    for (const { label, error } of samples.samples) {
      if (!error) problems.push(`${label}: no error`);
      else {
        if (!error.classes.includes(expected[label]!)) problems.push(`${label}: ${error.classes}`);
        error.printed.forEach((view, i) => {
          if (leaks(view)) problems.push(`${label}: key in printed view #${i}`);
        });
      }
    }
    for (const view of samples.clientViews)
      if (leaks(view)) problems.push(`key in client view ${view}`);
    if (!samples.clientViews.some((v) => v.includes('[redacted]')))
      problems.push('client view not redacted');

    // Console: debug output was on for every page scenario, so there must be something to scan.
    const lines = await Promise.all(
      consoleLines.map(async (l) => `${l.type} ${l.text} ${(await l.args).join(' ')}`),
    );
    const debugLines = lines.filter((l) => l.includes('[PolarGrid]'));
    if (debugLines.length === 0) problems.push('no [PolarGrid] debug lines captured');
    for (const line of lines)
      if (leaks(line)) problems.push(`key in console: ${line.slice(0, 120)}`);
    for (const error of pageErrors) if (leaks(error)) problems.push(`key in page error: ${error}`);

    // Requests: the key only in the Authorization header, and only towards edges.
    const requests = await Promise.all(pageRequests);
    let edgeAuth = 0;
    for (const r of requests) {
      if (leaks(r.url) || leaks(r.body)) problems.push(`key in request ${r.url}`);
      for (const [name, value] of Object.entries(r.headers)) {
        if (!leaks(value)) continue;
        if (name === 'authorization' && r.url.includes('/pg/edge/')) edgeAuth += 1;
        else problems.push(`key in header ${name} of ${r.url}`);
      }
    }
    if (edgeAuth === 0) problems.push('the key never reached an edge (nothing was tested)');
    const toRouter = emulator!.requests.filter(
      (r) => r.target === 'autorouter' && r.headers.authorization !== undefined,
    );
    if (toRouter.length > 0)
      problems.push(`${toRouter.length} autorouter request(s) carried a key`);
    verdict(
      'browser/key-secrecy',
      problems,
      `${samples.samples.length} errors × ${samples.samples[0]?.error?.printed.length ?? 0} views, ${lines.length} console lines (${debugLines.length} debug), ${requests.length} requests (${edgeAuth} with the key, all to edges)`,
    );
  });

  it('keeps typed errors named in a minified bundle', async () => {
    // Every error the page produced, named as `error.name` reports it.
    const samples = await core('collectErrors', pageConn, CHAT, false);
    const views = samples.samples.flatMap((s) => (s.error ? [s.error] : [])) as ErrorView[];
    const problems = views
      .filter((v) => v.name !== v.classes[0])
      .map((v) => `${v.classes[0]} is named "${v.name}"`);
    // The AI SDK provider maps core errors by `error.name`: a refused key is a LoadAPIKeyError.
    if (aiRefusalName !== 'AI_LoadAPIKeyError')
      problems.push(`the provider reports the refused key as ${aiRefusalName}`);
    verdict(
      'browser/error-names',
      problems,
      `${views.map((v) => `${v.classes[0]}: "${v.name}"`).join(', ')}; provider's key refusal: ${aiRefusalName}`,
    );
  });
});
