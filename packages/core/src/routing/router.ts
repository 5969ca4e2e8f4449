import { ConfigurationError } from '../errors/error-classes.js';
import { abortable } from '../util/abort.js';
import type { DebugLog } from '../util/logger.js';
import { discoverRoute } from './autorouter.js';
import { type Candidate, candidate, edgeURL, fallbacks } from './candidate.js';
import { createRouteCache } from './route-cache.js';

export { FALLBACK_TTL_SECONDS } from './autorouter.js';
export { type Candidate, describeCandidate } from './candidate.js';

export interface RouterConfig {
  fetch: typeof fetch;
  /** Explicit edge: no routing, no failover. */
  baseURL: string | undefined;
  /** Pinned region id. */
  region: string | undefined;
  /** Without a trailing slash. */
  autorouterURL: string;
  /** True when the caller chose the autorouter (option or env): its endpoints are then trusted as-is. */
  autorouterTrusted: boolean;
  /** Edge URLs without trailing slashes (the config normalises them). */
  edgeURLs: Record<string, string> | undefined;
  fallbackRegions: readonly string[];
  discoveryTimeout: number;
  maxFailovers: number;
  log: DebugLog;
}

/** Decides which edges a request goes to: explicit base URL, pinned region, or the autorouter. */
export class Router {
  readonly #config: RouterConfig;
  /** Autorouter routes by model (`''` for none); one router has one autorouter URL. */
  readonly #routes: (model: string, fresh?: boolean) => Promise<Candidate>;

  constructor(config: RouterConfig) {
    this.#config = config;
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
    const first = await this.primary(model, options);
    if (first.source === 'base-url') return [first];
    const others = fallbacks(this.#config, 'failover').filter(
      (c) => c.region !== first.region && c.region !== options.exclude,
    );
    return [first, ...others].slice(0, 1 + this.#config.maxFailovers);
  }
}
