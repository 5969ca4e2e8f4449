/**
 * What the browser page does with `@polargrid/core`, written once and run twice: bundled for
 * Chromium (`core.js`, driven through `page.evaluate`) and imported directly in Node by the test,
 * so the two runs can be compared. Only the core's public entry and web-platform globals are used.
 * Every function takes and returns plain JSON (the page hands results back by structured clone).
 */
import {
  AbortError,
  type ChatCompletionRequest,
  type ChatStreamEvent,
  ConfigurationError,
  PolarGridEdge,
  isPolarGridError,
  type PolarGridClientOptions,
  RateLimitError,
  type ResponseMeta,
  ServerError,
  StreamError,
  streamChatCompletion,
} from '@polargrid/core';

/** Where the emulator is reached from this side (the page goes through its own origin). */
export interface Connection {
  apiKey: string;
  autorouterURL: string;
  edgeURLs: Record<string, string>;
}

/** An error as the test inspects it; `classes` comes from `instanceof`, so it survives minifying. */
export interface ErrorView {
  /** `error.name` as the runtime reports it. */
  name: string;
  classes: string[];
  isPolarGridError: boolean;
  code: string | undefined;
  message: string;
  /** Every way a user might print or serialise it (for the key scan). */
  printed: string[];
}

const CLASSES = { ConfigurationError, AbortError, RateLimitError, ServerError, StreamError };

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch (error) {
    return `unserialisable: ${String(error)}`;
  }
}

export function viewError(error: unknown): ErrorView {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
  const cause = (error as { cause?: unknown })?.cause;
  return {
    name: String(e?.name),
    classes: Object.entries(CLASSES).flatMap(([name, cls]) => (error instanceof cls ? [name] : [])),
    isPolarGridError: isPolarGridError(error),
    code: typeof e?.code === 'string' ? e.code : undefined,
    message: String(e?.message),
    printed: [
      safeStringify(error),
      // Own enumerable fields too (headers, url, details, response body), which toJSON leaves out.
      safeStringify({ ...(error as object) }),
      String(error),
      String(e?.stack),
      safeStringify(cause),
      String(cause),
    ],
  };
}

/** Debug output goes to the console (`debug: true`) in the page, where the test captures it. */
function edgeFor(conn: Connection, debug: boolean, extra: PolarGridClientOptions = {}) {
  return new PolarGridEdge({ ...conn, dangerouslyAllowBrowser: true, debug, ...extra });
}

/** Names the runtime, so a result proves where it was produced. */
export function runtimeLabel(): string {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return `${g.document === undefined ? 'worker' : 'page'}: ${navigator.userAgent}`;
}

export interface Construction {
  threw: boolean;
  error: ErrorView | undefined;
}

function tryConstruct(make: () => unknown): Construction {
  try {
    make();
    return { threw: false, error: undefined };
  } catch (error) {
    return { threw: true, error: viewError(error) };
  }
}

/** Builds clients with a key, without and with the opt-in. Nothing here should reach the network. */
export function constructWithKey(conn: Connection): {
  runtime: string;
  edgeWithoutOptIn: Construction;
  clientWithoutOptIn: Construction;
  edgeWithOptIn: Construction;
  edgeWithoutKey: Construction;
} {
  const { apiKey: _key, ...noKey } = conn;
  return {
    runtime: runtimeLabel(),
    edgeWithoutOptIn: tryConstruct(() => new PolarGridEdge({ ...conn })),
    clientWithoutOptIn: tryConstruct(() => new PolarGridEdge({ ...conn })),
    edgeWithOptIn: tryConstruct(
      () => new PolarGridEdge({ ...conn, dangerouslyAllowBrowser: true }),
    ),
    // No key, nothing to expose: building the client is allowed (it fails per request instead).
    edgeWithoutKey: tryConstruct(() => new PolarGridEdge({ ...noKey })),
  };
}

/** An event with what legitimately differs between two runs (ids, clocks, timings) left out. */
export type EventSummary = Record<string, unknown> & { type: ChatStreamEvent['type'] };

export function summarise(event: ChatStreamEvent): EventSummary {
  switch (event.type) {
    case 'metadata':
      return { type: event.type, model: event.model };
    case 'tool-call-start':
      return { type: event.type, index: event.index, name: event.name };
    case 'tool-call-delta':
      return { type: event.type, index: event.index, argumentsDelta: event.argumentsDelta };
    case 'tool-call-end':
      return { type: event.type, index: event.index, name: event.name, arguments: event.arguments };
    case 'usage':
      return { type: event.type, raw: event.usage.raw };
    case 'server-timings':
      return { type: event.type, fields: Object.keys(event.timings.raw).sort() };
    case 'finish':
      return {
        type: event.type,
        reason: event.reason,
        rawReason: event.rawReason,
        usage: event.usage?.raw,
        interruption: event.interruption?.cause,
      };
    case 'error':
      return { type: event.type, error: viewError(event.error) };
    case 'raw':
      return { type: event.type };
    default:
      return { ...event };
  }
}

