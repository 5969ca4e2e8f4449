import { AbortError } from '../errors/error-classes.js';
import type { DecodeOptions } from './decode-options.js';
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

const noop = (): void => {};
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
 * follow it), waiting at most {@link DONE_GRACE_MS} for more bytes; a read error after the first byte ends as `network`, never as a rejection; a
 * stall ends as `stall` (or `done` after `[DONE]`); caller abort errors the output stream with
 * an {@link AbortError}; cancelling the output cancels the body.
 */
export function decodeSse<E>(
  body: ReadableStream<Uint8Array>,
  options: DecodeOptions | undefined,
  createHandler: (emit: (event: E) => void) => SseHandler,
): ReadableStream<E> {
  const signal = options?.signal;
  const idleMs =
    options?.idleTimeoutMs !== undefined &&
    Number.isFinite(options.idleTimeoutMs) &&
    options.idleTimeoutMs > 0
      ? options.idleTimeoutMs
      : 0;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  let controller: ReadableStreamDefaultController<E>;
  let emitted = 0;
  let finished = false;
  let stopped = false;
  let sawDone = false;
  let reading = false;
  let lastActivity = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let graceArmed = false;
  const decoder = new TextDecoder();

  const emit = (event: E): void => {
    emitted++;
    controller.enqueue(event);
  };
  const handler = createHandler(emit);
  const feed = createSseParser((data, event) => {
    if (stopped) return;
    if (data === '[DONE]') sawDone = true;
    else if (handler.data(data, event)) stopped = true;
  });

  const cleanup = (): void => {
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    signal?.removeEventListener('abort', onAbort);
  };
  const cancelBody = (reason?: unknown): void => {
    reader.cancel(reason).catch(noop);
  };
  /** Ends the output normally after the handler's closing events. */
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
        region: options?.region,
        requestId: options?.requestId,
        headers: options?.headers,
        cause: reason,
      }),
    );
    cancelBody(reason);
  }
  /** The current wait limit: the stall timeout, or the short grace once `[DONE]` was seen. */
  const limit = (): number =>
    sawDone ? (idleMs !== 0 && idleMs < DONE_GRACE_MS ? idleMs : DONE_GRACE_MS) : idleMs;
  function onTimer(): void {
    timer = undefined;
    if (finished || !reading) return;
    const left = lastActivity + limit() - Date.now();
    if (left > 0) {
      timer = setTimeout(onTimer, left);
      return;
    }
    close(sawDone ? { kind: 'done' } : { kind: 'stall', idleMs });
    cancelBody();
  }

  return new ReadableStream<E>({
    start(c) {
      controller = c;
      reader = body.getReader();
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    },
    async pull() {
      while (!finished) {
        const before = emitted;
        let result: ReadableStreamReadResult<Uint8Array>;
        reading = true;
        const ms = limit();
        if (ms !== 0) {
          lastActivity = Date.now();
          // Re-arm once on `[DONE]`: a timer set for a long stall timeout would outlast the grace.
          if (timer === undefined || (sawDone && !graceArmed)) {
            if (timer !== undefined) clearTimeout(timer);
            timer = setTimeout(onTimer, ms);
            graceArmed = sawDone;
          }
        }
        try {
          result = await reader.read();
        } catch (error) {
          reading = false;
          if (finished) return;
          feed(FLUSH);
          if (stopped) close(undefined);
          else close(sawDone ? { kind: 'done' } : { kind: 'network', message: describe(error) });
          return;
        }
        reading = false;
        if (finished) return;
        if (result.done) {
          const tail = decoder.decode();
          feed(tail === '' ? FLUSH : tail + FLUSH);
          close(stopped ? undefined : sawDone ? { kind: 'done' } : { kind: 'eof' });
          return;
        }
        feed(decoder.decode(result.value, STREAM));
        if (stopped) {
          close(undefined);
          cancelBody();
          return;
        }
        if (emitted !== before) return;
      }
    },
    cancel(reason) {
      cleanup();
      return reader.cancel(reason).catch(noop);
    },
  });
}

/**
 * A read error's message, with undici's `cause` (e.g. `terminated: other side closed`).
 * Duck-typed: errors from another realm (edge-runtime VMs) fail `instanceof Error`.
 */
function describe(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  const cause = messageOf((error as { cause?: unknown } | null)?.cause);
  return cause !== undefined && cause !== message ? `${message}: ${cause}` : message;
}

function messageOf(value: unknown): string | undefined {
  const message = (value as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
