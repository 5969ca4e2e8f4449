import { NetworkError } from '../errors/error-classes.js';
import type { Candidate } from '../routing/candidate.js';
import { errorText } from '../util/logger.js';

/**
 * The innermost reason of a failed fetch: runtimes wrap the socket error (`ECONNREFUSED`,
 * `ENOTFOUND`) in a generic "fetch failed".
 */
function innermost(error: unknown): string {
  let reason = errorText(error);
  let current = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') {
      const text = errorText(current);
      reason = text.includes(code) ? text : `${text} (${code})`;
    }
    current = current.cause;
  }
  return reason;
}

/**
 * Whether a request's edges came from the fallback order because the autorouter did not answer
 * (the router marks such a route `fallback`; it is remembered for half a minute).
 */
export function routedWithoutAutorouter(candidates: readonly Candidate[]): boolean {
  return candidates.some((c) => c.source === 'fallback');
}

/**
 * The final error when nothing answered at all: the autorouter was unreachable or silent and
 * every edge tried refused the connection or could not be resolved. Retrying (here, or in a
 * framework's retry loop) only multiplies the wait: the usual cause is a missing setting (the
 * emulator's URLs not exported, no network), so the error is final (`retryable: false`) and says
 * what was tried and which variables point elsewhere.
 */
export function nothingAnswered(
  autorouterURL: string,
  tried: readonly Candidate[],
  last: NetworkError,
): NetworkError {
  const edges = [...new Map(tried.map((c) => [c.region, `${c.region} (${c.endpoint})`])).values()];
  return new NetworkError({
    message:
      `Nothing answered: the autorouter (${autorouterURL}) did not answer, and no edge could be reached: ` +
      `${edges.join(', ')} (last: ${innermost(last.cause)}). ` +
      'Not retried. To use another PolarGrid, set POLARGRID_AUTOROUTER_URL (the autorouterURL option), ' +
      'POLARGRID_BASE_URL (baseURL: one edge) or POLARGRID_EDGE_URLS (edgeURLs); for the local emulator, ' +
      'export the variables it prints.',
    code: 'connection_error',
    region: last.region,
    url: last.url,
    cause: last.cause,
    retryable: false,
  });
}
