/**
 * Hedged first tokens ("The Tail at Scale", Dean and Barroso): when a streamed generation has
 * not produced its first token after a delay, the same request starts at the next-best edge;
 * whichever produces a token first is the answer and the other is aborted at once.
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

/** The hedge budget of one client: each request earns `budget` of a hedge, a hedge costs one. */
export class HedgeBudget {
  #saved = 0;
  readonly #share: number;

  constructor(share: number) {
    this.#share = share;
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

/** One leg of a hedged request: sent, decoded, and read up to its first token. */
export interface LegStart<E> {
  /** The edge the answer came from. */
  region: string;
  events: ReadableStream<E>;
}

/** What {@link raceFirstToken} needs from its caller. */
export interface HedgeRace<E, S extends LegStart<E>> {
  /** Sends the request (to `pin`, or routed as usual when undefined) and decodes it. */
  start(pin: Candidate | undefined, signal: AbortSignal): Promise<S>;
  /** Whether an event is the first token (or an end) that decides the race. */
  decides(event: E): boolean;
  /** The edge a hedge goes to; undefined when there is none. */
  hedgeTo: Candidate | undefined;
  delayMs: number;
  budget: HedgeBudget;
  /**
   * Told each leg's time to its first token (or, for a first request that lost, how long it
   * waited in vain).
   */
  onFirstToken(region: string, ms: number): void;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
}

/** The winning leg, its events from the start, and whether the hedge won. */
export interface HedgeOutcome<S> {
  leg: S;
  events: ReadableStream<unknown>;
  /** `undefined`: no hedge was sent; `true`: the hedge answered first; `false`: the first request did. */
  hedged: boolean | undefined;
}

interface Running<S> {
  index: number;
  controller: AbortController;
  startedAt: number;
  region: string | undefined;
  /** Settles once the leg decided (its first token or its end) or failed. */
  outcome: Promise<{ leg: S; reader: ReadableStreamDefaultReader<unknown>; seen: unknown[] }>;
}

/**
 * Sends a request, and the same request to `hedgeTo` when the first has not decided within
 * `delayMs` and the budget allows; resolves with the first leg to produce a token (or to end).
 * The other leg is aborted at once (its connection closed) and none of its events is ever
 * delivered, so the caller never sees output from both. A leg that fails before deciding
 * leaves the race to the other; when every leg failed, the first leg's error is thrown.
 */
export async function raceFirstToken<E, S extends LegStart<E>>(
  race: HedgeRace<E, S>,
): Promise<HedgeOutcome<S>> {
  const legs: Running<S>[] = [];
  const launch = (pin: Candidate | undefined): void => {
    const controller = new AbortController();
    const signal = anySignal([race.signal, controller.signal]);
    const running: Running<S> = {
      index: legs.length,
      controller,
      startedAt: Date.now(),
      region: pin?.region,
      outcome: Promise.resolve() as unknown as Running<S>['outcome'],
    };
    running.outcome = (async () => {
      const leg = await race.start(pin, signal);
      running.region = leg.region;
      const reader = leg.events.getReader() as ReadableStreamDefaultReader<unknown>;
      const seen: unknown[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen.push(value);
        if (race.decides(value as E)) break;
      }
      race.onFirstToken(leg.region, Date.now() - running.startedAt);
      return { leg, reader, seen };
    })();
    // A loser's rejection (its abort) is expected and must not surface as unhandled.
    running.outcome.catch(() => {});
    legs.push(running);
  };

  launch(undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hedgeDue =
    race.hedgeTo === undefined
      ? undefined
      : new Promise<'hedge'>((resolve) => {
          timer = setTimeout(() => resolve('hedge'), race.delayMs);
        });
  let waiting = hedgeDue;
  const failures: unknown[] = [];
  const pending = new Set(legs);
  try {
    for (;;) {
      const next = await Promise.race([
        ...[...pending].map((leg) =>
          leg.outcome.then(
            (won) => ({ leg, won }),
            (error: unknown) => ({ leg, error }),
          ),
        ),
        ...(waiting ? [waiting] : []),
      ]);
      if (next === 'hedge') {
        waiting = undefined;
        if (race.budget.spend()) {
          launch(race.hedgeTo);
          pending.add(legs[legs.length - 1]!);
        }
        continue;
      }
      pending.delete(next.leg);
      if ('error' in next) {
        failures.push(next.error);
        if (pending.size > 0) continue;
        throw failures[0];
      }
      for (const other of pending) {
        // A first request that lost waited at least the hedge delay without a token: a lower
        // bound worth remembering. A hedge that lost had less time than the winner, so its wait
        // says nothing about its edge (and would make a slow edge look fast).
        if (other.index === 0 && other.region !== undefined) {
          race.onFirstToken(other.region, Date.now() - other.startedAt);
        }
        other.controller.abort();
      }
      const { won } = next;
      return {
        leg: won.leg,
        events: replay(won.seen, won.reader),
        hedged: legs.length === 1 ? undefined : next.leg.index === 1,
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The events already read, then the rest of the reader; cancelling it cancels the reader. */
function replay(seen: unknown[], reader: ReadableStreamDefaultReader<unknown>): ReadableStream {
  return new ReadableStream({
    async pull(controller) {
      const value = seen.shift();
      if (value !== undefined) {
        controller.enqueue(value);
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
