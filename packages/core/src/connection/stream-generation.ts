/**
 * Streamed generations (chat and text completions): sent, decoded, timed for the edge memory,
 * and hedged when the client asked for it.
 */
import type { Sent } from '../http/transport.js';
import { hedgeDelay, raceFirstToken } from '../routing/hedge.js';
import type { Candidate } from '../routing/candidate.js';
import type { CandidateOrder } from '../routing/edge-memory.js';
import type { DecodeOptions } from '../stream/decode-options.js';
import { type EventStream, sendRequest, streamOptions } from './edge-io.js';
import { eventStreamBody } from './stream-response.js';
import { internalsOf } from './edge-internals.js';
import type { RequestOptions } from '../types/options.js';
import type { PolarGridEdge } from './polargrid-edge.js';

type Decode<E> = (body: ReadableStream<Uint8Array>, options: DecodeOptions) => ReadableStream<E>;

/** Events that come before the answer: they do not decide a hedge race. */
const PRELUDE = new Set(['metadata', 'usage', 'server-timings', 'raw']);

/**
 * A streamed generation, decoded by `decode` into events; rejects with a typed error when the
 * edge answered with something that is not an event stream. The time to the first token is
 * remembered per edge and model; with the `hedge` option on (and not turned off for this
 * request), a slow first token starts the same request at the next-best edge.
 */
export async function generateStream<E extends { type: string }>(
  edge: PolarGridEdge,
  path: string,
  wire: { model: string },
  options: RequestOptions | undefined,
  decode: Decode<E>,
): Promise<EventStream<E>> {
  const { memory, hedge, transport } = internalsOf(edge);
  const send = (
    signal: AbortSignal | undefined,
    route?: { pin?: Candidate | undefined; order?: CandidateOrder | undefined },
  ): Promise<Sent> =>
    sendRequest(edge, {
      method: 'POST',
      path,
      json: wire,
      model: wire.model,
      auth: true,
      accept: 'text/event-stream',
      options: { ...options, signal },
      ...route,
    });

  if (hedge === undefined || options?.hedge === false) {
    const startedAt = Date.now();
    const sent = await send(options?.signal);
    const onFirstContent = (): void =>
      memory.recordFirstToken(sent.meta.region, wire.model, Date.now() - startedAt);
    const body = await eventStreamBody(sent);
    return {
      meta: sent.meta,
      events: decode(body, { ...streamOptions(edge, sent.meta, options), onFirstContent }),
    };
  }

  hedge.budget.earn();
  const order = await transport.router.ordered(wire.model, { signal: options?.signal });
  const next = order.candidates[1];
  const outcome = await raceFirstToken({
    start: async (pin, signal) => {
      // The first request takes the order computed above; the hedge goes to its one edge.
      const sent = await send(signal, pin === undefined ? { order } : { pin });
      const body = await eventStreamBody(sent);
      const events = decode(body, streamOptions(edge, sent.meta, { ...options, signal }));
      return { region: sent.meta.region, sent, events };
    },
    decides: (event: E) => !PRELUDE.has(event.type),
    hedgeTo: next,
    delayMs: hedgeDelay(
      hedge.settings,
      memory,
      order.candidates.map((c) => c.region),
      wire.model,
    ),
    budget: hedge.budget,
    onFirstToken: (region, ms) => memory.recordFirstToken(region, wire.model, ms),
    signal: options?.signal,
  });
  const { meta } = outcome.leg.sent;
  transport.log(
    outcome.hedged === undefined
      ? `Stream from ${meta.region}: first token before the hedge delay`
      : `Hedged stream: ${meta.region} answered first (${outcome.hedged ? 'the hedge' : 'the first request'}); the other was aborted`,
  );
  return {
    meta: { ...meta, hedged: outcome.hedged },
    events: outcome.events as ReadableStream<E>,
  };
}
