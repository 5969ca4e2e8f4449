import { resolveApiKey } from '../auth/api-key.js';
import { checkHeaders } from '../endpoints/check-headers.js';
import type { RequestOptions, Resolvable, ResponseMeta } from '../client/options.js';
import { NetworkError, NotFoundError, TimeoutError } from '../errors/error-classes.js';
import { errorFromResponse } from '../errors/from-response.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { redactHeaders } from '../errors/redact.js';
import { type Candidate, describeCandidate } from '../routing/candidate.js';
import type { Router } from '../routing/router.js';
import { abortError, attemptSignal, sleep } from '../util/abort.js';
import { type DebugLog, errorText } from '../util/logger.js';
import { backoffDelay, MAX_RETRY_AFTER_SECONDS } from './backoff.js';
import { headersToRecord, requestIdFrom } from './headers.js';

/** Client-wide settings the transport needs. */
export interface TransportConfig {
  fetch: typeof fetch;
  router: Router;
  apiKey: Resolvable<string> | undefined;
  headers: Resolvable<Record<string, string | undefined>> | undefined;
  timeout: number;
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
}

/** A response with a 2xx status, headers in, body unread. */
export interface Sent {
  response: Response;
  meta: ResponseMeta;
}

/** Statuses that move a request to the next candidate (the gateway had no answer from the model server). */
const FAILOVER_STATUSES = [502, 503, 504];

/**
 * Sends a request with routing, retries and failover, and returns once a 2xx response's headers
 * are in. Everything after that (reading the body, decoding a stream) belongs to the caller, so
 * a request is structurally never replayed once any of its body was delivered.
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
  const search = String(new URLSearchParams(query));
  const target = plan.path + (search && `?${search}`);

  const maxRetries = options.maxRetries ?? config.maxRetries;
  const timeout = options.timeout ?? config.timeout;
  /** The edges still to try; the first is the current one. */
  let candidates = plan.pin ? [plan.pin] : await router.candidates(model, { signal });
  let failovers = 0;
  let retries = 0;
  let attempts = 0;
  let rerouted = false;

  /**
   * After a failed attempt: moves to the next candidate (when `failoverReason` allows it and one
   * is left), else waits and retries (when `error` is retryable and retries are left), else throws.
   */
  const recover = async (error: PolarGridError, failoverReason?: string): Promise<void> => {
    const from = candidates[0]!.region;
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
        signal: attempt.signal,
      });
    } catch (cause) {
      attempt.disarm();
      const timedOut = attempt.timeout.aborted;
      if (signal?.aborted && !timedOut) throw abortError(region, signal.reason);
      // A timeout is retried on the same edge; an unreachable edge is failed over first.
      await recover(
        timedOut
          ? new TimeoutError({
              message: `PolarGrid edge ${region} did not answer within ${timeout} ms.`,
              code: 'timeout',
              region,
              url,
              cause,
            })
          : new NetworkError({
              message: `Could not reach PolarGrid edge ${region} (${candidate.endpoint}): ${errorText(cause)}`,
              code: 'connection_error',
              region,
              url,
              cause,
            }),
        timedOut ? undefined : 'unreachable',
      );
      continue;
    }
    attempt.disarm();
    const { status } = response;
    const responseHeaders = redactHeaders(headersToRecord(response.headers));
    if (response.ok) {
      return {
        response,
        meta: {
          region,
          regionName: candidate.regionName,
          endpoint: candidate.endpoint,
          routeSource: failovers ? 'failover' : candidate.source,
          status,
          requestId: requestIdFrom(responseHeaders),
          headers: responseHeaders,
          attempts,
        },
      };
    }

    let text = '';
    try {
      text = await response.text();
    } catch (cause) {
      if (signal?.aborted) throw abortError(region, cause);
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
      candidates = (
        await router.candidates(model, { fresh: true, signal, exclude: region })
      ).filter((c) => c.region !== region);
      if (candidates[0]) continue;
      throw error;
    }
    // Other 4xx (408 and 409 included) are the caller's to handle.
    if (status < 500 && status !== 429) throw error;
    await recover(error, FAILOVER_STATUSES.includes(status) ? `answered ${status}` : undefined);
  }
}
