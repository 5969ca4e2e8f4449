/** What the transport takes (client settings, one request's plan) and what it gives back. */
import type { BodyDeadlines, BodySource } from '../io/read-body.js';
import type { Candidate } from '../routing/candidate.js';
import type { CandidateOrder } from '../routing/edge-memory.js';
import type { Router } from '../routing/router.js';
import type { RequestOptions, Resolvable, ResponseMeta } from '../types/options.js';
import type { DebugLog } from '../util/logger.js';

/** Client-wide settings the transport needs. */
export interface TransportConfig {
  fetch: typeof fetch;
  router: Router;
  apiKey: Resolvable<string> | undefined;
  headers: Resolvable<Record<string, string | undefined>> | undefined;
  /** Per-attempt timeout to the response headers (ms). */
  timeout: number;
  /**
   * The timeout of a request whose edge answers only once the result is whole (a non-streamed
   * generation, {@link RequestPlan.wholeResult}): its headers come when the work is done.
   */
  generationTimeout: number;
  /** Longest wait for the next bytes of any body (ms). */
  streamIdleTimeout: number;
  maxRetries: number;
  maxFailovers: number;
  clientHeader: string;
  /** Appended to the request's `user-agent` (the `userAgentSuffix` option). */
  userAgentSuffix: string | undefined;
  /** Added to every edge request's query; the plan's own parameters win (the `queryParams` option). */
  queryParams: Record<string, string> | undefined;
  log: DebugLog;
}

/** One logical request. */
export interface RequestPlan {
  method: 'GET' | 'POST';
  /** The path, without a query string (that goes in `query`). */
  path: string;
  query?: Record<string, string | number | boolean>;
  /** A JSON body (serialised once) or a multipart form. */
  json?: unknown;
  form?: FormData;
  /** Routes with `?model=` and words 404s. */
  model?: string | undefined;
  /** Sends the key. `false` for `/health`. */
  auth: boolean;
  accept?: string;
  /** For error wording (D1). */
  endpoint?: string;
  options?: RequestOptions | undefined;
  /** Send to exactly this edge (no routing, no failover): polling a job that lives on one edge. */
  pin?: Candidate | undefined;
  /**
   * The edges to try, already ordered by the router (a hedged stream orders them once, for the
   * request and its hedge, so a half-open edge's one trial is not taken twice).
   */
  order?: CandidateOrder | undefined;
  /** Told each attempt's edge before it is sent (a hedge keeps its leg off the edges used). */
  onAttempt?: ((candidate: Candidate) => void) | undefined;
  /** Regions a failover must not move to (the edge a hedge is using). */
  avoid?: ReadonlySet<string> | undefined;
  /**
   * The edge sends its headers only once the whole result is ready (a non-streamed chat or text
   * completion, embeddings, a whole speech clip, a sync transcription): the default timeout is
   * then {@link TransportConfig.generationTimeout}.
   */
  wholeResult?: boolean | undefined;
}

/** A response with a 2xx status, headers in, body unread. */
export interface Sent {
  response: Response;
  meta: ResponseMeta;
  /**
   * How to read its body: the idle deadline (`streamIdleTimeout`), the whole-body deadline (the
   * attempt's timeout) and the caller's signal.
   */
  deadlines: BodyDeadlines;
  /** Who sent the body, for the reader's errors. */
  source: BodySource;
}
