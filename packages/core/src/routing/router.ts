import { ConfigurationError } from '../errors/error-classes.js';
import { abortable } from '../util/abort.js';
import { discoverRoute } from './autorouter.js';
import { type Candidate, candidate, edgeURL, fallbacks } from './candidate.js';
import { type CandidateOrder, EdgeMemory } from './edge-memory.js';
import { createRouteCache, type RouteCache } from './route-cache.js';
import type { RouterConfig } from './router-config.js';

export type { Candidate } from './candidate.js';
export type { RouterConfig } from './router-config.js';

/** Decides which edges a request goes to: explicit base URL, pinned region, or the autorouter. */
export class Router {
  readonly #config: RouterConfig;
  readonly #memory: EdgeMemory;
  /**
   * Autorouter routes by model (`''` for none); one router has one autorouter URL. At most
   * 256 models (`MAX_CACHED_ROUTES`), expired routes dropped.
   */
  readonly #routes: RouteCache<Candidate>;

  constructor(config: RouterConfig) {
    this.#config = config;
    this.#memory = config.memory ?? new EdgeMemory();
    this.#routes = createRouteCache((model) => discoverRoute(config, model));
  }

  /** The first edge for a request. `fresh` bypasses (and drops) the cached autorouter route. */
  async primary(
    model: string | undefined,
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<Candidate> {
    const { baseURL, region, edgeURLs } = this.#config;
    // 'custom' is no region id, so it has no name.
    if (baseURL) return candidate('custom', baseURL, 'base-url');
    if (region) {
      const endpoint = edgeURL(this.#config, region);
      if (!endpoint) {
        throw new ConfigurationError({
          message: `Region "${region}" has no entry in edgeURLs (known: ${Object.keys(edgeURLs ?? {}).join(', ') || 'none'}).`,
          code: 'unknown_region',
        });
      }
      return candidate(region, endpoint, 'pinned');
    }
    return abortable(this.#routes(model ?? '', options.fresh), options.signal);
  }

  /**
   * Ordered edges for one request: the primary first, then the fallback regions (only those with
   * an edge URL, never `exclude`), at most `1 + maxFailovers`. An explicit base URL has no
   * alternatives.
   */
  async candidates(
    model: string | undefined,
    options: { fresh?: boolean; signal?: AbortSignal; exclude?: string } = {},
  ): Promise<Candidate[]> {
    return (await this.ordered(model, options)).candidates;
  }

  /**
   * {@link candidates}, and why the edge memory reordered them: an edge cooling down after
   * failures goes last, and one clearly slower for `model` than another known edge stops being
   * first. The cut to `1 + maxFailovers` comes after that ordering.
   */
  async ordered(
    model: string | undefined,
    options: { fresh?: boolean; signal?: AbortSignal; exclude?: string } = {},
  ): Promise<CandidateOrder> {
    const first = await this.primary(model, options);
    if (first.source === 'base-url') return { candidates: [first], reason: undefined };
    const others = fallbacks(this.#config, 'failover').filter(
      (c) => c.region !== first.region && c.region !== options.exclude,
    );
    // A pinned region stays first unless it is failing: the caller chose it.
    const order = this.#memory.order([first, ...others], model, first.source !== 'pinned');
    if (order.reason !== undefined) this.#config.log(`Route order: ${order.reason}`);
    return {
      candidates: order.candidates.slice(0, 1 + this.#config.maxFailovers),
      reason: order.reason,
    };
  }

  /**
   * Every edge this client may use: the default route, then every fallback region with an edge
   * URL (an explicit base URL is the only edge).
   */
  async edges(options: { signal?: AbortSignal } = {}): Promise<Candidate[]> {
    const first = await this.primary(undefined, options);
    if (first.source === 'base-url') return [first];
    const others = fallbacks(this.#config, 'fallback').filter((c) => c.region !== first.region);
    return [first, ...others];
  }

  /** Models whose route is cached now (bounded; for tests and debugging). */
  get cachedRoutes(): number {
    return this.#routes.size;
  }

  /** The autorouter's URL, for errors that say what was tried. */
  get autorouterURL(): string {
    return this.#config.autorouterURL;
  }

  /** What the client remembers of its edges. */
  get memory(): EdgeMemory {
    return this.#memory;
  }
}
