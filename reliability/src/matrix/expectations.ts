/**
 * The fault matrix as data: every fault the emulator injects, what each surface must show for it,
 * and why a surface legitimately differs where it does. One behaviour is implemented once, in the
 * core; the adapters must show the same outcome (with their framework's error wrapper).
 */
import type { EdgeEmulator } from '@polargrid/edge-emulator';
import type { ConnectionOptions, RunOptions, SurfaceName } from '../surfaces/surfaces.ts';

export type Outcome =
  /** Full reference text, finish `stop`, after at least one retry on the same edge. */
  | { kind: 'retried' }
  /** Full reference text from an edge other than the faulted one. */
  | { kind: 'failover'; from: string }
  /** Full reference text from a fallback region after the autorouter failed. */
  | { kind: 'fallback' }
  /** Full reference text: the fault does not apply to this kind of request, or is tolerated. */
  | { kind: 'unaffected' }
  /** A typed error the caller can act on. */
  | {
      kind: 'typed-error';
      coreClass: string;
      status: number | undefined;
      /** The error code; `a|b` accepts either; `''` means none (the edge sent none, the core invents none). */
      code: string;
      requestId: boolean;
      /** Exact HTTP attempts that must reach the edges (retries never nested). */
      attempts?: number;
    }
  /** Partial output (a strict prefix, or all of it) and a finish marked `interrupted`. */
  | { kind: 'interrupted'; fullText: boolean }
  /** Partial output, then a typed error (an in-stream error or a stall). */
  | { kind: 'stream-error'; coreClass: string; code: string };

export interface FaultRow {
  id: string;
  title: string;
  /** Sets the fault up (rules on the emulator). */
  arrange: (emulator: EdgeEmulator) => void | Promise<void>;
  /** Extra connection options for the row (a pinned region, a short stall timeout). */
  connection?: Partial<ConnectionOptions>;
  run?: RunOptions;
  streaming: Outcome;
  nonStreaming: Outcome;
  /** Where a surface legitimately differs, and why (shown in the table). */
  notes?: Partial<Record<SurfaceName, string>>;
}

const STREAM_SURFACES: readonly SurfaceName[] = [
  'core.chatCompletionStream',
  'ai.streamText',
  'langchain.stream',
];

export function isStreaming(surface: SurfaceName): boolean {
  return STREAM_SURFACES.includes(surface);
}

const AI_RETRIES = 'retried by `ai` itself (`maxRetries`; the core is built with maxRetries 0)';
const LC_RETRIES = "retried by LangChain's AsyncCaller (the core is built with maxRetries 0)";
const AI_WRAPS =
  'error arrives wrapped: `AI_RetryError` → `AI_APICallError` (status, data.code/region/requestId, cause = core error)';
const AI_STREAM_PART =
  'error arrives as an `error` stream part (`AI_StreamProviderError`: code, region, requestId in data)';

/** The surfaces whose framework retries (the core below them is built with maxRetries 0). */
const FRAMEWORK_RETRY_NOTES: FaultRow['notes'] = {
  'ai.generateText': AI_RETRIES,
  'ai.streamText': AI_RETRIES,
  'langchain.invoke': LC_RETRIES,
  'langchain.stream': LC_RETRIES,
};

/** The same outcome for streamed and non-streamed requests. */
function inBothModes(outcome: Outcome): Pick<FaultRow, 'streaming' | 'nonStreaming'> {
  return { streaming: outcome, nonStreaming: outcome };
}

