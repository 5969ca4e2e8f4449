/** One emulated edge. */
export interface EdgeSpec {
  /** Region id, e.g. `yto-01`. */
  region: string;
  /** Human name, e.g. `Toronto`. Defaults to the region id. */
  name?: string;
  /** Model ids this edge serves (anything else answers 404 "Model not loaded"). */
  models: string[];
  /** Fixed loopback port. Default 0 (any free port). */
  port?: number;
  /** Makes this edge slow on purpose (tail-latency tests and benchmarks). Default: never slow. */
  latency?: EdgeLatency;
}

/**
 * A deliberately slow edge: what a queue behind a long prompt or a node warming a model looks
 * like from a client. Applies to the time to first token of every request the edge serves.
 */
export interface EdgeLatency {
  /** Share of requests (0–1) whose time to first token is multiplied by `slowMultiplier`. Default 0. */
  slowFraction?: number;
  /** How much slower a slow request is. Default 10. */
  slowMultiplier?: number;
  /** Random spread of every time to first token, as a fraction (0.2 = ±20 %). Default 0. */
  jitter?: number;
  /** Requests served at once; the rest wait in line (first come, first served). Default: no limit. */
  concurrency?: number;
  /** Seed of the random source, so runs repeat exactly. Default 1. */
  seed?: number;
}

/** Pacing of the deterministic model. 0 means "as fast as possible". */
export interface EmulatorTiming {
  /** Delay before the first token, in milliseconds. */
  ttftMs?: number;
  /** Tokens per second after the first one. */
  tokensPerSecond?: number;
  /**
   * Streamed speech: delay before the first audio chunk (sent as `X-Pg-First-Byte-Ms`), in
   * milliseconds. Default: `ttftMs`. A real kokoro edge answers in roughly 80–150 ms.
   */
  speechFirstByteMs?: number;
}

/** Options of {@link startEdgeEmulator}. Every option is optional. */
export interface EdgeEmulatorOptions {
  /** The edges to start. Default: Toronto, Montreal and Vancouver (see the README). */
  edges?: EdgeSpec[];
  /** Accepted API keys. Default: any key matching `/^pg_[A-Za-z0-9_-]{8,}$/`. */
  apiKeys?: string[];
  /** The key handed out by `apiKey` / `env`. Default `pg_emulator_demo_key`. */
  apiKey?: string;
  /** Model pacing. Default `{ ttftMs: 0, tokensPerSecond: 0 }`. */
  timing?: EmulatorTiming;
  /** Fixed-window per-key limit (requests per minute), or `false` (default) for none. */
  rateLimitPerMinute?: number | false;
  /** `ttl` in the autorouter answer, in seconds. Default 300. */
  routeTTL?: number;
  /** Fixed autorouter port. Default 0 (any free port). */
  autorouterPort?: number;
  /** Region the autorouter answers when no `?model=` is given. Default: the first edge. */
  defaultRegion?: string;
  /**
   * When true, the autorouter skips edges that are down. Default false: like a real autorouter
   * whose health view lags, it may hand out a dead edge (that is what failover tests need).
   */
  routeAroundDownEdges?: boolean;
  /**
   * Browser origins allowed besides loopback pages (`http(s)://localhost`, `127.x.x.x`, `[::1]`,
   * any port, always allowed), e.g. `['https://app.example.test']`; `['*']` allows any page.
   * A request from any other origin is refused with 403.
   */
  corsOrigins?: string[];
  /**
   * Host names (or `host:port`) accepted in the `Host` header besides loopback names and IPs;
   * `['*']` accepts any. Any other Host is refused with 403 (DNS rebinding protection).
   */
  allowedHosts?: string[];
}

/** The default edges, as promised in docs/architecture.md. */
export const DEFAULT_EDGES: readonly EdgeSpec[] = [
  { region: 'yto-01', name: 'Toronto', models: ['qwen-3.8-27b', 'pg-embed-v1'] },
  { region: 'yul-01', name: 'Montreal', models: ['qwen-3.8-27b', 'pg-embed-v1'] },
  {
    region: 'yvr-02',
    name: 'Vancouver',
    models: [
      'qwen-3.8-27b',
      'pg-embed-v1',
      'kokoro-82m',
      'tada-3b-ml',
      'whisper-large-v3-turbo',
      'cohere-transcribe-03-2026',
    ],
  },
];

export const DEFAULT_API_KEY = 'pg_emulator_demo_key';
export const API_KEY_PATTERN = /^pg_[A-Za-z0-9_-]{8,}$/;
