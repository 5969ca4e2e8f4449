/**
 * Reading the whole body of a 2xx response into text, bytes or JSON, through the one body reader
 * (`http/read-body.ts`) and its deadlines, with every failure as a typed error.
 */
import type { ResponseMeta, WithMeta } from '../types/options.js';
import { NetworkError, ServerError } from '../errors/error-classes.js';
import { isPolarGridError, type PolarGridError } from '../errors/polargrid-error.js';
import { type BodyKind, readBody, readBodyText } from '../io/read-body.js';
import type { Sent } from '../http/transport.js';
import { streamErrorFrom } from '../stream/stream-error.js';
import { abortError } from '../util/abort.js';
import { isRecord, parseJSON } from '../util/safe-json.js';

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

/** Reads a whole body as bytes, under the response's deadlines and the cap of `kind`. */
export async function readBytes(sent: Sent, kind: BodyKind): Promise<Uint8Array> {
  try {
    const options = { kind, ...sent.deadlines, source: sent.source };
    return (await readBody(sent.response.body, options)).bytes;
  } catch (cause) {
    throw bodyError(sent.meta, sent.deadlines.signal, cause);
  }
}

/**
 * Reads a whole body as text (the response's, or `body` when part of it was already looked at),
 * under the response's deadlines and the cap of `kind`.
 */
export async function readText(
  sent: Sent,
  kind: BodyKind = 'json',
  body: ReadableStream<Uint8Array> | null = sent.response.body,
): Promise<string> {
  try {
    const { text } = await readBodyText(body, {
      kind,
      ...sent.deadlines,
      source: sent.source,
    });
    return text;
  } catch (cause) {
    throw bodyError(sent.meta, sent.deadlines.signal, cause);
  }
}

/**
 * A 2xx body that is only an error (`{"error": …}` without any result or job fields): some
 * gateways answer that way, and it must be an error, never an empty success.
 */
export function isErrorBody(data: unknown): data is { error: unknown } {
  if (!isRecord(data) || data.error === undefined || data.error === null) return false;
  return !(
    'choices' in data ||
    'data' in data ||
    'job_id' in data ||
    'status' in data ||
    'text' in data
  );
}

/** The error a 2xx error body (see {@link isErrorBody}) describes, keeping its code and type. */
export function errorOfBody(body: { error: unknown }, meta: ResponseMeta): PolarGridError {
  const { region, requestId, headers } = meta;
  return streamErrorFrom(body.error, { region, requestId, headers }, meta.status);
}

/** Reads a JSON body; a body that is not JSON, or is only an error, becomes a typed error. */
export async function readJSON<T>(sent: Sent, kind: BodyKind = 'json'): Promise<WithMeta<T>> {
  const text = await readText(sent, kind);
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
  if (isErrorBody(data)) throw errorOfBody(data, meta);
  return { data: data as T, meta };
}
