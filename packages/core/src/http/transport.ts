import { resolveApiKey } from '../auth/api-key.js';
import { checkHeaders } from '../endpoints/check-headers.js';
import type { RequestOptions, Resolvable, ResponseMeta } from '../client/options.js';
import { NetworkError, NotFoundError, TimeoutError } from '../errors/error-classes.js';
import { errorFromResponse } from '../errors/from-response.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { redactHeaders } from '../errors/redact.js';
import { type Candidate, describeCandidate } from '../routing/candidate.js';
import type { CandidateOrder } from '../routing/edge-memory.js';
import type { Router } from '../routing/router.js';
import { abortError, attemptSignal, sleep } from '../util/abort.js';
import { type DebugLog, errorText } from '../util/logger.js';
import { backoffDelay, MAX_RETRY_AFTER_SECONDS } from './backoff.js';
import { headersToRecord, requestIdFrom } from './headers.js';
import { type BodyDeadlines, type BodySource, readBodyText } from './read-body.js';
import { nothingAnswered, routedWithoutAutorouter } from './nothing-answered.js';
import { isRedirect, redirectRefused } from './redirect.js';

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

/**
 * The default timeout of a non-streamed generation (10 minutes), used when the client sets no
 * `timeout` of its own. Such an answer sends its headers only when it is done, so this must
 * outlast the longest one: 4,096 tokens (the largest `max_tokens` in the catalogue) at a slow
 * 7 tokens/s take under 10 minutes. Streams keep the 30 s time-to-headers default.
 */
export const GENERATION_TIMEOUT_MS = 600_000;

/** Statuses that move a request to the next candidate (the gateway had no answer from the model server). */
const FAILOVER_STATUSES = [502, 503, 504];

/**
 * Sends a request with routing, retries and failover, and returns once a 2xx response's headers
 * are in. Everything after that (reading the body, decoding a stream) belongs to the caller, so
 * a request is structurally never replayed once any of its body was delivered.
 *
 * What is sent again (to the same edge or, for `failover`, the next one):
 * - a connection failure before any response (refused, DNS, reset or closed before headers):
 *   retried, and failed over first;
 * - 429 and retryable 5xx answers (the edge answered that it did not do the work): retried;
 *   502/503/504 failed over first;
 * - a timeout (no headers within the timeout, or an error body that stalls) only for `GET`.
 *   A `POST` that timed out is never sent again: the edge may still be generating (a
 *   non-streamed answer sends its headers only when it is done), and a second request would be
 *   a second billed generation. Its `TimeoutError` has `retryable: false`, so frameworks that
 *   retry by that flag do not resend it either.
 *
 * No redirect is followed (`redirect: 'manual'`): a 3xx is an `APIStatusError`
 * (`redirect_refused`) naming only the target's origin, never retried.
 */