export const FAULT_ROWS: readonly FaultRow[] = [
  {
    id: 'rate-limit-once',
    title: '429 with Retry-After: 1, once',
    arrange: (e) => {
      e.inject({ kind: 'rate-limit', times: 1, retryAfter: 1 });
    },
    ...inBothModes({ kind: 'retried' }),
    notes: FRAMEWORK_RETRY_NOTES,
  },
  {
    id: 'rate-limit-always',
    title: '429 on every attempt (Retry-After: 0), maxRetries 1',
    arrange: (e) => {
      e.inject({ kind: 'rate-limit', retryAfter: 0 });
    },
    run: { maxRetries: 1 },
    ...inBothModes({
      kind: 'typed-error',
      coreClass: 'RateLimitError',
      status: 429,
      code: 'rate_limit_exceeded',
      requestId: true,
      attempts: 2,
    }),
    notes: { 'ai.generateText': AI_WRAPS, 'ai.streamText': AI_WRAPS },
  },
  {
    id: 'server-500-once',
    title: '500, once',
    arrange: (e) => {
      e.inject({ kind: 'server-error', status: 500, times: 1 });
    },
    ...inBothModes({ kind: 'retried' }),
    notes: FRAMEWORK_RETRY_NOTES,
  },
  {
    id: 'server-500-always',
    title: '500 on every attempt, maxRetries 1',
    arrange: (e) => {
      e.inject({ kind: 'server-error', status: 500 });
    },
    run: { maxRetries: 1 },
    ...inBothModes({
      kind: 'typed-error',
      coreClass: 'ServerError',
      status: 500,
      code: '',
      requestId: true,
      attempts: 2,
    }),
    notes: {
      'core.chatCompletion':
        'the edge sends FastAPI `{"detail": …}` with no code; the core invents none',
      'ai.generateText': AI_WRAPS,
      'ai.streamText': AI_WRAPS,
    },
  },
  {
    id: 'server-502',
    title: '502 from the routed edge (yto-01)',
    arrange: (e) => {
      e.inject({ kind: 'server-error', status: 502, region: 'yto-01' });
    },
    ...inBothModes({ kind: 'failover', from: 'yto-01' }),
  },
  {
    id: 'server-503',
    title: '503 from the routed edge (yto-01)',
    arrange: (e) => {
      e.inject({ kind: 'server-error', status: 503, region: 'yto-01' });
    },
    ...inBothModes({ kind: 'failover', from: 'yto-01' }),
  },
  {
    id: 'reset-before-headers',
    title: 'connection reset before headers (yto-01)',
    arrange: (e) => {
      e.inject({ kind: 'reset-before-headers', region: 'yto-01' });
    },
    ...inBothModes({ kind: 'failover', from: 'yto-01' }),
  },
  {
    id: 'server-503-everywhere',
    title: '503 from every edge, maxRetries 0',
    arrange: (e) => {
      e.inject({ kind: 'server-error', status: 503 });
    },
    run: { maxRetries: 0 },
    ...inBothModes({
      kind: 'typed-error',
      coreClass: 'ServerError',
      status: 503,
      code: '',
      requestId: true,
      attempts: 3,
    }),
    notes: {
      'core.chatCompletion':
        'the routed edge plus 2 failovers (maxFailovers 2), then the typed 503',
    },
  },
  {
    id: 'reset-everywhere',
    title: 'connection reset before headers on every edge, maxRetries 0',
    arrange: (e) => {
      e.inject({ kind: 'reset-before-headers' });
    },
    run: { maxRetries: 0 },
    ...inBothModes({
      kind: 'typed-error',
      coreClass: 'NetworkError',
      status: undefined,
      code: 'connection_error',
      requestId: false,
      attempts: 3,
    }),
    notes: {
      'core.chatCompletion': 'no response, so no request id; region names the last edge tried',
    },
  },
  {
    id: 'reset-mid-stream',
    title: 'connection reset after 3 chunks, every attempt, maxRetries 1',
    arrange: (e) => {
      e.inject({ kind: 'reset-mid-stream', afterChunks: 3 });
    },
    run: { maxRetries: 1 },
    streaming: { kind: 'interrupted', fullText: false },
    nonStreaming: {
      kind: 'typed-error',
      coreClass: 'NetworkError',
      status: undefined,
      code: 'connection_error',
      requestId: true,
    },
    notes: {
      'core.chatCompletion': 'body cut after headers: never replayed by the core',
      'ai.generateText': `${AI_RETRIES}; no output had reached the caller, so a framework retry is safe; ${AI_WRAPS}`,
      'langchain.invoke': `${LC_RETRIES}; no output had reached the caller`,
    },
  },
  {
    id: 'stall',
    title: 'stall for 2.5 s after 3 chunks (streamIdleTimeout 500 ms)',
    arrange: (e) => {
      e.inject({ kind: 'stall', afterChunks: 3, ms: 2500 });
    },
    connection: { streamIdleTimeout: 500 },
    run: { maxRetries: 0 },
    streaming: { kind: 'stream-error', coreClass: 'TimeoutError', code: 'stream_stalled' },
    nonStreaming: {
      kind: 'typed-error',
      coreClass: 'TimeoutError',
      status: undefined,
      code: 'timeout|stream_stalled',
      requestId: true,
    },
    notes: {
      'ai.streamText': AI_STREAM_PART,
      'core.chatCompletion':
        'a stalled non-streamed body must time out like a stream does (same idle timeout)',
    },
  },
  {
    id: 'malformed-chunk',
    title: 'malformed chunk (`data: {not json`) after 3 chunks',
    arrange: (e) => {
      e.inject({ kind: 'malformed-chunk', afterChunks: 3 });
    },
    ...inBothModes({ kind: 'unaffected' }),
    notes: { 'core.chatCompletionStream': 'non-chunk lines are skipped (D7)' },
  },
  {
    id: 'stream-error',
    title: 'in-stream `{"error": …}` after 3 chunks',
    arrange: (e) => {
      e.inject({ kind: 'stream-error', afterChunks: 3 });
    },
    streaming: { kind: 'stream-error', coreClass: 'StreamError', code: 'inference_error' },
    nonStreaming: { kind: 'unaffected' },
    notes: { 'ai.streamText': AI_STREAM_PART },
  },
  {
    id: 'no-finish',
    title: 'stream ends without finish_reason or [DONE]',
    arrange: (e) => {
      e.inject({ kind: 'no-finish' });
    },
    streaming: { kind: 'interrupted', fullText: true },
    nonStreaming: { kind: 'unaffected' },
    notes: {
      'core.chatCompletionStream':
        'the SDK surface throws StreamInterruptedError after yielding all chunks',
      'ai.streamText': 'finish part with reason `interrupted`',
      'langchain.stream': "last chunk's response_metadata.finish_reason is `interrupted`",
    },
  },
  {
    id: 'cloudfront-403',
    title: 'CloudFront 403 `{"Message": null}`',
    arrange: (e) => {
      e.inject({ kind: 'cloudfront-403' });
    },
    ...inBothModes({
      kind: 'typed-error',
      coreClass: 'PermissionError',
      status: 403,
      code: 'blocked_by_cdn',
      requestId: true,
      attempts: 1,
    }),
    notes: { 'ai.generateText': 'APICallError (not retryable, so no RetryError)' },
  },
  {
    id: 'model-not-loaded',
    title: '404 "Model not loaded" on the routed edge (yto-01)',
    arrange: (e) => {
      e.inject({ kind: 'model-not-loaded', region: 'yto-01' });
    },
    ...inBothModes({ kind: 'failover', from: 'yto-01' }),
    notes: {
      'core.chatCompletion': 're-routed once with `?model=`, excluding the edge that answered 404',
    },
  },
  {
    id: 'autorouter-dead',
    title: 'autorouter unreachable',
    arrange: (e) => {
      e.inject({ kind: 'autorouter-dead' });
    },
    ...inBothModes({ kind: 'fallback' }),
  },
  {
    id: 'autorouter-slow',
    title: 'autorouter answers after 2.5 s (discovery timeout 2 s)',
    arrange: (e) => {
      e.inject({ kind: 'autorouter-slow', ms: 2500 });
    },
    ...inBothModes({ kind: 'fallback' }),
  },
  {
    id: 'edge-dead',
    title: 'pinned edge (yto-01) down: connection refused',
    arrange: async (e) => {
      await e.setEdgeDown('yto-01', true);
    },
    connection: { region: 'yto-01' },
    ...inBothModes({ kind: 'failover', from: 'yto-01' }),
  },
];
