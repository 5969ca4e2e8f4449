import type { Candidate } from './candidate.js';

/** How many recent times to first token are kept per edge and model. */
const SAMPLES_KEPT = 64;
/** Fewer samples than this say nothing about an edge (no reordering, no learned hedge delay). */
export const MIN_SAMPLES = 8;
/**
 * The quantile edges are compared at. The tail, not the average: an edge that is slow for one
 * request in five is what a user feels, and a quantile over the kept samples does not swing
 * back after a few lucky answers the way a moving average does.
 */
export const TAIL_QUANTILE = 0.9;
/** An edge whose tail is this many times another's is clearly slower. */
const SLOWER_RATIO = 2;
/** Samples older than this are forgotten, so an edge once slow gets another chance. */
const FORGET_AFTER_MS = 60_000;
/** Cool-down after an edge's first failure; doubled for each further failure in a row. */
const COOL_DOWN_MS = 2_000;
const MAX_COOL_DOWN_MS = 60_000;
/** Edge-and-model records kept at most (least recently used ones go first). */
const MAX_RECORDS = 256;

/** What the client has seen of one edge serving one model. */
interface LatencyRecord {
  region: string;
  model: string;
  /** Recent times to first token, oldest overwritten first. */
  samples: number[];
  next: number;
  /** `samples` in ascending order; `undefined` until a quantile is asked for after a new sample. */
  sorted: number[] | undefined;
  updatedAt: number;
}

/** The circuit breaker of one edge: closed (no entry), open until `openUntil`, then half-open. */
interface Breaker {
  failures: number;
  openUntil: number;
  /** When the one trial request of the half-open state was let through. */
  trialAt: number | undefined;
}

/** Why the candidates are in the order they are, for debug output and response metadata. */
export interface CandidateOrder {
  candidates: Candidate[];
  /** `undefined` when the routing order was kept as it was. */
  reason: string | undefined;
}

/** What is known of one ready candidate's time to first token for the model. */
interface Measured {
  candidate: Candidate;
  /** Its recent first tokens at {@link TAIL_QUANTILE} and at the median; `undefined` while it is being learned. */
  speed: { tail: number; median: number } | undefined;
}

/**
 * The client's memory of its edges: per edge and model, the last few times to first token; per
 * edge, a circuit breaker. It orders failover candidates (an edge that just failed waits out a
 * cool-down, then gets one trial request; an edge whose tail is clearly slower than another
 * known edge's goes behind it; while the first edge has slow outliers, edges not yet known are
 * tried so they can be learned) and gives the hedge its delay. Bounded in memory.
 *
 * `now` is injectable for tests.
 */
export class EdgeMemory {
  readonly #latency = new Map<string, LatencyRecord>();
  readonly #breakers = new Map<string, Breaker>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records the time from sending a request to its first token. */
  recordFirstToken(region: string, model: string, ms: number): void {
    const key = `${region} ${model}`;
    const now = this.#now();
    let record = this.#latency.get(key);
    if (record === undefined || now - record.updatedAt > FORGET_AFTER_MS) {
      record = { region, model, samples: [], next: 0, sorted: undefined, updatedAt: now };
    }
    record.samples[record.next] = ms;
    record.next = (record.next + 1) % SAMPLES_KEPT;
    record.sorted = undefined;
    record.updatedAt = now;
    // Re-inserting keeps the map in least-recently-used order.
    this.#latency.delete(key);
    this.#latency.set(key, record);
    if (this.#latency.size > MAX_RECORDS) {
      this.#latency.delete(this.#latency.keys().next().value as string);
    }
  }

  /** An edge answered: its breaker closes. */
  recordSuccess(region: string): void {
    this.#breakers.delete(region);
  }

  /** An edge failed (unreachable, or 502/503/504): its breaker opens for a growing cool-down. */
  recordFailure(region: string): void {
    const failures = (this.#breakers.get(region)?.failures ?? 0) + 1;
    const coolDown = Math.min(MAX_COOL_DOWN_MS, COOL_DOWN_MS * 2 ** (failures - 1));
    this.#breakers.set(region, { failures, openUntil: this.#now() + coolDown, trialAt: undefined });
    if (this.#breakers.size > MAX_RECORDS) {
      this.#breakers.delete(this.#breakers.keys().next().value as string);
    }
  }

  /**
   * Whether a request may go to `region` now: yes when its breaker is closed; no while it is
   * open; once the cool-down is over, yes for one trial request at a time (half-open).
   * `take` marks the trial as taken.
   */
  #available(region: string, take: boolean): boolean {
    const breaker = this.#breakers.get(region);
    if (breaker === undefined) return true;
    const now = this.#now();
    if (now < breaker.openUntil) return false;
    // A trial that never reported back (the caller went away) frees the slot after a cool-down.
    if (breaker.trialAt !== undefined && now - breaker.trialAt < COOL_DOWN_MS) return false;
    if (take) breaker.trialAt = now;
    return true;
  }

