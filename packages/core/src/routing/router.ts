import type { RouteSource } from '../client/options.js';
import { AbortError, ConfigurationError } from '../errors/error-classes.js';
import { polarGridEdgeRegion, publicEdgeURL, regionName } from '../regions/table.js';
import type { DebugLog } from '../util/logger.js';
import { AutorouterFailure, lookupRoute } from './autorouter.js';
import { SingleFlightCache } from './route-cache.js';

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
  autorouterURL: string;
  /** True when the caller chose the autorouter (option or env): its endpoints are then trusted as-is. */
  autorouterTrusted: boolean;
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

const trimURL = (url: string) => url.replace(/\/+$/, '');

/** Rejects with an {@link AbortError} when the caller aborts, without cancelling shared work. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted)
    return Promise.reject(
      new AbortError({ message: 'Request aborted by the caller.', code: 'aborted' }),
    );
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(new AbortError({ message: 'Request aborted by the caller.', code: 'aborted' }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Decides which edges a request goes to: explicit base URL, pinned region, or the autorouter. */
export class Router {
  readonly #config: RouterConfig;
  readonly #cache = new SingleFlightCache<Candidate>();

  constructor(config: RouterConfig) {
    this.#config = config;
  }

  /** The edge URL of a region, or undefined when `edgeURLs` is given and lacks it. */
  edgeURL(region: string): string | undefined {
    const { edgeURLs } = this.#config;
    if (edgeURLs) {
      const url = edgeURLs[region];
      return url ? trimURL(url) : undefined;
    }
    return publicEdgeURL(region);
  }

  #fallbackCandidates(): Candidate[] {
    const out: Candidate[] = [];
    for (const region of this.#config.fallbackRegions) {
      const endpoint = this.edgeURL(region);
      if (endpoint)
        out.push({ region, regionName: regionName(region), endpoint, source: 'fallback' });
    }
    return out;
  }

  /** The first edge for a request. */
  async primary(
    model: string | undefined,
    options: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<Candidate> {
    const { baseURL, region } = this.#config;
    if (baseURL) {
      return { region: 'custom', regionName: undefined, endpoint: baseURL, source: 'base-url' };
    }
    if (region) {
      const endpoint = this.edgeURL(region);
      if (!endpoint) {
        throw new ConfigurationError({
          message: `Region "${region}" has no entry in edgeURLs (known: ${Object.keys(this.#config.edgeURLs ?? {}).join(', ') || 'none'}).`,
          code: 'unknown_region',
        });
      }
      return { region, regionName: regionName(region), endpoint, source: 'pinned' };
    }
    const key = `${this.#config.autorouterURL}|${model ?? ''}`;
    return raceAbort(
      this.#cache.load(key, () => this.#discover(model), options.fresh),
      options.signal,
    );
  }

  async #discover(model: string | undefined): Promise<{ value: Candidate; ttlSeconds: number }> {
    const { autorouterURL, discoveryTimeout, log } = this.#config;
    try {
      const answer = await lookupRoute(this.#config.fetch, autorouterURL, model, discoveryTimeout);
      let endpoint = trimURL(answer.endpoint);
      if (!this.#config.autorouterTrusted) {
        const edgeRegion = polarGridEdgeRegion(endpoint);
        if (!edgeRegion) {
          throw new AutorouterFailure(
            `autorouter returned an endpoint that is not an https PolarGrid edge (${endpoint})`,
          );
        }
      } else if (!/^https?:\/\//.test(endpoint)) {
        const mapped = this.edgeURL(answer.region);
        if (!mapped)
          throw new AutorouterFailure('autorouter returned an endpoint that is not a URL');
        endpoint = mapped;
      }
      const name = answer.name ?? regionName(answer.region);
      log(
        `Auto-routing: selected ${name ?? answer.region} (${answer.region})${model ? ` for ${model}` : ''}`,
      );
      return {
        value: { region: answer.region, regionName: name, endpoint, source: 'autorouter' },
        ttlSeconds: answer.ttl,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const fallback = this.#fallbackCandidates()[0];
      if (!fallback) {
        throw new ConfigurationError({
          message: `Auto-routing failed (${reason}) and no fallback region has an edge URL.`,
          code: 'no_route',
        });
      }
      log(
        `Auto-routing failed (${reason}); falling back to ${fallback.regionName ?? fallback.region} (${fallback.region}) from the default region order`,
      );
      return { value: fallback, ttlSeconds: FALLBACK_TTL_SECONDS };
    }
  }

  /**
   * Ordered edges for one request: the primary first, then the fallback regions (only those with
   * an edge URL), at most `1 + maxFailovers`. An explicit base URL has no alternatives.
   */
  async candidates(
    model: string | undefined,
    options: { fresh?: boolean; signal?: AbortSignal; exclude?: string } = {},
  ): Promise<Candidate[]> {
    const first = await this.primary(model, options);
    if (first.source === 'base-url') return [first];
    const list = [first];
    for (const c of this.#fallbackCandidates()) {
      if (c.region !== first.region && c.region !== options.exclude)
        list.push({ ...c, source: 'failover' });
    }
    return list.slice(0, 1 + Math.max(0, this.#config.maxFailovers));
  }

  /** Forgets the cached route for a model (after a 404 "Model not loaded"). */
  forget(model: string | undefined): void {
    this.#cache.delete(`${this.#config.autorouterURL}|${model ?? ''}`);
  }
}
