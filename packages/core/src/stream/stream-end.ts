/**
 * How every SSE stream of the core (chat, text completion, transcription) ends when the body did
 * not end it normally: one set of rules, so the streams end the same ways.
 *
 * - `[DONE]` (or the stream's own last event): the stream's normal terminal event (`finish`,
 *   `transcript.text.done`).
 * - A cut (the body ended early, or the connection reset after the first byte): the same normal
 *   terminal event, marked with an {@link StreamInterruption} (`finish` with reason
 *   `interrupted`; `transcript.text.done` with `interruption`). What was delivered stays
 *   delivered, and the consumer is told it is partial.
 * - An in-stream `{"error": …}`, a stall past `streamIdleTimeout`, or an event past the size cap:
 *   an `error` event carrying a `PolarGridError` (`StreamError`, `TimeoutError` with
 *   `stream_stalled`, `ServerError` with `event_too_large`).
 * - The caller's abort: the stream itself errors with an `AbortError`.
 */
import { streamStalled } from '../errors/builders.js';
import { ServerError } from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { type DecodeOptions, errorContext } from './decode-options.js';
import type { StreamInterruption } from './events.js';
import type { StreamEnd } from './sse-reader.js';

/** An end that is an error event: a stall or an oversized event. */
export type FailedEnd = Extract<StreamEnd, { kind: 'stall' | 'oversized' }>;
/** An end that cut the stream short. */
export type CutEnd = Extract<StreamEnd, { kind: 'eof' | 'network' }>;

/** The error a stream ends with after a stall or an oversized event. */
export function endError(how: FailedEnd, options: DecodeOptions | undefined): PolarGridError {
  if (how.kind === 'stall') {
    return streamStalled('The stream stalled', how.streamIdleTimeout, errorContext(options));
  }
  return new ServerError({
    message: `The edge sent a stream event longer than ${how.limit} characters; the stream was stopped.`,
    code: 'event_too_large',
    retryable: false,
    ...errorContext(options),
  });
}

/** What cut a stream short, for its interrupted terminal event. */
export function interruptionOf(how: CutEnd, ending: string): StreamInterruption {
  return how.kind === 'eof'
    ? { cause: 'eof', message: `The stream ended without ${ending}.` }
    : { cause: 'network', message: how.message };
}
