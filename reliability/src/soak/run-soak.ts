/**
 * The bounded soak: many chat streams through the core's `PolarGridEdge` against the emulator on
 * loopback, a seeded share of them faulted, bounded concurrency and a hard time limit. Every
 * stream's end is checked against what its fault must produce; the process is checked for
 * unhandled rejections, leaked handles and heap growth.
 */
import { isPolarGridError } from '@polargrid/core';
import { startEdgeEmulator } from '@polargrid/edge-emulator';
import { mulberry32 } from '../shared/prng.ts';
import { referenceAnswer } from '../shared/reference.ts';
import { type Expectation, type PlannedFault, planFault } from './fault-plan.ts';
import { activeResources, settledGrowth } from './leaks.ts';
import { viewError } from '../surfaces/errors.ts';
import { READERS, type SoakSurface, type StreamEnd, soakClients } from './readers.ts';

export interface SoakOptions {
  streams: number;
  concurrency: number;
  faultRate: number;
  seed: number;
  /** Hard limit for the whole run (ms): past it, in-flight streams are aborted and the run fails. */
  timeLimitMs: number;
  /** Allowed heap growth (bytes) from warm-up to the end, after GC. */
  heapGrowthLimit: number;
  /** Surfaces the streams go through, round-robin (default: the core only). */
  surfaces: SoakSurface[];
  onProgress?: (done: number) => void;
}

export interface SoakReport {
  options: Omit<SoakOptions, 'onProgress'>;
  durationMs: number;
  completed: number;
  outcomes: Record<string, number>;
  bySurface: Record<string, number>;
  faults: Record<string, number>;
  violations: string[];
  violationCount: number;
  unhandled: string[];
  leakedResources: string[];
  heap: {
    warmUp: number | undefined;
    end: number | undefined;
    growth: number | undefined;
    gc: boolean;
  };
  ok: boolean;
}

const MODEL = 'qwen-3.8-27b';
const PROMPTS = [
  'Name three rivers in Canada.',
  'Explain what an edge node is.',
  'Write a haiku about snow.',
  'What is the capital of Quebec?',
  'List the steps to brew tea.',
  'Why is the sky blue?',
  'Give two uses for a paperclip.',
  'Summarise the water cycle.',
];

function describeError(error: unknown): string {
  if (isPolarGridError(error)) return `${error.name}(${error.status ?? '-'}, ${error.code ?? '-'})`;
  if (error instanceof Error) {
    const v = viewError(error);
    return `${v.name}[${v.coreName ?? '-'}](${v.status ?? '-'}, ${v.code ?? '-'}): ${v.message.slice(0, 80)}`;
  }
  return String(error);
}

/**
 * Codes the core gives each class: the AI SDK's stream error parts carry the code but not the
 * core class, so an error is recognised by either.
 */
const CODE_OF: Record<string, string> = {
  StreamError: 'inference_error',
  TimeoutError: 'stream_stalled',
  RateLimitError: 'rate_limit_exceeded',
  PermissionError: 'blocked_by_cdn',
  NetworkError: 'connection_error',
};

function isClass(error: unknown, name: string): boolean {
  const v = viewError(error);
  if (v.coreName !== undefined) return v.coreName === name;
  return CODE_OF[name] !== undefined && v.code === CODE_OF[name];
}

/** Returns why `end` breaks `expect`, or undefined when it is as required. */
export function checkEnd(
  end: StreamEnd,
  expect: Expectation,
  reference: string,
): string | undefined {
  const prefixOk = reference.startsWith(end.text);
  switch (expect.outcome) {
    case 'complete':
      if (end.kind !== 'complete')
        return `expected complete, got ${end.kind} ${describeError(end.error ?? end.reason)}`;
      if (end.text !== reference)
        return `completed text differs from the reference (${end.text.length} vs ${reference.length} chars)`;
      return undefined;
    case 'interrupted':
      if (end.kind !== 'interrupted')
        return `expected interrupted, got ${end.kind} ${describeError(end.error ?? end.reason)}`;
      if (!prefixOk)
        return 'partial text is not a prefix of the reference (lost or reordered text)';
      if (expect.fullText && end.text !== reference) return 'no-finish stream lost text';
      return undefined;
    case 'stream-error': {
      if (end.kind !== 'stream-error')
        return `expected ${expect.errorName} event, got ${end.kind} ${describeError(end.error ?? end.reason)}`;
      if (!isClass(end.error, expect.errorName))
        return `expected ${expect.errorName}, got ${describeError(end.error)}`;
      if (!viewError(end.error).region) return `${expect.errorName} carries no region`;
      if (!prefixOk) return 'text before the error is not a prefix of the reference';
      return undefined;
    }
    case 'rejected': {
      if (end.kind !== 'rejected') return `expected rejection ${expect.errorName}, got ${end.kind}`;
      const v = viewError(end.error);
      if (!isClass(end.error, expect.errorName) || v.status !== expect.status)
        return `expected ${expect.errorName}(${expect.status}), got ${describeError(end.error)}`;
      if (!v.region) return `${expect.errorName} carries no region`;
      return undefined;
    }
  }
}

