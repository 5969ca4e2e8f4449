/**
 * The one way to hold a connection: a configured link to PolarGrid's edges (resolved options,
 * key, router, transport settings). Endpoints are free functions that take it as their first
 * argument, so a bundler keeps only the endpoints an app calls.
 */
import { missingApiKeyError } from '../auth/api-key.js';
import { GENERATION_TIMEOUT_MS } from '../http/transport.js';
import { HedgeBudget, resolveHedge } from '../routing/hedge.js';
import { EdgeMemory } from '../routing/edge-memory.js';
import { Router } from '../routing/router.js';
import { defineInspect } from '../util/inspect.js';
import { createDebugLog } from '../util/logger.js';
import { resolveConfig } from './config.js';
import { internalsOf, setInternals } from './edge-internals.js';
import type { PolarGridClientOptions, ResponseMeta } from '../types/options.js';

/** The package version, sent in `x-polargrid-client`. */
export const CORE_VERSION = '0.1.0';

/** A resolved edge for a request. */
export interface ResolvedRoute {
  region: string;
  regionName: string | undefined;
  endpoint: string;
  source: ResponseMeta['routeSource'];
}

/**
 * One configured connection to PolarGrid's edges. It resolves the edge (pinned region, explicit
 * base URL, or the autorouter with TTL cache and single-flight), attaches the key, applies
 * timeouts, retries 429/5xx with jittered backoff honouring `Retry-After`, fails over to the
 * next edge on connection errors and 502/503/504 before any response byte, re-routes once with
 * `?model=` on a 404 "Model not loaded", and turns every failure into a typed
 * {@link PolarGridError}.
 *
 * Pass it to the endpoint functions (`streamChatCompletion(edge, …)`, `createEmbeddings(edge, …)`,
 * …): a bundle then carries only the endpoints it calls.
 *
 * @example
 * ```ts
 * import { PolarGridEdge, streamChatCompletion } from '@polargrid/core';
 *
 * const edge = new PolarGridEdge({ region: 'toronto' });
 * const { events } = await streamChatCompletion(edge, {
 *   model: 'qwen-3.8-27b',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * for await (const event of events) if (event.type === 'text-delta') console.log(event.text);
 * ```
 */
export class PolarGridEdge {
  constructor(options: PolarGridClientOptions = {}) {
    const { apiKey, ...config } = resolveConfig(options);
    if (options.requireApiKey && apiKey === undefined) throw missingApiKeyError();
    const hedge = resolveHedge(options.hedge);
    const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const log = createDebugLog(options.debug);
    const memory = new EdgeMemory();
    // The router reads only its own fields of the resolved config.
    const router = new Router({ ...config, fetch: fetchImpl, log, memory });
    setInternals(this, {
      config,
      memory,
      hedge: hedge && { settings: hedge, budget: new HedgeBudget(hedge.budget) },
      transport: {
        fetch: fetchImpl,
        router,
        apiKey,
        headers: options.headers,
        timeout: config.timeout,
        // A timeout the caller set applies to every request; by default a non-streamed generation waits longer.
        generationTimeout: options.timeout === undefined ? GENERATION_TIMEOUT_MS : config.timeout,
        streamIdleTimeout: config.streamIdleTimeout,
        maxRetries: config.maxRetries,
        maxFailovers: config.maxFailovers,
        clientHeader: `polargrid-core/${CORE_VERSION}${options.clientName ? ` ${options.clientName}` : ''}`,
        userAgentSuffix: options.userAgentSuffix,
        queryParams: options.queryParams,
        log,
      },
    });
    // `console.log(edge)` and `util.inspect` show the redacted view, never the key.
    defineInspect(this, () => `${this.className} ${JSON.stringify(this.toJSON())}`);
  }

  /** The effective options with the key redacted (safe to log or serialise). */
  toJSON(): Record<string, unknown> {
    const { config, transport } = internalsOf(this);
    return { apiKey: transport.apiKey === undefined ? undefined : '[redacted]', ...config };
  }

  /** The class name for `inspect`, spelled out: minifiers rename classes (`constructor.name`). */
  protected get className(): string {
    return 'PolarGridEdge';
  }

  /** Resolves the edge that a request for `model` would go to now. Never sends the key. */
  async resolveRoute(
    options: { model?: string; signal?: AbortSignal } = {},
  ): Promise<ResolvedRoute> {
    const c = await internalsOf(this).transport.router.primary(options.model, {
      signal: options.signal,
    });
    return { region: c.region, regionName: c.regionName, endpoint: c.endpoint, source: c.source };
  }
}
