/**
 * The one body reader. Every response body the core reads goes through this file: success JSON,
 * error bodies, speech audio (whole and streamed), transcripts, job polls, the autorouter's
 * answer, and the bytes handed to the SSE decoder. Nothing else in the core calls
 * `response.text()`, `response.json()` or `response.arrayBuffer()`: those wait as long as the
 * server likes and read as much as it sends.
 *
 * Deadlines:
 * - A whole body ({@link readBody}) is read under two deadlines: `streamIdleTimeout` between
 *   chunks (the client's option of that name; for the autorouter its `discoveryTimeout`) and `totalMs` for
 *   the whole body, counted from the start of the read (the request's `timeout`). The second one
 *   ends an edge that trickles one byte at a time just under the idle deadline.
 * - A streamed body ({@link guardBody}) has no whole-body deadline: a stream runs as long as it
 *   keeps sending. Streamed speech gets its idle deadline here. An SSE body gets it, and its size
 *   cap (one event, `BODY_LIMITS.sseEvent`), from the SSE decoder instead
 *   (`DecodeOptions.streamIdleTimeout`), because only the decoder knows when `[DONE]` changed
 *   what waiting means and where an event ends.
 *
 * Sizes: each kind of body has a cap ({@link BODY_LIMITS}). An error body is cut at its cap and
 * the error is still raised; any other body over its cap is a `ServerError` (`body_too_large`).
 */
import { streamStalled } from '../errors/builders.js';
import { ServerError, TimeoutError } from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { abortError } from '../util/abort.js';
import { startTimer } from '../util/timers.js';
import { BODY_LIMITS, type BodyKind } from '../util/body-limits.js';

export { BODY_LIMITS, type BodyKind } from '../util/body-limits.js';

/** Who sent a body, for the errors the reader raises. */
export interface BodySource {
  /** How messages name the sender, e.g. `PolarGrid edge yto-01` or `The autorouter`. */
  from: string;
  region?: string | undefined;
  requestId?: string | undefined;
  headers?: Record<string, string> | undefined;
  status?: number | undefined;
  /**
   * Whether a timeout while reading may be retried. False once a generation was sent: the edge
   * may have done (and billed) the work, so it must not be asked again.
   */
  retryable: boolean;
}

/** The deadlines of one read, in milliseconds; 0 or a non-finite value means none. */
export interface BodyDeadlines {
  /** Longest wait for the next bytes (the client's `streamIdleTimeout`). */
  streamIdleTimeout: number;
  /** Longest time for the whole body, counted from the start of the read. */
  totalMs: number;
  /** Aborting it stops the read with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/** Options of {@link readBody}. */
export interface ReadBodyOptions extends BodyDeadlines {
  kind: BodyKind;
  source: BodySource;
}

/** A whole body, and whether it was cut at its cap (error bodies only). */
export interface BodyBytes {
  bytes: Uint8Array;
  truncated: boolean;
}

/**
 * Reads a whole body (`response.body`) under its deadlines and cap. Rejects with a `TimeoutError`
 * (`stream_stalled` when no bytes came for `streamIdleTimeout`, `body_timeout` when the body took longer
 * than `totalMs`), a `ServerError` (`body_too_large`, not for error bodies, which are cut
 * instead), an `AbortError`, or, when the connection drops, with the fetch implementation's own
 * error (the callers word that one). The rest of the body is cancelled on every early end.
 */
export async function readBody(
  body: ReadableStream<Uint8Array> | null,
  options: ReadBodyOptions,
): Promise<BodyBytes> {
  if (body === null) return { bytes: new Uint8Array(0), truncated: false };
  const limit = BODY_LIMITS[options.kind];
  const deadline = startDeadline(options);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await nextChunk(reader, deadline, options);
      if (done) return { bytes: joinChunks(chunks, size), truncated: false };
      if (size + value.byteLength > limit) {
        if (options.kind !== 'error') throw tooLarge(options.source, limit);
        chunks.push(value.subarray(0, limit - size));
        reader.cancel().catch(ignore);
        return { bytes: joinChunks(chunks, limit), truncated: true };
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    reader.cancel(error).catch(ignore);
    throw error;
  } finally {
    reader.releaseLock();
  }
}

/** {@link readBody}, decoded as UTF-8 (invalid bytes become U+FFFD). */
export async function readBodyText(
  body: ReadableStream<Uint8Array> | null,
  options: ReadBodyOptions,
): Promise<{ text: string; truncated: boolean }> {
  const { bytes, truncated } = await readBody(body, options);
  return { text: new TextDecoder().decode(bytes), truncated };
}

/** Options of {@link guardBody}. */
export interface GuardBodyOptions {
  /** Longest wait for the next bytes (0: none). */
  streamIdleTimeout: number;
  /** Cap on the whole stream, in bytes. */
  maxBytes?: number | undefined;
  signal?: AbortSignal | undefined;
  source: BodySource;
}

/**
 * The body as a stream that enforces the idle deadline and the caps of `options`, read only as
 * fast as its consumer pulls. A breach errors the stream with the typed error (the same ones as
 * {@link readBody}) and cancels the body; cancelling the stream cancels the body.
 */
export function guardBody(
  body: ReadableStream<Uint8Array>,
  options: GuardBodyOptions,
): ReadableStream<Uint8Array> {
  const { maxBytes, source } = options;
  const deadline = startDeadline({ streamIdleTimeout: options.streamIdleTimeout, totalMs: 0 });
  const reader = body.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await nextChunk(reader, deadline, options);
          if (done) {
            controller.close();
            return;
          }
          total += value.byteLength;
          if (maxBytes !== undefined && total > maxBytes) throw tooLarge(source, maxBytes);
          controller.enqueue(value);
        } catch (error) {
          reader.cancel(error).catch(ignore);
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // No read-ahead: the body is read when the consumer asks, so deadlines run only then.
    { highWaterMark: 0 },
  );
}

