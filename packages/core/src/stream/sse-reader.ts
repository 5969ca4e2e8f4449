import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { AbortError } from '../errors/error-classes.js';
import { BODY_LIMITS } from '../util/body-limits.js';
import { clampDelay, startTimer } from '../util/timers.js';
import { errorContext, type DecodeOptions } from './decode-options.js';

/** How a body ended, as told to a {@link SseHandler}. */
export type StreamEnd =
  /** `[DONE]` arrived (then the grace ran out, the body ended, or the one trailing event came). */
  | { kind: 'done' }
  /** The body ended without `[DONE]`. */
  | { kind: 'eof' }
  /** Reading the body failed (a reset after the first byte). */
  | { kind: 'network'; message: string }
  /** No bytes for `streamIdleTimeout` ms while a read was pending. */
  | { kind: 'stall'; streamIdleTimeout: number }
  /** One event grew past `BODY_LIMITS.sseEvent` characters. */
  | { kind: 'oversized'; limit: number };

/** Turns SSE data payloads into events; created once per stream by {@link decodeSse}. */
export interface SseHandler {
  /** Handles one `data` payload before `[DONE]`. Returns true once it emitted a terminal event. */
  data(data: string, event: string | undefined): boolean;
  /**
   * Handles the one event that may follow `[DONE]` within the grace (PolarGrid's `pg_metadata`).
   * Without this method, `[DONE]` ends the stream at once.
   */
  afterDone?(data: string, event: string | undefined): void;
  /** Emits the closing events for how the body ended. Not called after `data` returned true. */
  end(how: StreamEnd): void;
}

/** Why the reader stopped: how the body ended, or what the handler or the caller did. */
type Stop =
  | StreamEnd
  /** The handler emitted its own terminal event (an in-stream error). */
  | { kind: 'handled' }
  /** The caller's signal aborted. */
  | { kind: 'abort'; reason: unknown }
  /** The consumer cancelled the output. */
  | { kind: 'cancel'; reason: unknown };

/**
 * After `[DONE]` the body may still carry PolarGrid's `pg_metadata` (server timings). A server
 * or proxy that keeps the connection open must not hold back the finish: this is the longest
 * wait for it, counted from `[DONE]`.
 */
const DONE_GRACE_MS = 500;
/**
 * Fed at the end of the body: ends a pending line (even one ending in a lone `\r`) and
 * dispatches a last event that lacked its blank line (so a final `data: [DONE]` without its
 * blank line still counts).
 */
const FLUSH = '\n\n';

/**
 * Reads an SSE byte stream into events, pull-driven: bytes are read only when the consumer
 * wants more, and every event they yield is enqueued synchronously. SSE framing is
 * `eventsource-parser` (CR, LF and CRLF line ends, split lines, comments), fed by one
 * `TextDecoder` (a split multibyte character waits for its last byte, invalid UTF-8 becomes
 * U+FFFD, a leading BOM is dropped). The callback parser is used rather than its
 * `EventSourceParserStream`: that would add a `TextDecoderStream` and a stream hop per chunk,
 * and then the deadlines below would apply to a pipe instead of to the body's reads.
 *
 * Every way it ends goes through one `end(stop)`:
 * - `[DONE]`: nothing after it is decoded but the one event {@link SseHandler.afterDone} takes,
 *   within {@link DONE_GRACE_MS} (or the idle timeout if shorter) counted from `[DONE]`; bytes
 *   arriving meanwhile (keep-alive comments) never extend that grace. Then `done`.
 * - the body ends: `eof` (or `done` after `[DONE]`); a read error: `network` (or `done`);
 * - no bytes for `streamIdleTimeout` while a read is pending: `stall` (a slow consumer is no
 *   stall);
 * - one event larger than `BODY_LIMITS.sseEvent` characters: `oversized`;
 * - the handler emitted an error event: the stream closes after it;
 * - caller abort: the output errors with an {@link AbortError};
 * - cancelling the output: nothing more is emitted.
 *
 * In every case the body is cancelled (a no-op once it has ended) and the timer cleared.
 */
