import type { PolarGridError } from '../errors/polargrid-error.js';

/**
 * Why a generation ended, normalised across chat and text completions.
 *
 * - `tool-calls` is reported whenever the model produced tool calls, even when the
 *   server said `stop` or nothing (agent loops depend on it).
 * - `interrupted` means the stream ended without a finish reason and without `[DONE]`
 *   (an EOF or a connection reset after the first byte). Partial output was delivered.
 */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'interrupted'
  | 'other';

/** Token usage as reported by the edge. Any count the server did not send is `undefined`. */
export interface TokenUsage {
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  totalTokens: number | undefined;
  /** `completion_tokens_details.reasoning_tokens`, when the server sends it. */
  reasoningTokens?: number | undefined;
  /** `prompt_tokens_details.cached_tokens`, when the server sends it. */
  cachedPromptTokens?: number | undefined;
  /** The usage object exactly as received. */
  raw: Record<string, unknown>;
}

/** Server-side timings from the `pg_metadata` event (milliseconds). */
export interface ServerTimings {
  inferenceTtftMs?: number | undefined;
  inferenceTotalMs?: number | undefined;
  /** Every field of the `pg_metadata` payload, as received. */
  raw: Record<string, unknown>;
}

/** A tool call as finally assembled from its deltas. `arguments` is the JSON text ('' when none). */
export interface AssembledToolCall {
  index: number;
  id: string;
  name: string;
  arguments: string;
}

/**
 * The normalised events decoded from a chat or text-completion SSE stream.
 *
 * Order guarantees (both adapters rely on them):
 * 1. `metadata` at most once, before any content event.
 * 2. content events (`text-delta`, `reasoning-delta`, `tool-call-*`) in arrival order;
 *    for one tool call: `tool-call-start` (id and name known) → `tool-call-delta`* → `tool-call-end`.
 *    All `tool-call-end` events are emitted after the last content delta, in index order.
 * 3. `usage` and `server-timings` may arrive at any point after `metadata`.
 * 4. exactly one terminal event, last: `finish` or `error`.
 */
export type ChatStreamEvent =
  | MetadataEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolCallStartEvent
  | ToolCallDeltaEvent
  | ToolCallEndEvent
  | UsageEvent
  | ServerTimingsEvent
  | FinishEvent
  | ErrorEvent
  | RawEvent;

/** Events of a text-completion stream: the chat union without reasoning and tools. */
export type CompletionStreamEvent = Exclude<
  ChatStreamEvent,
  ReasoningDeltaEvent | ToolCallStartEvent | ToolCallDeltaEvent | ToolCallEndEvent
>;

export interface MetadataEvent {
  type: 'metadata';
  /** `id` of the first chunk that carried one. */
  id?: string | undefined;
  model?: string | undefined;
  /** Unix seconds, as on the wire. */
  created?: number | undefined;
}
export interface TextDeltaEvent {
  type: 'text-delta';
  text: string;
}
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  text: string;
}
export interface ToolCallStartEvent {
  type: 'tool-call-start';
  index: number;
  /** The server's id, or a generated `call_…` id when the server sent none. */
  id: string;
  name: string;
}
export interface ToolCallDeltaEvent {
  type: 'tool-call-delta';
  index: number;
  id: string;
  argumentsDelta: string;
}
export interface ToolCallEndEvent {
  type: 'tool-call-end';
  index: number;
  id: string;
  name: string;
  /** The full JSON text of the arguments ('' when none were sent). */
  arguments: string;
}
export interface UsageEvent {
  type: 'usage';
  usage: TokenUsage;
}
export interface ServerTimingsEvent {
  type: 'server-timings';
  timings: ServerTimings;
}
export interface FinishEvent {
  type: 'finish';
  reason: FinishReason;
  /** The server's `finish_reason` string, or null when none arrived. */
  rawReason: string | null;
  /** The last usage seen (same object as the last `usage` event), if any. */
  usage?: TokenUsage | undefined;
  /** The last server timings seen, if any. */
  timings?: ServerTimings | undefined;
  /** Set when `reason` is `interrupted`: what cut the stream short. */
  interruption?: { cause: 'eof' | 'network'; message: string } | undefined;
}
/** A terminal error: an in-stream `{"error": …}` event, or a stall/abort surfaced as a typed error. */
export interface ErrorEvent {
  type: 'error';
  error: PolarGridError;
}
/** Every parsed SSE data payload, emitted only when `includeRaw` is set. */
export interface RawEvent {
  type: 'raw';
  data: unknown;
}