export interface StreamOutcome {
  runtime: string;
  meta: {
    region: string;
    routeSource: ResponseMeta['routeSource'];
    attempts: number;
    status: number;
  };
  events: EventSummary[];
  text: string;
  reasoning: string;
  textDeltas: number;
}

/** One streamed chat through `streamChatCompletion(new PolarGridEdge(…), …)`, read to its end. */
export async function streamChat(
  conn: Connection,
  body: ChatCompletionRequest,
  debug = false,
): Promise<StreamOutcome> {
  const { meta, events } = await streamChatCompletion(edgeFor(conn, debug), body);
  const out: EventSummary[] = [];
  let text = '';
  let reasoning = '';
  let textDeltas = 0;
  for await (const event of events) {
    out.push(summarise(event));
    if (event.type === 'text-delta') {
      text += event.text;
      textDeltas += 1;
    } else if (event.type === 'reasoning-delta') reasoning += event.text;
  }
  return {
    runtime: runtimeLabel(),
    meta: {
      region: meta.region,
      routeSource: meta.routeSource,
      attempts: meta.attempts,
      status: meta.status,
    },
    events: out,
    text,
    reasoning,
    textDeltas,
  };
}

export interface AbortOutcome {
  textDeltasBeforeAbort: number;
  /** How reading ended after `abort()`: the stream's error, or a normal end (wrong). */
  ended: { kind: 'error'; error: ErrorView } | { kind: 'done'; eventsAfterAbort: string[] };
}

/**
 * Starts a slowly paced stream (per-request emulator pacing), aborts as soon as the first text
 * delta arrives, then reads on to see how the stream ends.
 */
export async function abortMidStream(
  conn: Connection,
  body: ChatCompletionRequest,
  debug = false,
): Promise<AbortOutcome> {
  const controller = new AbortController();
  const { events } = await streamChatCompletion(edgeFor(conn, debug), body, {
    signal: controller.signal,
    headers: { 'x-pg-emulator-timing': 'ttft=0;tps=20' },
  });
  const reader = events.getReader();
  let textDeltasBeforeAbort = 0;
  while (textDeltasBeforeAbort === 0) {
    const { done, value } = await reader.read();
    if (done) return { textDeltasBeforeAbort, ended: { kind: 'done', eventsAfterAbort: [] } };
    if (value.type === 'text-delta') textDeltasBeforeAbort += 1;
  }
  controller.abort();
  const after: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { textDeltasBeforeAbort, ended: { kind: 'done', eventsAfterAbort: after } };
      after.push(value.type);
    }
  } catch (error) {
    return { textDeltasBeforeAbort, ended: { kind: 'error', error: viewError(error) } };
  }
}

export interface ErrorSample {
  label: string;
  error: ErrorView | undefined;
}

/**
 * Provokes the errors a browser app would meet (refused key, 429, 500, an in-stream error, a
 * caller abort) with per-request emulator faults, and returns each error printed every way, plus
 * the client itself serialised, for the key scan.
 */
export async function collectErrors(
  conn: Connection,
  body: ChatCompletionRequest,
  debug = false,
): Promise<{ samples: ErrorSample[]; clientViews: string[] }> {
  const samples: ErrorSample[] = [];
  const refused = tryConstruct(() => new PolarGridEdge({ ...conn, debug }));
  samples.push({ label: 'refused key (no opt-in)', error: refused.error });
  const edge = edgeFor(conn, debug);
  const faults: [string, string][] = [
    ['429 rate limit', 'rate-limit;retryAfter=0'],
    ['500 server error', 'server-error;status=500'],
  ];
  for (const [label, fault] of faults) {
    try {
      await streamChatCompletion(edge, body, {
        maxRetries: 0,
        headers: { 'x-pg-emulator-fault': fault },
      });
      samples.push({ label, error: undefined });
    } catch (error) {
      samples.push({ label, error: viewError(error) });
    }
  }
  const { events } = await streamChatCompletion(edge, body, {
    headers: { 'x-pg-emulator-fault': 'stream-error;afterChunks=2' },
  });
  let inStream: ErrorView | undefined;
  for await (const event of events) if (event.type === 'error') inStream = viewError(event.error);
  samples.push({ label: 'in-stream error', error: inStream });
  const aborted = await abortMidStream(conn, body, debug);
  samples.push({
    label: 'caller abort',
    error: aborted.ended.kind === 'error' ? aborted.ended.error : undefined,
  });
  return {
    samples,
    clientViews: [safeStringify(edge), String(edge), safeStringify(edge.toJSON())],
  };
}
