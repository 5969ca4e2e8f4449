/** A value, or a (possibly async) function that produces it per request. */
export type Resolvable<T> = T | (() => T | PromiseLike<T>);

/** Receives debug output. Lines never contain the API key. */
export type PolarGridLogger = (message: string, data?: Record<string, unknown>) => void;

/** Options of {@link PolarGridEdge} (and of everything built on it). Each has an env fallback where noted. */
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
  /** Regions tried, in order, when the autorouter fails or an edge is down. Defaults to `DEFAULT_FALLBACK_REGIONS`. */
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
  /**
   * Appended to the `User-Agent` header of every edge request (after a `User-Agent` given in
   * `headers` or per request), e.g. `ai-sdk/polargrid/0.1.0 node.js/v24`. The autorouter lookup
   * never gets it.
   */
  userAgentSuffix?: string | undefined;
  /**
   * Query parameters added to every edge request, e.g. a gateway's `api-version`. A parameter the
   * core sets itself (transcription's `model`, `sync`, …) is never overridden, and the autorouter
   * lookup gets none.
   */
  queryParams?: Record<string, string> | undefined;
  /**
   * Report a missing key (neither `apiKey` nor `POLARGRID_API_KEY`) when the client is built,
   * instead of at the first request. LangChain's classes set it: LangChain integrations report a
   * missing key when the model is created.
   */
  requireApiKey?: boolean | undefined;
  /**
   * Hedged first tokens for streamed generations (opt-in; off by default). When a stream has
   * not produced its first token after a delay, the same request starts at the next-best edge;
   * the first to produce a token is the answer and the other is aborted at once. A budget caps
   * the extra requests (default 5 % of requests). Cost: an aborted request may still be billed
   * for its prompt. Non-streamed calls are never hedged. `true` uses the defaults.
   */
  hedge?: boolean | HedgeOptions | undefined;
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
  /** `false` turns the client's `hedge` off for this request (streams only). */
  hedge?: boolean | undefined;
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
  /** Why the edge memory changed the routing order (a slow or failing edge), when it did. */
  routeReason?: string | undefined;
  /**
   * Set when a hedge was sent: `true` when the hedge's edge answered first, `false` when the
   * first request did. Absent when the request was not hedged.
   */
  hedged?: boolean | undefined;
}

/** A decoded JSON response together with where it came from. */
export interface WithMeta<T> {
  data: T;
  meta: ResponseMeta;
}

/** Settings of the `hedge` option. Every field is optional. */
export interface HedgeOptions {
  /**
   * How long to wait for the first token before hedging, in ms, or `'auto'`: the `quantile` of
   * the times to first token this client has seen for that edge and model, but at least twice
   * their median (an earlier hedge could not win, and would spend the budget); while that edge
   * has answered fewer than 8 times, the quickest such delay among the other edges known for the
   * model. Default `'auto'`.
   */
  delay?: number | 'auto' | undefined;
  /** The quantile (0–1) an `'auto'` delay is read at. Default 0.9. */
  quantile?: number | undefined;
  /** The `'auto'` delay until enough first tokens were seen, in ms. Default 1 000. */
  initialDelay?: number | undefined;
  /** The shortest `'auto'` delay, in ms. Default 50. */
  minDelay?: number | undefined;
  /**
   * The largest share of requests that may be hedged (0–1). Default 0.05: at most one extra
   * request for every twenty. Each request earns that share of a hedge; a hedge spends one.
   */
  budget?: number | undefined;
}