export async function send(config: TransportConfig, plan: RequestPlan): Promise<Sent> {
  const { router, log } = config;
  const { model, json } = plan;
  const options = plan.options ?? {};
  const { signal } = options;
  if (signal?.aborted) throw abortError(undefined, signal.reason);

  // The key is resolved (and validated) before any network call, including the autorouter's.
  const key = plan.auth ? await resolveApiKey(config.apiKey) : undefined;
  const clientHeaders =
    typeof config.headers === 'function' ? await config.headers() : config.headers;
  checkHeaders(clientHeaders, 'headers');
  checkHeaders(options.headers, 'request headers');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...clientHeaders, ...options.headers }))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  headers.accept = plan.accept ?? 'application/json';
  headers['x-polargrid-client'] = config.clientHeader;
  if (config.userAgentSuffix) {
    headers['user-agent'] = [headers['user-agent'], config.userAgentSuffix]
      .filter(Boolean)
      .join(' ');
  }
  // Only the client's key is ever sent, and only when the endpoint takes one.
  delete headers.authorization;
  if (key) headers.authorization = `Bearer ${key}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const body = json !== undefined ? JSON.stringify(json) : plan.form;
  // URLSearchParams turns the numbers and booleans into text.
  const query = { ...config.queryParams, ...plan.query } as Record<string, string>;
  const target =
    Object.keys(query).length === 0 ? plan.path : `${plan.path}?${new URLSearchParams(query)}`;

  const maxRetries = options.maxRetries ?? config.maxRetries;
  /** Time to headers; an error body is read within it too. */
  const headerTimeout = options.timeout ?? config.timeout;
  const timeout = options.timeout ?? (plan.wholeResult ? config.generationTimeout : config.timeout);
  /** Only a GET is sent again after a timeout (see above). */
  const resendable = plan.method === 'GET';
  /** The edges for this request, from the router (`fresh`: asking the autorouter again). */
  const route = (fresh: boolean, exclude?: string) =>
    router
      .ordered(model, { fresh, signal, exclude })
      .catch((error: unknown) => Promise.reject(withEndpointHint(error, plan.endpoint)));
  /** The edges still to try; the first is the current one. */
  const order = plan.pin
    ? { candidates: [plan.pin], reason: undefined }
    : (plan.order ?? (await route(false)));
  let candidates = order.candidates;
  let failovers = 0;
  let retries = 0;
  let attempts = 0;
  let rerouted = false;
  /** Edges that refused or could not be resolved, until one answers anything. */
  const unreachable: Candidate[] = [];
  /** Read before failover shifts `candidates` (the same array as `order.candidates`). */
  const withoutAutorouter = routedWithoutAutorouter(order.candidates);

  /**
   * After a failed attempt: moves to the next candidate (when `failoverReason` allows it and one
   * is left), else waits and retries (when `error` is retryable and retries are left), else throws.
   */
  const recover = async (error: PolarGridError, failoverReason?: string): Promise<void> => {
    const from = candidates[0]!.region;
    // The edge memory cools an edge down after it failed in a way failover answers.
    if (failoverReason) router.memory.recordFailure(from);
    if (failoverReason && candidates[1] && failovers < config.maxFailovers) {
      failovers++;
      candidates.shift();
      log(`Failover: ${from} ${failoverReason}; trying ${describeCandidate(candidates[0]!)}`);
      return;
    }
    // Only a RateLimitError has it. A longer wait than the cap is not waited out.
    const { retryAfter } = error as { retryAfter?: number };
    if (!error.retryable || retries >= maxRetries || (retryAfter ?? 0) > MAX_RETRY_AFTER_SECONDS)
      throw error;
    retries++;
    const ms = retryAfter === undefined ? backoffDelay(retries) : retryAfter * 1000;
    log(
      `Retry ${retries}/${maxRetries} in ${Math.round(ms)} ms after ${error.status ?? error.name} from ${from}`,
    );
    await sleep(ms, signal, from);
  };

  for (;;) {
    const candidate = candidates[0]!;
    const { region } = candidate;
    const url = candidate.endpoint + target;
    const attempt = attemptSignal(signal, timeout);
    attempts++;
    let response: Response;
    try {
      response = await config.fetch(url, {
        method: plan.method,
        headers,
        body,
        redirect: 'manual',
        signal: attempt.signal,
      });
    } catch (cause) {
      attempt.disarm();
      const timedOut = attempt.timeout.aborted;
      if (signal?.aborted && !timedOut) throw abortError(region, signal.reason);
      if (timedOut) {
        // A timeout is retried on the same edge, and only for a GET (see above).
        await recover(
          new TimeoutError({
            message: `PolarGrid edge ${region} did not answer within ${timeout} ms.${resendable ? '' : ' The request is not sent again: the edge may still be working on it.'}`,
            code: 'timeout',
            region,
            url,
            cause,
            retryable: resendable,
          }),
        );
        continue;
      }
      const networkError = new NetworkError({
        message: `Could not reach PolarGrid edge ${region} (${candidate.endpoint}): ${errorText(cause)}`,
        code: 'connection_error',
        region,
        url,
        cause,
      });
      unreachable.push(candidate);
      // Neither the autorouter nor any edge answered, and no edge is left to fail over to: final,
      // so no retry loop (ours or a framework's) multiplies the wait.
      const lastCandidate = !candidates[1] || failovers >= config.maxFailovers;
      if (lastCandidate && unreachable.length === attempts && withoutAutorouter)
        throw nothingAnswered(router.autorouterURL, unreachable, networkError);
      // An unreachable edge is failed over first.
      await recover(networkError, 'unreachable');
      continue;
    }
    attempt.disarm();
    if (isRedirect(response)) {
      response.body?.cancel().catch(() => {});
      throw redirectRefused(response, url, `PolarGrid edge ${region}`, region);
    }
    const { status } = response;
    const responseHeaders = redactHeaders(headersToRecord(response.headers));
    const requestId = requestIdFrom(responseHeaders);
    const source: BodySource = {
      from: `PolarGrid edge ${region}`,
      region,
      requestId,
      headers: responseHeaders,
      status,
      retryable: resendable,
    };
    if (response.ok) {
      router.memory.recordSuccess(region);
      return {
        response,
        deadlines: { idleMs: config.streamIdleTimeout, totalMs: timeout, signal },
        source,
        meta: {
          region,
          regionName: candidate.regionName,
          endpoint: candidate.endpoint,
          routeSource: failovers ? 'failover' : candidate.source,
          status,
          requestId,
          headers: responseHeaders,
          attempts,
          routeReason: order.reason,
        },
      };
    }

    let text = '';
    try {
      // Cut at 64 KiB; within the idle deadline and the time-to-headers timeout.
      ({ text } = await readBodyText(response.body, {
        kind: 'error',
        idleMs: config.streamIdleTimeout,
        totalMs: headerTimeout,
        signal,
        source,
      }));
    } catch (cause) {
      if (signal?.aborted) throw abortError(region, cause);
      // A stalled or trickled error body is a timeout: sent again only when a timeout may be.
      if (cause instanceof TimeoutError) {
        await recover(cause);
        continue;
      }
      // A connection dropped inside the error body: the status still says what happened.
    }
    const error = errorFromResponse(status, responseHeaders, text, {
      region,
      model,
      endpoint: plan.endpoint,
      url,
    });
    if (
      error instanceof NotFoundError &&
      error.modelNotLoaded &&
      model &&
      !rerouted &&
      candidate.source !== 'base-url' &&
      candidate.source !== 'pinned'
    ) {
      rerouted = true;
      log(`Model ${model} not loaded on ${region}; re-routing with ?model=`);
      // The autorouter may still name the edge that just said "not loaded" (its view lags):
      // then the next candidate is tried instead.
      candidates = (await route(true, region)).candidates.filter((c) => c.region !== region);
      if (candidates[0]) continue;
      throw error;
    }
    // Other 4xx (408 and 409 included) are the caller's to handle.
    if (status < 500 && status !== 429) throw error;
    await recover(error, FAILOVER_STATUSES.includes(status) ? `answered ${status}` : undefined);
  }
}

/**
 * The autorouter's "no edge serves this model" for an embeddings request also says that the
 * public catalogue lists no embedding model (decision D1).
 */
function withEndpointHint(error: unknown, endpoint: string | undefined): unknown {
  if (endpoint !== 'embeddings' || !(error instanceof NotFoundError)) return error;
  if (error.code !== 'model_not_served') return error;
  return new NotFoundError({
    message: `${error.message} The public PolarGrid catalogue lists no embedding model; use an edge that serves one.`,
    status: error.status,
    code: error.code,
    model: error.model,
    url: error.url,
    responseBody: error.responseBody,
  });
}