/** How much of a body {@link peekBody} looks at, at most. */
const PEEK_BYTES = 1024;

/**
 * Reads the start of a body without using it up: resolves with the first text that is not
 * whitespace (up to 1 KiB, or whatever came before the end) and a stream that replays those
 * bytes and then the rest. For sniffing a body whose content type is missing. The read is under
 * `deadlines` like any other.
 */
export async function peekBody(
  body: ReadableStream<Uint8Array>,
  deadlines: BodyDeadlines,
  source: BodySource,
): Promise<{ head: string; body: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const deadline = startDeadline(deadlines);
  const decoder = new TextDecoder();
  const seen: Uint8Array[] = [];
  let head = '';
  let size = 0;
  let ended = false;
  try {
    while (head.trim() === '' && size < PEEK_BYTES) {
      const { done, value } = await nextChunk(reader, deadline, { ...deadlines, source });
      if (done) {
        ended = true;
        break;
      }
      seen.push(value);
      size += value.byteLength;
      head += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    reader.cancel(error).catch(ignore);
    throw error;
  }
  const replay = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of seen) controller.enqueue(chunk);
        if (ended) controller.close();
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { head, body: replay };
}

/** The deadlines of one read, fixed when it starts. */
interface Deadline {
  streamIdleTimeout: number | undefined;
  totalMs: number | undefined;
  /** `Date.now()` time by which the whole body must be in. */
  endsAt: number | undefined;
}

/** A duration that sets a deadline: positive and finite; anything else sets none. */
const durationOf = (ms: number): number | undefined => (ms > 0 && ms < Infinity ? ms : undefined);

function startDeadline({ streamIdleTimeout, totalMs }: BodyDeadlines): Deadline {
  const total = durationOf(totalMs);
  return {
    streamIdleTimeout: durationOf(streamIdleTimeout),
    totalMs: total,
    endsAt: total === undefined ? undefined : Date.now() + total,
  };
}

/** The next chunk, or a typed error when a deadline passes or `signal` aborts first. */
function nextChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: Deadline,
  { signal, source }: { signal?: AbortSignal | undefined; source: BodySource },
): Promise<ReadableStreamReadResult<Uint8Array>> {
  const idle = deadline.streamIdleTimeout ?? Infinity;
  const left = deadline.endsAt === undefined ? Infinity : deadline.endsAt - Date.now();
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(source.region, signal?.reason));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    const wait = Math.min(idle, left);
    // Whichever deadline comes first is the one that fires.
    const expired = () =>
      idle <= left ? stalled(source, idle) : overdue(source, deadline.totalMs ?? left);
    const stopTimer = wait === Infinity ? ignore : startTimer(wait, () => reject(expired()));
    signal?.addEventListener('abort', onAbort, { once: true });
    reader
      .read()
      .then(resolve, reject)
      .finally(() => {
        stopTimer();
        signal?.removeEventListener('abort', onAbort);
      });
  });
}

/** What a body error says about where it happened: `(status 503)`. */
const statusNote = (source: BodySource): string =>
  source.status === undefined ? '' : ` (status ${source.status})`;

/** The fields every body error copies from its source. */
function errorInit(source: BodySource) {
  const { region, requestId, headers, status } = source;
  return { region, requestId, headers, status };
}

/**
 * The same for a timeout: it keeps an error status (what the edge answered before its body
 * stalled), but not a 2xx one, which a deadline of the client's must not look like.
 */
function timeoutInit(source: BodySource) {
  const { region, requestId, headers, status } = source;
  return {
    region,
    requestId,
    headers,
    status: status !== undefined && status >= 300 ? status : undefined,
  };
}

function stalled(source: BodySource, streamIdleTimeout: number): PolarGridError {
  return streamStalled(
    `${source.from} stopped sending its response body${statusNote(source)}`,
    streamIdleTimeout,
    { retryable: source.retryable, ...timeoutInit(source) },
  );
}

function overdue(source: BodySource, totalMs: number): PolarGridError {
  return new TimeoutError({
    message: `${source.from} did not finish sending its response body${statusNote(source)} within ${totalMs} ms.`,
    code: 'body_timeout',
    retryable: source.retryable,
    ...timeoutInit(source),
  });
}

function tooLarge(source: BodySource, limit: number): PolarGridError {
  return new ServerError({
    message: `${source.from} sent a response body${statusNote(source)} larger than ${limit} bytes; the rest was not read.`,
    code: 'body_too_large',
    retryable: false,
    ...errorInit(source),
  });
}

function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function ignore(): void {}
