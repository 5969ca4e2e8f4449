/**
 * Sending a request through an edge connection and handing on what comes back: the pieces every
 * endpoint function shares. Bodies are read by `read-response.ts` (whole bodies) and
 * `stream-response.ts` (streams), both through the one body reader in `http/read-body.ts`.
 */
import { type RequestPlan, type Sent, send } from '../http/transport.js';
import type { DecodeOptions } from '../stream/decode-options.js';
import { clampDelay } from '../util/timers.js';
import { internalsOf } from './edge-internals.js';
import type { RequestOptions, ResponseMeta, WithMeta } from './options.js';
import type { PolarGridEdge } from './polargrid-edge.js';
import { readJSON } from './read-response.js';
import { eventStreamBody } from './stream-response.js';

export { bodyError, readBytes, readJSON, readText } from './read-response.js';
export { audioStreamBody, eventStreamBody, refuseUnlessAudio } from './stream-response.js';

/** A live decoded stream and the edge it came from. Read `events` once. */
export interface EventStream<E> {
  meta: ResponseMeta;
  events: ReadableStream<E>;
}

/** Sends `plan` with routing, retries and failover; resolves once a 2xx response's headers are in. */
export function sendRequest(edge: PolarGridEdge, plan: RequestPlan): Promise<Sent> {
  return send(internalsOf(edge).transport, plan);
}

/** Sends a generation request (chat or text completion), routed by its model. */
function sendGeneration(
  edge: PolarGridEdge,
  path: string,
  wire: { model: string },
  options: RequestOptions | undefined,
  stream: boolean,
): Promise<Sent> {
  return sendRequest(edge, {
    method: 'POST',
    path,
    json: wire,
    model: wire.model,
    auth: true,
    ...(stream ? { accept: 'text/event-stream' } : { wholeResult: true }),
    options,
  });
}

/** A whole generation: the wire response, its normalised `result`, and where it ran. */
export async function generate<T, R>(
  edge: PolarGridEdge,
  path: string,
  wire: { model: string },
  options: RequestOptions | undefined,
  normalise: (data: T) => R,
): Promise<WithMeta<T> & { result: R }> {
  const sent = await sendGeneration(edge, path, wire, options, false);
  const out = await readJSON<T>(sent);
  return { ...out, result: normalise(out.data) };
}

/**
 * A streamed generation, decoded by `decode` into events. Rejects with a typed error when the
 * edge answered with something that is not an event stream (see `stream-response.ts`).
 */
export async function generateStream<E>(
  edge: PolarGridEdge,
  path: string,
  wire: { model: string },
  options: RequestOptions | undefined,
  decode: (body: ReadableStream<Uint8Array>, options: DecodeOptions) => ReadableStream<E>,
): Promise<EventStream<E>> {
  const sent = await sendGeneration(edge, path, wire, options, true);
  const body = await eventStreamBody(sent);
  return { meta: sent.meta, events: decode(body, streamOptions(edge, sent.meta, options)) };
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
    // Clamped for the decoder's timers: a huge idle timeout means "very long", never "now".
    idleTimeoutMs: clampDelay(internalsOf(edge).config.streamIdleTimeout),
    signal: options?.signal,
  };
}
