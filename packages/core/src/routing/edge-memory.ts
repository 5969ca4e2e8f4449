import type { Candidate } from './candidate.js';

/** How many recent times to first token are kept per edge and model. */
const SAMPLES_KEPT = 64;
/** Fewer samples than this say nothing about an edge (no reordering, no learned hedge delay). */
export const MIN_SAMPLES = 8;
/** Weight of the newest sample in the moving average. */
const EWMA_WEIGHT = 0.2;
/** An edge whose moving average is this many times another's is clearly slower. */
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
  /** Recent times to first token, oldest overwritten first. */
  samples: number[];
  next: number;
  average: number;
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

/**
 * The client's memory of its edges: per edge and model, a small moving record of time to first
 * token; per edge, a circuit breaker. It orders failover candidates (an edge that just failed
 * waits out a cool-down, then gets one trial request; an edge clearly slower than another known
 * one stops being first) and gives the hedge its delay. Bounded in memory, O(1) per request.
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
      record = { samples: [], next: 0, average: ms, updatedAt: now };
    } else {
      record.average += EWMA_WEIGHT * (ms - record.average);
    }
    record.samples[record.next] = ms;
    record.next = (record.next + 1) % SAMPLES_KEPT;
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

  /** The moving average time to first token, when recent enough samples exist. */
  typicalFirstToken(region: string, model: string): number | undefined {
    const record = this.#fresh(region, model);
    return record && record.samples.length >= MIN_SAMPLES ? record.average : undefined;
  }

  /** The `p` quantile (0–1) of recent times to first token, when enough samples exist. */
  firstTokenQuantile(region: string, model: string, p: number): number | undefined {
    const record = this.#fresh(region, model);
    if (record === undefined || record.samples.length < MIN_SAMPLES) return undefined;
    const sorted = [...record.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  #fresh(region: string, model: string): LatencyRecord | undefined {
    const record = this.#latency.get(`${region} ${model}`);
    return record && this.#now() - record.updatedAt <= FORGET_AFTER_MS ? record : undefined;
  }

  /**
   * Orders one request's candidates: edges in cool-down go last (still tried when nothing else
   * is left), and (when `bySpeed`) the first edge gives way to one that is clearly faster for
   * this model, or, when slow outliers dominate its average, to an edge not yet measured (how
   * that edge gets known). Otherwise the routing order (autorouter, then fallbacks) is kept.
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
    const first = ready[0];
    if (first !== undefined && model !== undefined && bySpeed) {
      const firstMs = this.typicalFirstToken(first.region, model);
      let best: { candidate: Candidate; ms: number } | undefined;
      for (const c of ready.slice(1)) {
        const ms = this.typicalFirstToken(c.region, model);
        if (ms !== undefined && (best === undefined || ms < best.ms)) best = { candidate: c, ms };
      }
      const median = this.firstTokenQuantile(first.region, model, 0.5);
      const unknown = ready.slice(1).find((c) => this.#fresh(c.region, model) === undefined);
      if (firstMs !== undefined && best !== undefined && firstMs > SLOWER_RATIO * best.ms) {
        ready.splice(ready.indexOf(best.candidate), 1);
        ready.unshift(best.candidate);
        reasons.push(
          `${first.region} is slower for ${model} (first token ~${Math.round(firstMs)} ms vs ~${Math.round(best.ms)} ms on ${best.candidate.region})`,
        );
      } else if (
        firstMs !== undefined &&
        median !== undefined &&
        firstMs > SLOWER_RATIO * median &&
        unknown !== undefined
      ) {
        // Slow outliers dominate this edge's average: an edge not yet measured may do better,
        // and is only learned by sending it requests.
        ready.splice(ready.indexOf(unknown), 1);
        ready.unshift(unknown);
        reasons.push(
          `${first.region} has slow outliers for ${model} (first token ~${Math.round(firstMs)} ms on average, ~${Math.round(median)} ms median); trying ${unknown.region}`,
        );
      }
    }
    return {
      candidates: [...ready, ...cooling],
      reason: reasons.length > 0 ? reasons.join('; ') : undefined,
    };
  }

  /** A plain view for debug output: latency per edge and model, and open breakers. */
  snapshot(): Record<string, unknown> {
    const now = this.#now();
    return {
      firstToken: Object.fromEntries(
        [...this.#latency].map(([key, r]) => [
          key,
          { averageMs: Math.round(r.average), samples: r.samples.length },
        ]),
      ),
      coolingDown: [...this.#breakers]
        .filter(([, b]) => b.openUntil > now)
        .map(([region, b]) => ({ region, failures: b.failures, forMs: b.openUntil - now })),
    };
  }
}