  /** The `p` quantile (0–1) of recent times to first token, when enough samples exist. */
  firstTokenQuantile(region: string, model: string, p: number): number | undefined {
    const record = this.#latency.get(`${region} ${model}`);
    if (record === undefined || this.#now() - record.updatedAt > FORGET_AFTER_MS) return undefined;
    if (record.samples.length < MIN_SAMPLES) return undefined;
    record.sorted ??= [...record.samples].sort((a, b) => a - b);
    return record.sorted[Math.min(record.sorted.length - 1, Math.floor(p * record.sorted.length))];
  }

  /**
   * Orders one request's candidates: edges in cool-down go last (still tried when nothing else
   * is left), and (when `bySpeed`) edges whose tail time to first token for this model is
   * clearly slower than the best known edge's go behind the others; while the first edge has
   * slow outliers (its tail above twice its median), an edge not yet known is tried first (how
   * the memory learns it). Otherwise the routing order (autorouter, then fallbacks) is kept.
   */
  order(
    candidates: readonly Candidate[],
    model: string | undefined,
    bySpeed = true,
  ): CandidateOrder {
    if (candidates.length < 2) return { candidates: [...candidates], reason: undefined };
    const ready: Candidate[] = [];
    const cooling: Candidate[] = [];
    // Only the edge that will be tried first takes the half-open trial.
    for (const c of candidates) {
      (this.#available(c.region, ready.length === 0) ? ready : cooling).push(c);
    }
    const reasons: string[] = [];
    if (cooling.length > 0) {
      reasons.push(`${cooling.map((c) => c.region).join(', ')} cooling down after failures`);
    }
    const ordered = model !== undefined && bySpeed ? this.#bySpeed(ready, model, reasons) : ready;
    return {
      candidates: [...ordered, ...cooling],
      reason: reasons.length > 0 ? reasons.join('; ') : undefined,
    };
  }

  /** What is known of `region`'s time to first token for `model`. */
  #speed(region: string, model: string): Measured['speed'] {
    const tail = this.firstTokenQuantile(region, model, TAIL_QUANTILE);
    const median = this.firstTokenQuantile(region, model, 0.5);
    return tail === undefined || median === undefined ? undefined : { tail, median };
  }

  /** The speed part of {@link order}; adds its reasons to `reasons`. */
  #bySpeed(ready: Candidate[], model: string, reasons: string[]): Candidate[] {
    const measured: Measured[] = ready.map((candidate) => ({
      candidate,
      speed: this.#speed(candidate.region, model),
    }));
    let best: { region: string; tail: number } | undefined;
    for (const { candidate, speed } of measured) {
      if (speed !== undefined && (best === undefined || speed.tail < best.tail)) {
        best = { region: candidate.region, tail: speed.tail };
      }
    }
    // Clearly slower edges go behind the rest, the least slow of them first; the rest keep
    // their order.
    const fast: Measured[] = [];
    const slow: { candidate: Candidate; tail: number }[] = [];
    for (const m of measured) {
      if (best !== undefined && m.speed !== undefined && m.speed.tail > SLOWER_RATIO * best.tail) {
        slow.push({ candidate: m.candidate, tail: m.speed.tail });
      } else {
        fast.push(m);
      }
    }
    slow.sort((a, b) => a.tail - b.tail);
    const order = [...fast.map((m) => m.candidate), ...slow.map((s) => s.candidate)];
    if (best !== undefined && order.some((c, i) => c !== ready[i])) {
      for (const s of slow) {
        reasons.push(
          `${s.candidate.region} is slower for ${model} (p90 first token ~${Math.round(s.tail)} ms vs ~${Math.round(best.tail)} ms on ${best.region})`,
        );
      }
    }

    const [first] = fast;
    const learning = fast.find((m) => m.speed === undefined)?.candidate;
    if (
      first?.speed !== undefined &&
      first.speed.tail > SLOWER_RATIO * first.speed.median &&
      learning !== undefined
    ) {
      // An edge not yet known may do better, and is only learned by sending it requests.
      order.splice(order.indexOf(learning), 1);
      order.unshift(learning);
      reasons.push(
        `${first.candidate.region} has slow outliers for ${model} (p90 first token ~${Math.round(first.speed.tail)} ms, median ~${Math.round(first.speed.median)} ms); trying ${learning.region}`,
      );
    }
    return order;
  }

  /** A plain view for debug output: latency per edge and model, and open breakers. */
  snapshot(): Record<string, unknown> {
    const now = this.#now();
    return {
      firstToken: Object.fromEntries(
        [...this.#latency].map(([key, { region, model, samples }]) => [
          key,
          {
            samples: samples.length,
            medianMs: this.firstTokenQuantile(region, model, 0.5),
            p90Ms: this.firstTokenQuantile(region, model, TAIL_QUANTILE),
          },
        ]),
      ),
      coolingDown: [...this.#breakers]
        .filter(([, b]) => b.openUntil > now)
        .map(([region, b]) => ({ region, failures: b.failures, forMs: b.openUntil - now })),
    };
  }
}