/** A `fetch` that deals each soak stream its fault (only on the first attempt when so planned). */
function faultingFetch(plans: Map<string, PlannedFault>): typeof fetch {
  const attempts = new Map<string, number>();
  const wrapped = (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const id = headers.get('x-soak-stream');
    if (id !== null) {
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const plan = plans.get(id);
      if (plan && (n === 1 || !plan.firstAttemptOnly))
        headers.set('x-pg-emulator-fault', plan.header);
      if (!plans.has(id)) attempts.delete(id);
    }
    return fetch(input, { ...init, headers });
  };
  return wrapped as typeof fetch;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapAfterGC(): number | undefined {
  if (!gc) return undefined;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const unhandled: string[] = [];
  const onRejection = (reason: unknown) =>
    unhandled.push(`unhandledRejection: ${describeError(reason)}`);
  const onException = (error: unknown) =>
    unhandled.push(`uncaughtException: ${describeError(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const before = activeResources();
  const started = Date.now();

  const emulator = await startEdgeEmulator({ timing: { ttftMs: 0, tokensPerSecond: 0 } });
  const references = new Map<string, string>();
  for (const prompt of PROMPTS)
    references.set(
      prompt,
      await referenceAnswer(emulator.edgeURLs['yto-01']!, emulator.apiKey, MODEL, prompt),
    );

  const plans = new Map<string, PlannedFault>();
  const clients = soakClients({ ...emulator.clientOptions(), fetch: faultingFetch(plans) });

  const random = mulberry32(options.seed);
  const outcomes: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const bySurface: Record<string, number> = {};
  const violations: string[] = [];
  let violationCount = 0;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('soak time limit')), options.timeLimitMs);
  const warmUpAt = Math.max(50, Math.floor(options.streams / 10));
  let warmUp: number | undefined;
  let next = 0;
  let done = 0;

  const worker = async () => {
    for (;;) {
      if (deadline.signal.aborted || next >= options.streams) return;
      const index = next++;
      const id = String(index);
      const prompt = PROMPTS[index % PROMPTS.length]!;
      const plan = planFault(random, options.faultRate);
      if (plan) plans.set(id, plan);
      const surface = options.surfaces[index % options.surfaces.length]!;
      const end = await READERS[surface](clients, { 'x-soak-stream': id }, prompt, deadline.signal);
      plans.delete(id);
      const expect: Expectation = plan?.expect ?? { outcome: 'complete' };
      const faultName = plan
        ? plan.header.split(';')[0]! + (plan.firstAttemptOnly ? ' (first attempt)' : '')
        : 'none';
      faults[faultName] = (faults[faultName] ?? 0) + 1;
      outcomes[end.kind] = (outcomes[end.kind] ?? 0) + 1;
      bySurface[surface] = (bySurface[surface] ?? 0) + 1;
      const problem = deadline.signal.aborted
        ? undefined
        : checkEnd(end, expect, references.get(prompt)!);
      if (problem) {
        violationCount++;
        if (violations.length < 25)
          violations.push(
            `stream ${id} via ${surface} [${plan?.header ?? 'no fault'}]: ${problem}`,
          );
      }
      done++;
      if (done % 500 === 0) emulator.resetRequests();
      if (done === warmUpAt) warmUp = heapAfterGC();
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  clearTimeout(timer);
  if (deadline.signal.aborted)
    violations.push(
      `time limit of ${options.timeLimitMs} ms hit after ${done} of ${options.streams} streams`,
    );
  const end = heapAfterGC();

  await emulator.close();
  const leakedResources = await settledGrowth(before);
  // Give stray rejections a turn to surface before the handlers go.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);

  const growth = warmUp !== undefined && end !== undefined ? end - warmUp : undefined;
  const heapOk = growth === undefined || growth < options.heapGrowthLimit;
  const { onProgress: _, ...plain } = options;
  return {
    options: plain,
    durationMs: Date.now() - started,
    completed: done,
    outcomes,
    bySurface,
    faults,
    violations,
    violationCount: violationCount + (deadline.signal.aborted ? 1 : 0),
    unhandled,
    leakedResources,
    heap: { warmUp, end, growth, gc: gc !== undefined },
    ok:
      violationCount === 0 &&
      !deadline.signal.aborted &&
      done === options.streams &&
      unhandled.length === 0 &&
      leakedResources.length === 0 &&
      heapOk,
  };
}
