import type { PolarGridClientOptions } from '@polargrid/core';

/** Settings of {@link createPolarGrid}. Every one is optional. */
export interface PolarGridProviderSettings {
  /**
   * `pg_*` API key, or a (possibly async) function returning it, resolved on every request.
   * Default: env `POLARGRID_API_KEY`. Sent only to edges, never to the autorouter.
   */
  apiKey?: string | (() => string | PromiseLike<string>);
  /** Pin a region by id or alias, e.g. `yto-01` or `toronto`. Env: `POLARGRID_REGION`. */
  region?: string;
  /** An explicit edge base URL (with or without `/v1`); disables routing. Env: `POLARGRID_BASE_URL`. */
  baseURL?: string;
  /** Autorouter base URL. Env: `POLARGRID_AUTOROUTER_URL`. */
  autorouterURL?: string;
  /** Edge base URLs by region id (the emulator hands these out). Env: `POLARGRID_EDGE_URLS`. */
  edgeURLs?: Record<string, string>;
  /** Regions tried in order when the autorouter fails or an edge is down. */
  fallbackRegions?: readonly string[];
  /** Extra headers on every edge request (per-call `headers` are added after these). */
  headers?:
    | Record<string, string | undefined>
    | (() => Record<string, string | undefined> | PromiseLike<Record<string, string | undefined>>);
  /** Custom `fetch` (middleware, testing). */
  fetch?: typeof globalThis.fetch;
  /**
   * Query parameters added to every edge API request (e.g. a gateway's `api-version`). Parameters
   * the provider sets itself (transcription's `model`, `sync`, …) are never overridden, and the
   * autorouter lookup gets none.
   */
  queryParams?: Record<string, string>;
  /**
   * Report token usage from streams. Default true. The core always sends
   * `stream_options.include_usage` (project decision D6), so `false` only stops reporting it.
   */
  includeUsage?: boolean;
  /** Per-attempt timeout to response headers, in ms. Default 30 000. */
  timeout?: number;
  /** Longest silence inside a stream, in ms. Default 60 000. */
  streamIdleTimeout?: number;
  /** How many other edges a request may fail over to before any byte arrived. Default 2. */
  maxFailovers?: number;
  /** Timeout of the autorouter lookup, in ms. Default 2 000. */
  discoveryTimeout?: number;
  /** Debug output (never contains the key): `true` for `console.debug`, or a function. */
  debug?: PolarGridClientOptions['debug'];
  /** Allow use from a browser page (anyone can read a key shipped to a page). Default false. */
  dangerouslyAllowBrowser?: boolean;
}
