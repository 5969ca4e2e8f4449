/**
 * Sending a request through an edge connection and handing on what comes back: the pieces every
 * endpoint function shares. Bodies are read by `read-response.ts` (whole bodies) and
 * `stream-response.ts` (streams), both through the one body reader in `http/read-body.ts`.
 */
import { explainModelNotServed } from './served-hint.js';
import { type RequestPlan, type Sent, send } from '../http/transport.js';
import type { DecodeOptions } from '../stream/decode-options.js';
import { internalsOf } from './edge-internals.js';
import type { RequestOptions, ResponseMeta, WithMeta } from '../types/options.js';
import type { PolarGridEdge } from './polargrid-edge.js';
import { readJSON } from './read-response.js';

export { bodyError, readBytes, readJSON, readText } from './read-response.js';
export { audioStreamBody, eventStreamBody, refuseUnlessAudio } from './stream-response.js';

/** A live decoded stream and the edge it came from. Read `events` once. */
export interface EventStream<E> {
  meta: ResponseMeta;
  events: ReadableStream<E>;
}

/**
 * Sends `plan` with routing, retries and failover; resolves once a 2xx response's headers are in.
 * When no edge serves the request's model, the error lists the models served now.
 */
export async function sendRequest(edge: PolarGridEdge, plan: RequestPlan): Promise<Sent> {
  try {
    return await send(internalsOf(edge).transport, plan);
  } catch (error) {
    if (plan.model === undefined) throw error;
    throw explainModelNotServed(edge, error, plan.model, plan.endpoint);
  }
}

/** A whole generation: the wire response, what `decode` makes of it, and where it ran. */
export async function generate<T, D extends object>(
  edge: PolarGridEdge,
  path: string,
  wire: { model: string },
  options: RequestOptions | undefined,
  decode: (data: T) => D,
): Promise<WithMeta<T> & D> {
  const sent = await sendRequest(edge, {
    method: 'POST',
    path,
    json: wire,
    model: wire.model,
    auth: true,
    wholeResult: true,
    options,
  });
  const out = await readJSON<T>(sent);
  return { ...out, ...decode(out.data) };
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
    streamIdleTimeout: internalsOf(edge).config.streamIdleTimeout,
    signal: options?.signal,
  };
}
