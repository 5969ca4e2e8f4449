/**
 * Hedged first tokens ("The Tail at Scale", Dean and Barroso): when a streamed generation has
 * not produced its first token after a delay, the same request starts at an edge the first
 * request has not used; whichever produces content first is the answer and the other is aborted
 * at once. A leg that ends without content (an error, a cut, a stall, warnings only) decides
 * nothing: the other goes on.
 */
import { ConfigurationError } from '../errors/error-classes.js';
import type { HedgeOptions } from '../types/options.js';
import type { Candidate } from './candidate.js';
import type { EdgeMemory } from './edge-memory.js';
import { anySignal } from '../util/abort.js';

/** The `hedge` option with its defaults applied. */
export interface HedgeSettings {
  delay: number | 'auto';
  quantile: number;
  initialDelay: number;
  minDelay: number;
  budget: number;
}

const DEFAULTS: HedgeSettings = {
  delay: 'auto',
  quantile: 0.9,
  initialDelay: 1_000,
  minDelay: 50,
  budget: 0.05,
};
/** Hedges that may be saved up for a burst of slow requests. */
const MAX_SAVED_HEDGES = 5;
/**
 * Hedges a new client starts with: without them, a budget of 5 % would allow the first hedge only
 * at the twentieth request, and hedging would look inert to anyone trying it.
 */
export const INITIAL_HEDGES = 2;

/** Validates the `hedge` option; `undefined` when hedging is off. */
export function resolveHedge(
  option: boolean | HedgeOptions | undefined,
): HedgeSettings | undefined {
  if (option === undefined || option === false) return undefined;
  const settings = { ...DEFAULTS };
  if (option === true) return settings;
  const fail = (message: string): never => {
    throw new ConfigurationError({ message: `hedge.${message}`, code: 'invalid_option' });
  };
  if (option.delay !== undefined) {
    if (option.delay !== 'auto' && !(typeof option.delay === 'number' && option.delay >= 0)) {
      fail(`delay must be a number of ms ≥ 0 or 'auto' (got ${String(option.delay)}).`);
    }
    settings.delay = option.delay;
  }
  const fraction = (name: 'quantile' | 'budget', value: number | undefined): void => {
    if (value === undefined) return;
    if (!(typeof value === 'number' && value >= 0 && value <= 1)) {
      fail(`${name} must be a number from 0 to 1 (got ${String(value)}).`);
    }
    settings[name] = value;
  };
  fraction('quantile', option.quantile);
  fraction('budget', option.budget);
  for (const name of ['initialDelay', 'minDelay'] as const) {
    const value = option[name];
    if (value === undefined) continue;
    if (!(typeof value === 'number' && value >= 0)) {
      fail(`${name} must be a number of ms ≥ 0 (got ${String(value)}).`);
    }
    settings[name] = value;
  }
  return settings;
}

/**
 * The hedge budget of one client: it starts with {@link INITIAL_HEDGES} hedges (none when the
 * share is 0), each request earns `budget` of a hedge, a hedge costs one.
 */
export class HedgeBudget {
  #saved: number;
  readonly #share: number;

  constructor(share: number) {
    this.#share = share;
    this.#saved = share > 0 ? INITIAL_HEDGES : 0;
  }

  /** Counts one request. */
  earn(): void {
    this.#saved = Math.min(MAX_SAVED_HEDGES, this.#saved + this.#share);
  }

