/**
 * Sending a request through an edge connection and reading what comes back: the pieces every
 * endpoint function shares (JSON bodies, text bodies, body-read failures, stream options).
 */
import { NetworkError, ServerError } from '../errors/error-classes.js';
import { isPolarGridError, type PolarGridError } from '../errors/polargrid-error.js';
import { readBodyText } from '../http/read-body.js';
import { type RequestPlan, type Sent, send } from '../http/transport.js';
import type { DecodeOptions } from '../stream/decode-options.js';
import { streamErrorFrom } from '../stream/stream-error.js';
import { abortError } from '../util/abort.js';
import { isRecord, parseJSON } from '../util/safe-json.js';
import { internalsOf } from './edge-internals.js';
import type { RequestOptions, ResponseMeta, WithMeta } from './options.js';
import type { PolarGridEdge } from './polargrid-edge.js';

/** A live decoded stream and the edge it came from. Read `events` once. */
export interface EventStream<E> {
  meta: ResponseMeta;
  events: ReadableStream<E>;
}

/** Sends `plan` with routing, retries and failover; resolves once a 2xx response's headers are in. */
export function sendRequest(edge: PolarGridEdge, plan: RequestPlan): Promise<Sent> {
  return send(internalsOf(edge).transport, plan);
}

/** A whole generation: the wire response, its normalised `result`, and where it ran. */
export async function generate<T, R>(
  edge: PolarGridEdge,
  path: string,
  wire: { model: string },
  options: RequestOptions | undefined,
  normalise: (data: T) => R,
): Promise<WithMeta<T> & { result: R }> {
  const sent = await sendRequest(edge, {
    method: 'POST',
    path,
    json: wire,
    model: wire.model,
    auth: true,
    options,
  });
  const out = await readJSON<T>(edge, sent, options?.signal);
  return { ...out, result: normalise(out.data) };
}

/** A failure while reading a response body, as a typed error. */
export function bodyError(
  meta: ResponseMeta,
  signal: AbortSignal | undefined,
  cause: unknown,
): PolarGridError {
  if (isPolarGridError(cause)) return cause;
  if (signal?.aborted) return abortError(meta.region, cause);
  return new NetworkError({
    message: `The connection to PolarGrid edge ${meta.region} dropped while reading the response.`,
    code: 'connection_error',
    region: meta.region,
    requestId: meta.requestId,
    cause,
  });
}

/** Reads a whole text body (with the idle timeout), mapping failures to typed errors. */
export async function readText(
  edge: PolarGridEdge,
  sent: Sent,
  signal: AbortSignal | undefined,
): Promise<string> {
  try {
    return await readBodyText(sent.response, internalsOf(edge).config.streamIdleTimeout, sent.meta);
  } catch (cause) {
    throw bodyError(sent.meta, signal, cause);
  }
}

/**
 * A 2xx body that is only an error (`{"error": …}` without any result or job fields): some
 * gateways answer that way, and it must be an error, never an empty success.
 */
function isErrorBody(data: unknown): data is { error: unknown } {
  if (!isRecord(data) || data.error === undefined || data.error === null) return false;
  return !(
    'choices' in data ||
    'data' in data ||
    'job_id' in data ||
    'status' in data ||
    'text' in data
  );
}

/** Reads a JSON body; a body that is not JSON, or is only an error, becomes a typed error. */
export async function readJSON<T>(
  edge: PolarGridEdge,
  sent: Sent,
  signal: AbortSignal | undefined,
): Promise<WithMeta<T>> {
  const text = await readText(edge, sent, signal);
  const { meta } = sent;
  let data: unknown;
  try {
    data = parseJSON(text);
  } catch (cause) {
    throw new ServerError({
      message: `PolarGrid edge ${meta.region} returned a body that is not JSON (status ${meta.status}).`,
      status: meta.status,
      code: 'invalid_json',
      region: meta.region,
      requestId: meta.requestId,
      headers: meta.headers,
      responseBody: text,
      cause,
    });
  }
  if (isErrorBody(data)) {
    throw streamErrorFrom(
      data.error,
      { region: meta.region, requestId: meta.requestId, headers: meta.headers },
      meta.status,
    );
  }
  return { data: data as T, meta };
}

/** The body of a response (an empty stream when there is none). */
export function bodyStream(sent: Sent): ReadableStream<Uint8Array> {
  return sent.response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
}

/** Decoder options for a response's stream. */
export function streamOptions(
  edge: PolarGridEdge,
  meta: ResponseMeta,
  options: RequestOptions | undefined,
): DecodeOptions {
  return {
    includeRaw: options?.includeRaw,
    region: meta.region,
    requestId: meta.requestId,
    idleTimeoutMs: internalsOf(edge).config.streamIdleTimeout,
    signal: options?.signal,
  };
}