export function decodeSse<E>(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions | undefined,
  createHandler: (emit: (event: E) => void) => SseHandler,
): ReadableStream<E> {
  const signal = options?.signal;
  // 0 is no deadline; a huge one is clamped to the timer range ("very long", never "now").
  const streamIdleTimeout = clampDelay(options?.streamIdleTimeout ?? 0);
  const graceMs =
    streamIdleTimeout !== 0 ? Math.min(streamIdleTimeout, DONE_GRACE_MS) : DONE_GRACE_MS;
  const maxEventChars = BODY_LIMITS.sseEvent;
  const decoder = new TextDecoder();
  let controller: ReadableStreamDefaultController<E>;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  let phase: 'streaming' | 'after-done' | 'ended' = 'streaming';
  /** Stops the one timer: the idle deadline of a pending read, or the grace after `[DONE]`. */
  let stopTimer = (): void => {};
  let emitted = 0;

  const handler = createHandler((event) => {
    emitted++;
    controller.enqueue(event);
  });

  const parser = createParser({
    onEvent: ({ data, event }: EventSourceMessage) => {
      if (phase === 'streaming') {
        if (data === '[DONE]') onDone();
        else if (handler.data(data, event)) end({ kind: 'handled' });
      } else if (phase === 'after-done') {
        handler.afterDone?.(data, event);
        end({ kind: 'done' });
      }
    },
    // Unknown fields and bad `retry` values are skipped, as the SSE spec says. After `[DONE]`
    // an oversized event is one more thing not decoded: the answer still finishes.
    onError: (error: ParseError) => {
      if (error.type !== 'max-buffer-size-exceeded') return;
      end(phase === 'after-done' ? { kind: 'done' } : { kind: 'oversized', limit: maxEventChars });
    },
    maxBufferSize: maxEventChars,
  });

  function onDone(): void {
    if (handler.afterDone === undefined) {
      end({ kind: 'done' });
      return;
    }
    phase = 'after-done';
    stopTimer();
    stopTimer = startTimer(graceMs, () => end({ kind: 'done' }));
  }

  function onAbort(): void {
    end({ kind: 'abort', reason: signal?.reason });
  }

  /** The one way out: tells the consumer how the stream ended and lets go of the body. */
  function end(stop: Stop): Promise<void> {
    if (phase === 'ended') return Promise.resolve();
    phase = 'ended';
    stopTimer();
    signal?.removeEventListener('abort', onAbort);
    let reason: unknown;
    switch (stop.kind) {
      case 'abort':
        reason = stop.reason;
        controller.error(
          new AbortError({
            message: 'The stream was aborted by the caller.',
            code: 'aborted',
            ...errorContext(options),
            cause: stop.reason,
          }),
        );
        break;
      case 'cancel':
        reason = stop.reason; // the consumer is gone: nothing more to tell it
        break;
      case 'handled':
        controller.close();
        break;
      default:
        handler.end(stop);
        controller.close();
    }
    return reader.cancel(reason).catch(() => {});
  }

  /** Reads once, under the idle deadline before `[DONE]`, and feeds what came to the parser. */
  async function readOnce(): Promise<void> {
    const waiting = phase === 'streaming' && streamIdleTimeout !== 0;
    if (waiting)
      stopTimer = startTimer(streamIdleTimeout, () => end({ kind: 'stall', streamIdleTimeout }));
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      if (phase === 'ended') return;
      // The bytes read so far may end in a complete last event without its blank line.
      parser.feed(FLUSH);
      end(
        phase === 'after-done' ? { kind: 'done' } : { kind: 'network', message: describe(error) },
      );
      return;
    } finally {
      if (waiting && phase === 'streaming') stopTimer();
    }
    if (phase === 'ended') return; // ended while the read was pending (timer, abort, cancel)
    if (result.done) {
      parser.feed(decoder.decode() + FLUSH);
      end(phase === 'after-done' ? { kind: 'done' } : { kind: 'eof' });
    } else {
      parser.feed(decoder.decode(result.value, { stream: true }));
    }
  }

  return new ReadableStream<E>({
    start(c) {
      controller = c;
      reader = body.getReader();
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort); // removed by `end`
    },
    async pull() {
      const before = emitted;
      while (phase !== 'ended' && emitted === before) await readOnce();
    },
    cancel(reason) {
      return end({ kind: 'cancel', reason });
    },
  });
}

/**
 * A read error's message, with undici's `cause` (e.g. `terminated: other side closed`).
 * Duck-typed: errors from another realm (edge-runtime VMs) fail `instanceof Error`.
 */
function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  const text = typeof message === 'string' ? message : String(error);
  const detail = cause?.message;
  return typeof detail === 'string' && detail !== text ? `${text}: ${detail}` : text;
}
