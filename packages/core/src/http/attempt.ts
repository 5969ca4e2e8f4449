import { NetworkError, TimeoutError } from '../errors/error-classes.js';
import { errorFromResponse } from '../errors/from-response.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import { redactHeaders } from '../errors/redact.js';
import { type BodySource, readBodyText } from '../io/read-body.js';
import { isRedirect, redirectRefused } from '../io/redirect.js';
import type { Candidate } from '../routing/candidate.js';
import { abortError, attemptSignal } from '../util/abort.js';
import { headersToRecord, requestIdFrom } from '../util/headers.js';
import { errorText } from '../util/logger.js';
import type { PreparedRequest } from './request-init.js';
import type { RequestPlan, TransportConfig } from './transport-types.js';

/** How one attempt ended: a 2xx response (body unread), or an error and whether failover answers it. */
export type AttemptOutcome =
  | { ok: true; response: Response; source: BodySource; headers: Record<string, string> }
  | {
      ok: false;
      error: PolarGridError;
      /** Why failover may answer it (`unreachable`, `answered 503`). */
      failoverReason?: string | undefined;
      /** A 4xx other than 429 (408 and 409 included): the caller's to handle, never sent again. */
      final?: boolean;
    };

/** Statuses that move a request to the next candidate (the gateway had no answer from the model server). */
const FAILOVER_STATUSES = [502, 503, 504];

/**
 * Sends `request` once to `candidate`. Throws what ends the request at once: the caller's
 * abort, a refused redirect, an abort while an error body is read. Everything else is an
 * outcome, for the retry and failover policies to weigh.
 */
export async function attempt(
  config: TransportConfig,
  plan: RequestPlan,
  request: PreparedRequest,
  candidate: Candidate,
): Promise<AttemptOutcome> {
  const { signal } = plan.options ?? {};
  const { region } = candidate;
  const url = candidate.endpoint + request.target;
  const deadline = attemptSignal(signal, request.timeout);
  let response: Response;
  try {
    response = await config.fetch(url, {
      method: plan.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: deadline.signal,
    });
  } catch (cause) {
    deadline.disarm();
    const timedOut = deadline.timeout.aborted;
    if (signal?.aborted && !timedOut) throw abortError(region, signal.reason);
    // A timeout is retried on the same edge (a GET only); an unreachable edge is failed over first.
    if (timedOut) return { ok: false, error: timeoutError(request, candidate, url, cause) };
    const error = new NetworkError({
      message: `Could not reach PolarGrid edge ${region} (${candidate.endpoint}): ${errorText(cause)}`,
      code: 'connection_error',
      region,
      url,
      cause,
    });
    return { ok: false, error, failoverReason: 'unreachable' };
  }
  deadline.disarm();
  if (isRedirect(response)) {
    response.body?.cancel().catch(() => {});
    throw redirectRefused(response, url, `PolarGrid edge ${region}`, region);
  }
  const { status } = response;
  const headers = redactHeaders(headersToRecord(response.headers));
  const source: BodySource = {
    from: `PolarGrid edge ${region}`,
    region,
    requestId: requestIdFrom(headers),
    headers,
    status,
    retryable: request.resendable,
  };
  if (response.ok) return { ok: true, response, source, headers };
  return failedResponse(config, plan, request, response, source, url);
}

/** A non-2xx answer as a typed error, its body read (cut at 64 KiB) within the time to headers. */
async function failedResponse(
  config: TransportConfig,
  plan: RequestPlan,
  request: PreparedRequest,
  response: Response,
  source: BodySource,
  url: string,
): Promise<AttemptOutcome> {
  const { signal } = plan.options ?? {};
  const { status } = response;
  let text = '';
  try {
    ({ text } = await readBodyText(response.body, {
      kind: 'error',
      streamIdleTimeout: config.streamIdleTimeout,
      totalMs: request.headerTimeout,
      signal,
      source,
    }));
  } catch (cause) {
    if (signal?.aborted) throw abortError(source.region, cause);
    // A stalled or trickled error body is a timeout: sent again only when a timeout may be.
    if (cause instanceof TimeoutError) return { ok: false, error: cause };
    // A connection dropped inside the error body: the status still says what happened.
  }
  const error = errorFromResponse(status, source.headers ?? {}, text, {
    region: source.region,
    model: plan.model,
    endpoint: plan.endpoint,
    url,
  });
  if (status < 500 && status !== 429) return { ok: false, error, final: true };
  const failoverReason = FAILOVER_STATUSES.includes(status) ? `answered ${status}` : undefined;
  return { ok: false, error, failoverReason };
}

function timeoutError(
  request: PreparedRequest,
  { region }: Candidate,
  url: string,
  cause: unknown,
): TimeoutError {
  return new TimeoutError({
    message: `PolarGrid edge ${region} did not answer within ${request.timeout} ms.${request.resendable ? '' : ' The request is not sent again: the edge may still be working on it.'}`,
    code: 'timeout',
    region,
    url,
    cause,
    retryable: request.resendable,
  });
}
