import { type Candidate, describeCandidate } from '../routing/candidate.js';
import type { CandidateOrder, EdgeMemory } from '../routing/edge-memory.js';
import type { DebugLog } from '../util/logger.js';

/**
 * Which edge an attempt goes to: the router's order, moved along on a failure that failover
 * answers (unreachable, 502/503/504) while candidates and failovers are left, and re-routed once
 * when an edge says the model is not loaded there.
 */
export class FailoverPolicy {
  #candidates: Candidate[];
  #failovers = 0;
  #rerouted = false;

  constructor(
    readonly order: CandidateOrder,
    private readonly maxFailovers: number,
    private readonly memory: EdgeMemory,
    private readonly log: DebugLog,
    /** Regions a failover must not move to (the edge a hedge is using). */
    private readonly avoid?: ReadonlySet<string>,
  ) {
    this.#candidates = order.candidates;
  }

  /** The edge the next attempt goes to. */
  get current(): Candidate {
    return this.#candidates[0]!;
  }

  /** True when no failover is left: no other edge, or the failovers are used up. */
  get exhausted(): boolean {
    return !this.#candidates[1] || this.#failovers >= this.maxFailovers;
  }

  /** True once the request moved to another edge than the router's first. */
  get failedOver(): boolean {
    return this.#failovers > 0;
  }

  /**
   * After a failure that failover answers (`reason`): the edge memory cools the edge down, and
   * the request moves to the next edge when one is left. False when it stays.
   */
  moveOn(reason: string | undefined): boolean {
    if (reason === undefined) return false;
    const from = this.current.region;
    this.memory.recordFailure(from);
    while (this.#candidates[1] && this.avoid?.has(this.#candidates[1].region)) {
      this.#candidates.splice(1, 1);
    }
    if (!this.#candidates[1] || this.#failovers >= this.maxFailovers) return false;
    this.#failovers++;
    this.#candidates.shift();
    this.log(`Failover: ${from} ${reason}; trying ${describeCandidate(this.current)}`);
    return true;
  }

  /** Whether an edge's "model not loaded" may re-route: once, and only for routed edges. */
  mayReroute(): boolean {
    const { source } = this.current;
    return !this.#rerouted && source !== 'base-url' && source !== 'pinned';
  }

  /**
   * Re-routes with `?model=` (`route(fresh, exclude)`). The autorouter may still name the edge
   * that just said "not loaded" (its view lags): then the next candidate is tried instead. False
   * when no other edge is left.
   */
  async reroute(
    model: string,
    route: (fresh: boolean, exclude: string) => Promise<CandidateOrder>,
  ): Promise<boolean> {
    this.#rerouted = true;
    const { region } = this.current;
    this.log(`Model ${model} not loaded on ${region}; re-routing with ?model=`);
    this.#candidates = (await route(true, region)).candidates.filter((c) => c.region !== region);
    return this.#candidates.length > 0;
  }
}
