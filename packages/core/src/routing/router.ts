import type { RouteSource } from '../client/options.js';
import { ConfigurationError } from '../errors/error-classes.js';
import { polarGridEdgeRegion, publicEdgeURL, regionName } from '../regions/table.js';
import { abortable } from '../util/abort.js';
import { type DebugLog, errorText } from '../util/logger.js';
import { lookupRoute } from './autorouter.js';
import { createRouteCache, type Loaded } from './route-cache.js';

/** One edge a request may go to. */
export interface Candidate {
  region: string;
  regionName: string | undefined;
  /** Base URL without `/v1` and without a trailing slash. */
  endpoint: string;
  source: RouteSource;
}

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

/**
 * How long a fallback decision (autorouter down or garbage) is remembered, in seconds, so a dead
 * autorouter costs one discovery timeout per half minute rather than one per request.
 */
export const FALLBACK_TTL_SECONDS = 30;

const candidate = (
  region: string,
  endpoint: string,
  source: RouteSource,
  name = regionName(region),
): Candidate => ({ region, regionName: name, endpoint, source });

/** How logs name an edge: `Toronto (yto-01)`. */
export const describeCandidate = (c: Candidate): string =>
  `${c.regionName ?? c.region} (${c.region})`;

/** The edge URL of a region, or undefined when `edgeURLs` is given and lacks it. */
const edgeURL = ({ edgeURLs }: RouterConfig, region: string): string | undefined =>
  edgeURLs ? edgeURLs[region] : publicEdgeURL(region);

/** The fallback regions that have an edge URL, in order. */
const fallbacks = (config: RouterConfig, source: RouteSource): Candidate[] =>
  config.fallbackRegions.flatMap((region) => {
    const endpoint = edgeURL(config, region);
    return endpoint ? [candidate(region, endpoint, source)] : [];
  });

/** Asks the autorouter; on any failure, falls back to the first fallback region (cached briefly). */
async function discover(
  config: RouterConfig,
  model: string | undefined,
): Promise<Loaded<Candidate>> {
  const { log } = config;
  try {
    const answer = await lookupRoute(
      config.fetch,
      config.autorouterURL,
      model,
      config.discoveryTimeout,
    );
    let { endpoint } = answer;
    if (!config.autorouterTrusted && !polarGridEdgeRegion(endpoint))
      throw new Error(`autorouter endpoint ${endpoint} is not an https PolarGrid edge`);
    // Not a URL (only a trusted autorouter gets here with one): the region's edge URL is used.
    if (!/^https?:\/\//.test(endpoint)) {
      const mapped = edgeURL(config, answer.region);
      if (!mapped) throw new Error(`autorouter endpoint ${endpoint} is not a URL`);
      endpoint = mapped;
    }
    const route = candidate(answer.region, endpoint, 'autorouter', answer.name);
    log(`Auto-routing: selected ${describeCandidate(route)}${model ? ` for ${model}` : ''}`);
    return { value: route, ttlSeconds: answer.ttl };
  } catch (error) {
    const reason = errorText(error);
    const fallback = fallbacks(config, 'fallback')[0];
    if (!fallback) {
      throw new ConfigurationError({
        message: `Auto-routing failed (${reason}) and no fallback region has an edge URL.`,
        code: 'no_route',
      });
    }
    log(
      `Auto-routing failed (${reason}); falling back to ${describeCandidate(fallback)} from the default region order`,
    );
    return { value: fallback, ttlSeconds: FALLBACK_TTL_SECONDS };
  }
}

/** Decides which edges a request goes to: explicit base URL, pinned region, or the autorouter. */
export class Router {
  readonly #config: RouterConfig;
  /** Autorouter routes by model (`''` for none); one router has one autorouter URL. */
  readonly #routes: (model: string, fresh?: boolean) => Promise<Candidate>;

  constructor(config: RouterConfig) {
    this.#config = config;
    this.#routes = createRouteCache((model) => discover(config, model || undefined));
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