  /** Spends one hedge if the budget has one. */
  spend(): boolean {
    if (this.#saved < 1) return false;
    this.#saved -= 1;
    return true;
  }
}

/**
 * The hedge delay for a request whose edges are `regions`, first one first: fixed, or learned
 * from the edge memory. Learned: the `quantile` of the first edge's recent first tokens, but
 * never less than twice their median, since a hedge (itself about a median long) can only win
 * against a first request slower than the delay plus that median; hedges that cannot win would
 * spend the budget that a really slow request needs. While the first edge is not known yet (new,
 * or its samples forgotten), the known edge with the quickest quantile for the model stands in.
 */
export function hedgeDelay(
  settings: HedgeSettings,
  memory: EdgeMemory,
  regions: readonly string[],
  model: string,
): number {
  if (settings.delay !== 'auto') return settings.delay;
  const learnedFor = (region: string): number | undefined => {
    const quantile = memory.firstTokenQuantile(region, model, settings.quantile);
    const median = memory.firstTokenQuantile(region, model, 0.5);
    return quantile === undefined || median === undefined
      ? undefined
      : Math.max(quantile, 2 * median);
  };
  const [first, ...others] = regions;
  let learned = first === undefined ? undefined : learnedFor(first);
  if (learned === undefined) {
    const known = others.map(learnedFor).filter((ms) => ms !== undefined);
    if (known.length > 0) learned = Math.min(...known);
  }
  return learned === undefined ? settings.initialDelay : Math.max(settings.minDelay, learned);
}

/** One leg of a hedged request: sent, decoded, and read up to its first content. */
export interface LegStart<E> {
  /** The edge the answer came from. */
  region: string;
  events: ReadableStream<E>;
}

/** What the first leg tells the race of its route, and what the race tells it. */
export interface LegRoute {
  /** Called before each attempt (the first, retries, failovers) with the edge it goes to. */
  onAttempt(candidate: Candidate): void;
  /** Regions a failover must not move to: the hedge's, once it is sent. */
  avoid: ReadonlySet<string>;
}

/** Why a hedge was or was not sent; the debug line says it. */
export type HedgeDecision =
  /** Content came before the hedge delay. */
  | 'delay-not-reached'
  /** The first request ended without content before the delay (its own failover had run). */
  | 'first-ended'
  /** The delay passed, but the budget had no hedge left. */
  | 'budget-spent'
  /** The delay passed, but every edge of the request was used by the first request. */
  | 'no-other-edge'
  | 'hedged';

/** What {@link raceFirstToken} needs from its caller. */
export interface HedgeRace<E, S extends LegStart<E>> {
  /**
   * Sends the request and decodes it: the first leg (`pin` undefined) along `candidates` with its
   * own retries and failover, reporting each attempt to `route`; the hedge to exactly `pin`.
   */
  start(pin: Candidate | undefined, signal: AbortSignal, route: LegRoute | undefined): Promise<S>;
  /** Whether an event is content (the answer has begun): only content decides the race. */
  isContent(event: E): boolean;
  /**
   * How much a leg that ended without content says, from its events: higher is more
   * informative (see {@link raceFirstToken}).
   */
  rank(events: readonly E[]): number;
  /** The request's edges in order; the first leg starts at the first. */
  candidates: readonly Candidate[];
  delayMs: number;
  budget: HedgeBudget;
  /**
   * Told each leg's time to its first content (or, for a first request that lost, how long it
   * waited in vain).
   */
  onFirstToken(region: string, ms: number): void;
  /** Told when the delay passed and what was done about it. */
  onDelay?(decision: 'hedged' | 'budget-spent' | 'no-other-edge', detail: DelayDetail): void;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
}

/** What was known when the hedge delay passed. */
export interface DelayDetail {
  /** Regions the first request had used or was using. */
  used: string[];
  /** Where the hedge went, when it was sent. */
  hedgeTo: Candidate | undefined;
}

/** The chosen leg, its events from the start, and how the race went. */
export interface HedgeOutcome<S> {
  leg: S;
  events: ReadableStream<unknown>;
  /** `undefined`: no hedge was sent; `true`: the hedge's answer; `false`: the first request's. */
  hedged: boolean | undefined;
  /** Why a hedge was or was not sent. */
  decision: HedgeDecision;
  /** Whether the chosen leg has content; false when every leg ended without any. */
  content: boolean;
}

/** Events a leg may send before its first content and still be raced. */
const MAX_EVENTS_BEFORE_CONTENT = 1_024;

type Settled<S> =
  | { kind: 'content'; leg: S; reader: ReadableStreamDefaultReader<unknown>; seen: unknown[] }
  | { kind: 'ended'; leg: S; reader: ReadableStreamDefaultReader<unknown>; seen: unknown[] };

interface Running<S> {
  index: number;
  controller: AbortController;
  startedAt: number;
  region: string | undefined;
  /** Settles once the leg had content or ended; rejects when it failed. */
  outcome: Promise<Settled<S>>;
}

/** A leg that ended without content, or failed: kept in case no leg has content. */
type Fallback<S> = { index: number; rank: number } & (
  | { settled: Extract<Settled<S>, { kind: 'ended' }> }
  | { error: unknown }
);

/**
 * Sends a request, and once it has no content after `delayMs`, the same request to the first
 * edge of `candidates` that the first request has not used (when the budget allows); the first
 * request's failover then avoids that edge. Resolves with the first leg to produce content; the
 * other is aborted at once (its connection closed) and none of its events is ever delivered.
 *
 * A leg that ends before any content (an in-stream error, a cut, a stall, warnings only) or
 * fails never decides: the other leg goes on. When no leg has content, the most informative
 * outcome is the answer: the highest {@link HedgeRace.rank} (a stream that ended, ranked by the
 * caller), above a rejection; between equals, the first request's. A first request that ends
 * without content before the delay ends the race (a hedge is for slowness; retries and failover
 * already ran inside it).
 */
export async function raceFirstToken<E, S extends LegStart<E>>(
  race: HedgeRace<E, S>,
): Promise<HedgeOutcome<S>> {
  const legs: Running<S>[] = [];
  const used = new Set<string>();
  const first = race.candidates[0];
  if (first) used.add(first.region);
  const avoid = new Set<string>();
  const route: LegRoute = { onAttempt: (c) => used.add(c.region), avoid };

  const launch = (pin: Candidate | undefined): Running<S> => {
    const controller = new AbortController();
    const signal = anySignal([race.signal, controller.signal]);
    const running: Running<S> = {
      index: legs.length,
      controller,
      startedAt: Date.now(),
      region: pin?.region,
      outcome: Promise.resolve() as unknown as Running<S>['outcome'],
    };
    running.outcome = (async (): Promise<Settled<S>> => {
      const leg = await race.start(pin, signal, pin === undefined ? route : undefined);
      running.region = leg.region;
      const reader = leg.events.getReader() as ReadableStreamDefaultReader<unknown>;
      const seen: unknown[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { kind: 'ended', leg, reader, seen };
        seen.push(value);
        // An edge that sends events but never content would grow `seen` without end: past the
        // cap, the leg is treated as answering and its events go to the caller as they are.
        if (race.isContent(value as E) || seen.length >= MAX_EVENTS_BEFORE_CONTENT) {
          race.onFirstToken(leg.region, Date.now() - running.startedAt);
          return { kind: 'content', leg, reader, seen };
        }
      }
    })();
    // A loser's rejection (its abort) is expected and must not surface as unhandled.
    running.outcome.catch(() => {});
    legs.push(running);
    return running;
  };

  const pending = new Set([launch(undefined)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: Promise<'delay'> | undefined = new Promise<'delay'>((resolve) => {
    timer = setTimeout(() => resolve('delay'), race.delayMs);
  });
  let decision: HedgeDecision = 'delay-not-reached';
  const fallbacks: Fallback<S>[] = [];
  try {
    for (;;) {
      const next = await Promise.race([
        ...[...pending].map((leg) =>
          leg.outcome.then(
            (settled) => ({ leg, settled }),
            (error: unknown) => ({ leg, error }),
          ),
        ),
        ...(waiting ? [waiting] : []),
      ]);
      if (next === 'delay') {
        waiting = undefined;
        const target = race.candidates.find((c) => !used.has(c.region));
        if (target === undefined) decision = 'no-other-edge';
        else if (!race.budget.spend()) decision = 'budget-spent';
        else {
          decision = 'hedged';
          avoid.add(target.region);
          pending.add(launch(target));
        }
        race.onDelay?.(decision, {
          used: [...used],
          hedgeTo: decision === 'hedged' ? target : undefined,
        });
        continue;
      }
      pending.delete(next.leg);
      if ('settled' in next && next.settled.kind === 'content') {
        for (const other of pending) {
          // A first request that lost waited at least the hedge delay without content: a lower
          // bound worth remembering. A hedge that lost had less time than the winner, so its
          // wait says nothing about its edge (and would make a slow edge look fast).
          if (other.index === 0 && other.region !== undefined) {
            race.onFirstToken(other.region, Date.now() - other.startedAt);
          }
          other.controller.abort();
        }
        const won = next.settled;
        return {
          leg: won.leg,
          events: replay(won.seen, won.reader),
          hedged: legs.length === 1 ? undefined : next.leg.index === 1,
          decision,
          content: true,
        };
      }
      // Ended without content, or failed: it decides nothing while another leg may still answer.
      fallbacks.push(
        'settled' in next
          ? {
              index: next.leg.index,
              rank: race.rank(next.settled.seen as E[]),
              settled: next.settled as Extract<Settled<S>, { kind: 'ended' }>,
            }
          : { index: next.leg.index, rank: Number.NEGATIVE_INFINITY, error: next.error },
      );
      if (pending.size > 0) continue;
      if (waiting) decision = 'first-ended';
      const best = fallbacks.reduce((a, b) =>
        b.rank > a.rank || (b.rank === a.rank && b.index < a.index) ? b : a,
      );
      if ('error' in best) throw best.error;
      return {
        leg: best.settled.leg,
        events: replay(best.settled.seen, best.settled.reader),
        hedged: legs.length === 1 ? undefined : best.index === 1,
        decision,
        content: false,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The events already read, then the rest of the reader; cancelling it cancels the reader. */
function replay(seen: unknown[], reader: ReadableStreamDefaultReader<unknown>): ReadableStream {
  let at = 0;
  return new ReadableStream({
    async pull(controller) {
      if (at < seen.length) {
        controller.enqueue(seen[at]);
        seen[at++] = undefined;
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
