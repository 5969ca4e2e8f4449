/** A value, or a (possibly async) function that produces it per request. */
export type Resolvable<T> = T | (() => T | PromiseLike<T>);

/** Receives debug output. Lines never contain the API key. */
export type PolarGridLogger = (message: string, data?: Record<string, unknown>) => void;

/** Options of {@link EdgeClient} (and of everything built on it). Each has an env fallback where noted. */
export interface PolarGridClientOptions {
  /** `pg_*` key. Env: `POLARGRID_API_KEY`. Sent only to edges, as `Authorization: Bearer`. */
  apiKey?: Resolvable<string> | undefined;
  /** Pin a region by id or alias (case-insensitive), e.g. `yto-01`, `toronto`. Env: `POLARGRID_REGION`. */
  region?: string | undefined;
  /** An explicit edge base URL (with or without `/v1`); disables routing. Env: `POLARGRID_BASE_URL`. */
  baseURL?: string | undefined;
  /**
   * Autorouter base URL. Env: `POLARGRID_AUTOROUTER_URL`. Default `https://autorouter.polargrid.ai`.
   * Setting it also lets the autorouter return non-PolarGrid endpoints (that is how the emulator works).
   */
  autorouterURL?: string | undefined;
  /**
   * Base URLs of edges by region id, overriding `https://api.{region}.edge.polargrid.ai`.
   * Env: `POLARGRID_EDGE_URLS` as `yto-01=http://127.0.0.1:4001,yul-01=…`. Used for pinned regions
   * and for failover candidates (the emulator hands these out).
   */
  edgeURLs?: Record<string, string> | undefined;
  /** Regions tried, in order, when the autorouter fails or an edge is down. Defaults to {@link DEFAULT_FALLBACK_REGIONS}. */
  fallbackRegions?: readonly string[] | undefined;
  /** `fetch` implementation (defaults to the global one). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Extra headers on every edge request. */
  headers?: Resolvable<Record<string, string | undefined>> | undefined;
  /**
   * Per-attempt timeout in milliseconds (time to response headers). Default 30 000, and 600 000
   * for non-streamed generations, whose headers come only when the answer is done. A `POST` that
   * times out is not sent again.
   */
  timeout?: number | undefined;
  /** Longest silence allowed inside a stream, in milliseconds. Default 60 000. */
  streamIdleTimeout?: number | undefined;
  /** Retries on 429 and retryable 5xx (not failover). Default 3. Adapters whose framework retries set 0. */
  maxRetries?: number | undefined;
  /** How many other edges a request may fail over to. Default 2. */
  maxFailovers?: number | undefined;
  /** Timeout for the autorouter lookup, in milliseconds. Default 2 000. */
  discoveryTimeout?: number | undefined;
  /** Debug output: `true` logs to `console.debug` with a `[PolarGrid]` prefix, or pass a function. */
  debug?: boolean | PolarGridLogger | undefined;
  /** Allow running in a browser with a key (keys in pages are readable by anyone). Default false. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Appended to the `User-Agent`-like `x-polargrid-client` header, e.g. `ai-sdk/polargrid/0.1.0`. */
  clientName?: string | undefined;
}

/** Per-request options. */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string | undefined> | undefined;
  /** Overrides the client's per-attempt timeout (ms). */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries` for this request. */
  maxRetries?: number | undefined;
  /** Emit `raw` events with every SSE payload (streams only). */
  includeRaw?: boolean | undefined;
}

/** Where a route came from. */
export type RouteSource = 'base-url' | 'pinned' | 'autorouter' | 'fallback' | 'failover';

/** The edge a request went to, and what it answered. */
export interface ResponseMeta {
  /** Region id, e.g. `yto-01` (`custom` for an explicit `baseURL`). */
  region: string;
  /** Human name, e.g. `Toronto`, when known. */
  regionName: string | undefined;
  /** Edge base URL (no `/v1`). */
  endpoint: string;
  routeSource: RouteSource;
  status: number;
  requestId: string | undefined;
  /** Response headers, lower-cased. */
  headers: Record<string, string>;
  /** Attempts made, counting retries and failovers (1 = first try succeeded). */
  attempts: number;
}

/** A decoded JSON response together with where it came from. */
export interface WithMeta<T> {
  data: T;
  meta: ResponseMeta;
}
