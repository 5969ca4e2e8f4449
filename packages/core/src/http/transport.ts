import { resolveApiKey } from '../auth/api-key.js';
import type { RequestOptions, Resolvable, ResponseMeta } from '../client/options.js';
import { AbortError, NetworkError, NotFoundError, TimeoutError } from '../errors/error-classes.js';
import { errorFromResponse } from '../errors/from-response.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import type { Candidate, Router } from '../routing/router.js';
import { attemptSignal, sleep } from '../util/abort.js';
import type { DebugLog } from '../util/logger.js';
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
  log: DebugLog;
}

/** One logical request. */
export interface RequestPlan {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
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

const FAILOVER_STATUSES = new Set([502, 503, 504]);

const abortError = (region: string | undefined, cause?: unknown) =>
  new AbortError({ message: 'Request aborted by the caller.', code: 'aborted', region, cause });

function buildURL(endpoint: string, path: string, query: RequestPlan['query']): string {
  let url = endpoint.replace(/\/+$/, '') + path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  return url;
}

async function resolveHeaders(
  source: TransportConfig['headers'],
): Promise<Record<string, string | undefined>> {
  if (source === undefined) return {};
  return typeof source === 'function' ? await source() : source;
}

/**
 * Sends a request with routing, retries and failover, and returns once a 2xx response's headers
 * are in. Everything after that (reading the body, decoding a stream) belongs to the caller, so
 * a request is structurally never replayed once any of its body was delivered.
 */
export async function send(config: TransportConfig, plan: RequestPlan): Promise<Sent> {
  const opts = plan.options ?? {};
  const signal = opts.signal;
  if (signal?.aborted) throw abortError(undefined, signal.reason);

  // The key is resolved (and validated) before any network call, including the autorouter's.
  const key = plan.auth ? await resolveApiKey(config.apiKey) : undefined;
  const extra = { ...(await resolveHeaders(config.headers)), ...(opts.headers ?? {}) };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  headers.accept = plan.accept ?? 'application/json';
  headers['x-polargrid-client'] = config.clientHeader;
  if (plan.json !== undefined) headers['content-type'] = 'application/json';
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  else delete headers.authorization;
  const body = plan.json !== undefined ? JSON.stringify(plan.json) : plan.form;

  const maxRetries = Math.max(0, opts.maxRetries ?? config.maxRetries);
  const timeout = opts.timeout ?? config.timeout;
  let candidates = plan.pin ? [plan.pin] : await config.router.candidates(plan.model, { signal });
  let index = 0;
  let failovers = 0;
  let retries = 0;
  let attempts = 0;
  let rerouted = false;

  const canFailover = () => index + 1 < candidates.length && failovers < config.maxFailovers;
  const failover = (from: Candidate, why: string) => {
    failovers++;
    index++;
    const to = candidates[index]!;
    config.log(
      `Failover: ${from.region} ${why}; trying ${to.regionName ?? to.region} (${to.region})`,
    );
  };
  const retryWait = async (error: PolarGridError, retryAfter?: number) => {
    retries++;
    const ms = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(retries);
    config.log(
      `Retry ${retries}/${maxRetries} in ${Math.round(ms)} ms after ${error.status ?? error.name}${error.region ? ` from ${error.region}` : ''}`,
    );
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw abortError(error.region, reason);
    }
  };

  for (;;) {
    const candidate = candidates[index]!;
    attempts++;
    const url = buildURL(candidate.endpoint, plan.path, plan.query);
    const attempt = attemptSignal(signal, timeout);
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
      if (signal?.aborted && !attempt.timedOut) throw abortError(candidate.region, signal.reason);
      if (attempt.timedOut) {
        const error = new TimeoutError({
          message: `PolarGrid edge ${candidate.region} did not answer within ${timeout} ms.`,
          code: 'timeout',
          region: candidate.region,
          url,
          cause,
        });
        if (retries < maxRetries) {
          await retryWait(error);
          continue;
        }
        throw error;
      }
      const error = new NetworkError({
        message: `Could not reach PolarGrid edge ${candidate.region} (${candidate.endpoint}): ${cause instanceof Error ? cause.message : String(cause)}`,
        code: 'connection_error',
        region: candidate.region,
        url,
        cause,
      });
      if (canFailover()) {
        failover(candidate, 'unreachable');
        continue;
      }
      if (retries < maxRetries) {
        await retryWait(error);
        continue;
      }
      throw error;
    }
    attempt.disarm();
    const responseHeaders = headersToRecord(response.headers);
    if (response.ok) {
      return {
        response,
        meta: {
          region: candidate.region,
          regionName: candidate.regionName,
          endpoint: candidate.endpoint,
          routeSource: failovers > 0 ? 'failover' : candidate.source,
          status: response.status,
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
      if (signal?.aborted) throw abortError(candidate.region, cause);
    }
    if (FAILOVER_STATUSES.has(response.status) && canFailover()) {
      failover(candidate, `answered ${response.status}`);
      continue;
    }
    const error = errorFromResponse(response.status, responseHeaders, text, {
      region: candidate.region,
      model: plan.model,
      endpoint: plan.endpoint,
      url,
    });
    if (
      error instanceof NotFoundError &&
      error.modelNotLoaded &&
      plan.model &&
      !rerouted &&
      candidate.source !== 'base-url' &&
      candidate.source !== 'pinned'
    ) {
      rerouted = true;
      config.router.forget(plan.model);
      config.log(`Model ${plan.model} not loaded on ${candidate.region}; re-routing with ?model=`);
      const fresh = await config.router.candidates(plan.model, {
        fresh: true,
        signal,
        exclude: candidate.region,
      });
      // The autorouter may still name the edge that just said "not loaded" (its view lags):
      // then the next candidate is tried instead.
      candidates = fresh.filter((c) => c.region !== candidate.region);
      index = 0;
      if (candidates.length > 0) continue;
      throw error;
    }
    const retryable = error.retryable && (response.status === 429 || response.status >= 500);
    if (retryable && retries < maxRetries) {
      const retryAfter =
        'retryAfter' in error ? (error.retryAfter as number | undefined) : undefined;
      if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_SECONDS) {
        await retryWait(error, retryAfter);
        continue;
      }
    }
    throw error;
  }
}
