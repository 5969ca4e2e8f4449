import type { PolarGridError } from '../errors/polargrid-error.js';

/**
 * Why a generation ended, normalized across chat and text completions.
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
 * The normalized events decoded from a chat or text-completion SSE stream.
 *
 * Order guarantees (both adapters rely on them):
 * 1. `metadata` at most once, before any content event.
 * 2. content events (`text-delta`, `reasoning-delta`, `tool-call-*`) in arrival order;
 *    for one tool call: `tool-call-start` (id and name known) → `tool-call-delta`* → `tool-call-end`.
 *    All `tool-call-end` events are emitted after the last content delta, in index order.
 * 3. `usage`, `server-timings` and `warning` may arrive at any point after `metadata`.
 * 4. exactly one terminal event, last: `finish` or `error`.
 *
 * What counts (the decoder's rules against a misbehaving edge):
 * - `[DONE]` ends the answer. After it the decoder waits at most a short grace (500 ms, or the
 *   stall timeout if shorter), counted from `[DONE]` and never extended by keep-alive comments
 *   or other bytes, for ONE more event: a `pg_metadata` event (PolarGrid sends its server
 *   timings after `[DONE]`) is read as `server-timings`; any other event (text, a chunk, an
 *   error) is not decoded and is reported by a `warning` (`data-after-done`). Then the stream
 *   finishes and the body is cancelled. A trailing error never replaces the `finish`.
 * - Only choice 0 is the answer. A choice with another index is ignored, with a `warning`
 *   (`ignored-choice`) the first time.
 * - `<think>…</think>` in `content` is reasoning only at the start of the output (after leading
 *   whitespace), or anywhere when the request asked for reasoning (`enable_thinking: true`,
 *   see `ChatDecodeOptions.reasoningRequested`). A later literal `<think>` is answer text.
 * - `delta.content` may be a string or an array of typed parts (`text`, and `thinking` parts as
 *   Mistral's reasoning models stream them), decoded in order into text and reasoning. A shape or
 *   part the decoder does not know is reported by a `warning` (`unsupported-content`), never
 *   dropped silently; so is a payload that is not a chunk at all (`unrecognized-event`).
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
  | WarningEvent
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
  interruption?: StreamInterruption | undefined;
}
/** What cut a stream short: the body ended early (`eof`) or the connection failed (`network`). */
export interface StreamInterruption {
  cause: 'eof' | 'network';
  message: string;
}
/** A terminal error: an in-stream `{"error": …}` event, or a stall/abort surfaced as a typed error. */
export interface ErrorEvent {
  type: 'error';
  error: PolarGridError;
}
/** What a {@link DecodeWarning} is about. */
export type DecodeWarningCode =
  /** A `content` (or reasoning) value or content part of a shape the decoder does not know. */
  | 'unsupported-content'
  /** A choice other than 0 (`n > 1`, or a server numbering choices oddly): not the answer. */
  | 'ignored-choice'
  /** A data payload that is neither a chunk, usage, timings nor an error (e.g. not JSON). */
  | 'unrecognized-event'
  /** An event after `[DONE]` other than `pg_metadata`: not decoded (see the rules above). */
  | 'data-after-done';

/**
 * Something the edge sent that the decoder did not use, said out loud instead of dropped
 * silently. Each code is reported at most once per stream (with the first offending value), so
 * a misbehaving edge cannot flood the consumer.
 */
export interface DecodeWarning {
  code: DecodeWarningCode;
  /** What was not used and why, in words. */
  message: string;
  /** The wire value concerned (parsed, prototype keys removed; the text when it is not JSON). */
  data?: unknown;
}
/** A {@link DecodeWarning} inside a stream. Never terminal: the stream goes on. */
export interface WarningEvent extends DecodeWarning {
  type: 'warning';
}
/**
 * Every parsed SSE data payload that is a JSON object, emitted only when `includeRaw` is set
 * (after `[DONE]`, only the `pg_metadata` that is read; ignored payloads travel in the warning).
 */
export interface RawEvent {
  type: 'raw';
  data: unknown;
}

/**
 * Events of `?stream=true` transcription: deltas, then one terminal event, ending the ways every
 * stream of the core ends: `transcript.text.done` (with `interruption` set when the stream was
 * cut short: `text` is then what arrived), or `error` with a `PolarGridError` (an in-stream
 * error, a stall, an oversized event).
 */
export type TranscriptionStreamEvent =
  | { type: 'transcript.text.delta'; delta: string }
  | {
      type: 'transcript.text.done';
      text: string;
      /** Set when the stream was cut before its done event: what cut it. */
      interruption?: StreamInterruption | undefined;
    }
  | { type: 'error'; error: PolarGridError };
