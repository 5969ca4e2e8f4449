/**
 * Streamed generations (chat and text completions): sent, decoded, timed for the edge memory,
 * and hedged when the client asked for it.
 */
import type { RequestPlan, Sent } from '../http/transport.js';
import { hedgeDelay, raceFirstToken } from '../routing/hedge.js';
import type { DecodeOptions } from '../stream/decode-options.js';
import { type EventStream, sendRequest, streamOptions } from './edge-io.js';
import { eventStreamBody } from './stream-response.js';
import { internalsOf } from './edge-internals.js';
import type { RequestOptions } from '../types/options.js';
import type { PolarGridEdge } from './polargrid-edge.js';

type Decode<E> = (body: ReadableStream<Uint8Array>, options: DecodeOptions) => ReadableStream<E>;

/** Events that are the answer itself: only these decide a hedge race. */
const CONTENT = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-call-start',
  'tool-call-delta',
  'tool-call-end',
]);

/**
 * How much a stream that ended without content says (higher is more): a finish that is not
 * `interrupted` (an empty but complete answer), then an in-stream error (the edge said what went
 * wrong), then an interrupted finish (a cut: only that it ended), then a stream with neither.
 */
function rankEnded(events: readonly { type: string; reason?: unknown }[]): number {
  if (events.some((e) => e.type === 'error')) return 2;
  const finish = events.findLast((e) => e.type === 'finish');
  if (finish === undefined) return 0;
  return finish.reason === 'interrupted' ? 1 : 3;
}

/**
 * A streamed generation, decoded by `decode` into events; rejects with a typed error when the
 * edge answered with something that is not an event stream. The time to the first token is
 * remembered per edge and model; with the `hedge` option on (and not turned off for this
 * request), a slow first token starts the same request at an edge the first has not used.
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
    route?: Pick<RequestPlan, 'pin' | 'order' | 'onAttempt' | 'avoid'>,
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
  const delayMs = hedgeDelay(
    hedge.settings,
    memory,
    order.candidates.map((c) => c.region),
    wire.model,
  );
  const startedAt = Date.now();
  const outcome = await raceFirstToken({
    start: async (pin, signal, route) => {
      // The first request takes the order computed above (a copy: the transport consumes it as
      // it fails over) and reports its attempts; the hedge goes to its one edge.
      const sent = await send(
        signal,
        pin === undefined
          ? {
              order: { ...order, candidates: [...order.candidates] },
              onAttempt: route?.onAttempt,
              avoid: route?.avoid,
            }
          : { pin },
      );
      const body = await eventStreamBody(sent);
      const events = decode(body, streamOptions(edge, sent.meta, { ...options, signal }));
      return { region: sent.meta.region, sent, events };
    },
    isContent: (event: E) => CONTENT.has(event.type),
    rank: rankEnded,
    candidates: order.candidates,
    delayMs,
    budget: hedge.budget,
    onFirstToken: (region, ms) => memory.recordFirstToken(region, wire.model, ms),
    onDelay: (decision, edges) => transport.log(delayLine(decision, edges, delayMs)),
    signal: options?.signal,
  });
  const { meta } = outcome.leg.sent;
  transport.log(outcomeLine(outcome, meta.region, Date.now() - startedAt, delayMs));
  return {
    meta: { ...meta, hedged: outcome.hedged },
    events: outcome.events as ReadableStream<E>,
  };
}

/** The debug line when the hedge delay passed: whether a hedge went out, and why. */
function delayLine(
  decision: string,
  { used, hedgeTo }: { used: readonly string[]; hedgeTo?: { region: string } | undefined },
  delayMs: number,
): string {
  const why = `after ${delayMs} ms without a first token`;
  const usedBy = `(the first request used ${used.join(', ')})`;
  if (decision === 'hedged') return `Hedge: sent to ${hedgeTo?.region} ${why} ${usedBy}`;
  const reason =
    decision === 'budget-spent' ? 'the hedge budget is spent' : `no other edge ${usedBy}`;
  return `Hedge: not sent ${why}: ${reason}`;
}

/** The debug line when a hedged-client stream is decided: which leg answered, and why. */
function outcomeLine(
  outcome: { decision: string; hedged?: boolean | undefined; content?: boolean | undefined },
  region: string,
  elapsedMs: number,
  delayMs: number,
): string {
  const { decision, hedged } = outcome;
  if (decision === 'first-ended')
    return `Hedge: not sent; ${region} ended without a token, before the hedge delay (${delayMs} ms)`;
  if (decision === 'delay-not-reached')
    return `Hedge: not needed; first token from ${region} in ${elapsedMs} ms, before the hedge delay (${delayMs} ms)`;
  if (hedged === undefined) return `Stream from ${region}: no hedge`;
  const leg = hedged ? 'the hedge' : 'the first request';
  return outcome.content
    ? `Hedged stream: ${region} answered first (${leg}); the other was aborted`
    : `Hedged stream: no token from either; the answer is ${leg}'s, the one that says most`;
}
