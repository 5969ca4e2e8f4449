import { NotFoundError } from '../errors/error-classes.js';
import { abortError } from '../util/abort.js';
import { attempt } from './attempt.js';
import { FailoverPolicy } from './failover-policy.js';
import { NothingAnsweredWatch } from './nothing-answered.js';
import { prepareRequest } from './request-init.js';
import { RetryPolicy } from './retry-policy.js';
import type { RequestPlan, Sent, TransportConfig } from './transport-types.js';

export type { RequestPlan, Sent, TransportConfig } from './transport-types.js';

/**
 * The default timeout of a non-streamed generation (10 minutes), used when the client sets no
 * `timeout` of its own. Such an answer sends its headers only when it is done, so this must
 * outlast the longest one: 4,096 tokens (the largest `max_tokens` in the catalogue) at a slow
 * 7 tokens/s take under 10 minutes. Streams keep the 30 s time-to-headers default.
 */
export const GENERATION_TIMEOUT_MS = 600_000;

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
  const { signal } = plan.options ?? {};
  if (signal?.aborted) throw abortError(undefined, signal.reason);
  const request = await prepareRequest(config, plan);
  /** The edges for this request, from the router (`fresh`: asking the autorouter again). */
  const route = (fresh: boolean, exclude?: string) =>
    router.ordered(plan.model, { fresh, signal, exclude });
  const order = plan.pin
    ? { candidates: [plan.pin], reason: undefined }
    : (plan.order ?? (await route(false)));
  const edges = new FailoverPolicy(order, config.maxFailovers, router.memory, log, plan.avoid);
  const retries = new RetryPolicy(plan.options?.maxRetries ?? config.maxRetries, log, signal);
  const silence = new NothingAnsweredWatch(order.candidates, router.autorouterURL);
  for (let attempts = 1; ; attempts++) {
    const candidate = edges.current;
    plan.onAttempt?.(candidate);
    const outcome = await attempt(config, plan, request, candidate);
    if (outcome.ok) {
      router.memory.recordSuccess(candidate.region);
      const { response, source, headers } = outcome;
      return {
        response,
        deadlines: {
          streamIdleTimeout: config.streamIdleTimeout,
          totalMs: request.timeout,
          signal,
        },
        source,
        meta: {
          region: candidate.region,
          regionName: candidate.regionName,
          endpoint: candidate.endpoint,
          routeSource: edges.failedOver ? 'failover' : candidate.source,
          status: response.status,
          requestId: source.requestId,
          headers,
          attempts,
          routeReason: order.reason,
        },
      };
    }
    const { error } = outcome;
    if (
      error instanceof NotFoundError &&
      error.modelNotLoaded &&
      plan.model &&
      edges.mayReroute()
    ) {
      if (await edges.reroute(plan.model, route)) continue;
      throw error;
    }
    if (outcome.final) throw error;
    silence.check(outcome, candidate, attempts, edges.exhausted);
    if (!edges.moveOn(outcome.failoverReason)) await retries.waitOrThrow(error, candidate.region);
  }
}
