import { AbortError } from '../errors/error-classes.js';
import { errorContext, type DecodeOptions } from './decode-options.js';
import { createSseParser } from './sse-parser.js';

/** How a body ended, as told to a {@link SseHandler}. */
export type StreamEnd =
  | { kind: 'done' }
  | { kind: 'eof' }
  | { kind: 'network'; message: string }
  | { kind: 'stall'; idleMs: number };

/** Turns SSE data payloads into events; created once per stream by {@link decodeSse}. */
export interface SseHandler {
  /** Handles one `data` payload (never `[DONE]`). Returns true once a terminal event was emitted. */
  data(data: string, event: string | undefined): boolean;
  /** Emits the closing events for how the body ended. Not called after `data` returned true. */
  end(how: StreamEnd): void;
}

/**
 * Fed at the end of the body: ends a pending line (even one ending in a lone `\r`) and
 * dispatches a last event that lacked its blank line (so e.g. a final `data: [DONE]` without
 * its blank line still counts).
 */
const FLUSH = '\n\n';
const STREAM: TextDecodeOptions = { stream: true };
/**
 * After `[DONE]` the body is still read so a trailing `pg_metadata` is not lost, but a server
 * (or proxy) that keeps the connection open must not hold back `finish`: wait at most this long.
 */
const DONE_GRACE_MS = 500;

/**
 * Reads an SSE byte stream into events, pull-driven: a chunk is read only when the consumer
 * wants more, and every event a chunk yields is enqueued synchronously (no promise per event).
 *
 * A callback parser ({@link createSseParser}) fed from one `TextDecoder({stream: true})` is used
 * rather than a TransformStream chain: that would add a stream hop (and its promise machinery)
 * per chunk plus a `TextDecoderStream`, which some runtimes lack.
 *
 * Ends: `[DONE]` is remembered and the body is read to its end (a trailing `pg_metadata` may
 * follow it), waiting at most {@link DONE_GRACE_MS} for more bytes; a read error after the
 * first byte ends as `network`, never as a rejection; a stall ends as `stall` (or `done` after
 * `[DONE]`); caller abort errors the output stream with an {@link AbortError}; cancelling the
 * output cancels the body.
 */
export function decodeSse<E>(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions | undefined,
  createHandler: (emit: (event: E) => void) => SseHandler,
): ReadableStream<E> {
  const signal = options?.signal;
  const idle = options?.idleTimeoutMs ?? 0;
  // Unset, 0, negative, NaN or infinite: no stall detection.
  const idleMs = idle > 0 && idle < Infinity ? idle : 0;
  /** The wait limit once `[DONE]` was seen: the grace, or the stall timeout if shorter. */
  const graceMs = idleMs !== 0 && idleMs < DONE_GRACE_MS ? idleMs : DONE_GRACE_MS;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  let controller: ReadableStreamDefaultController<E>;
  let emitted = 0;
  let finished = false;
  /** The handler emitted its terminal event: the rest of the body is ignored. */
  let stopped = false;
  let sawDone = false;
  let reading = false;
  let lastActivity = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const decoder = new TextDecoder();

  const handler = createHandler((event) => {
    emitted++;
    controller.enqueue(event);
  });
  const feed = createSseParser((data, event) => {
    if (stopped) return;
    if (data !== '[DONE]') {
      stopped = handler.data(data, event);
    } else {
      sawDone = true;
      // A timer armed for a long stall timeout would outlast the grace: the next read re-arms.
      clearTimeout(timer);
      timer = undefined;
    }
  });

  const cleanup = (): void => {
    finished = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  const cancelBody = (reason?: unknown): Promise<void> => reader.cancel(reason).catch(() => {});
  /** Ends the output normally, after the handler's closing events for `how`. */
  const close = (how: StreamEnd | undefined): void => {
    cleanup();
    if (how !== undefined) handler.end(how);
    controller.close();
  };
  function onAbort(): void {
    if (finished) return;
    cleanup();
    const reason: unknown = signal?.reason;
    controller.error(
      new AbortError({
        message: 'The stream was aborted by the caller.',
        code: 'aborted',
        ...errorContext(options),
        cause: reason,
      }),
    );
    cancelBody(reason);
  }
  function onTimer(): void {
    timer = undefined;
    if (finished || !reading) return;
    const left = lastActivity + (sawDone ? graceMs : idleMs) - Date.now();
    if (left > 0) {
      timer = setTimeout(onTimer, left);
    } else {
      close(sawDone ? { kind: 'done' } : { kind: 'stall', idleMs });
      cancelBody();
    }
  }

  return new ReadableStream<E>({
    start(c) {
      controller = c;
      reader = body.getReader();
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort); // removed by `cleanup`
    },
    async pull() {
      while (!finished) {
        const before = emitted;
        const ms = sawDone ? graceMs : idleMs;
        if (ms !== 0) {
          lastActivity = Date.now();
          timer ??= setTimeout(onTimer, ms);
        }
        let result: ReadableStreamReadResult<Uint8Array> | undefined;
        let failure: unknown;
        reading = true;
        try {
          result = await reader.read();
        } catch (error) {
          failure = error;
        }
        reading = false;
        if (finished) return;
        const ended = result === undefined || result.done;
        // A read error drops bytes the decoder holds (an incomplete character); at the end of
        // the body FLUSH ends a last line and event.
        feed(
          result === undefined
            ? FLUSH
            : result.done
              ? decoder.decode() + FLUSH
              : decoder.decode(result.value, STREAM),
        );
        if (stopped || ended) {
          close(
            stopped
              ? undefined
              : sawDone
                ? { kind: 'done' }
                : result === undefined
                  ? { kind: 'network', message: describe(failure) }
                  : { kind: 'eof' },
          );
          cancelBody(); // the rest of the body is not wanted (nothing to do once it ended)
          return;
        }
        if (emitted !== before) return;
      }
    },
    cancel(reason) {
      cleanup();
      return cancelBody(reason);
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
