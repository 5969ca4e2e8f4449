import { NetworkError } from '../errors/error-classes.js';
import type { PolarGridError } from '../errors/polargrid-error.js';
import type { Candidate } from '../routing/candidate.js';
import { errorText } from '../util/logger.js';

/**
 * The socket error under a failed fetch, which runtimes wrap in a bare "fetch failed"
 * (`ECONNREFUSED` comes with an empty message, so its code is what says it).
 */
function innermost(error: unknown): string {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const { code } = inner as { code?: unknown };
  return typeof code === 'string' && !errorText(inner).includes(code)
    ? `${errorText(inner)} ${code}`
    : errorText(inner);
}

/**
 * Watches one request's attempts for the case where nothing answers at all: its edges came from
 * the fallback order because the autorouter did not answer (the router marks such a route
 * `fallback`; it is remembered for half a minute), and every edge tried refused the connection
 * or could not be resolved. The last such attempt throws {@link nothingAnswered}.
 */
export class NothingAnsweredWatch {
  readonly #withoutAutorouter: boolean;
  readonly #unreachable: Candidate[] = [];

  constructor(
    candidates: readonly Candidate[],
    private readonly autorouterURL: string,
  ) {
    // Read now: failover shifts the same array as it moves on.
    this.#withoutAutorouter = candidates.some((c) => c.source === 'fallback');
  }

  /** After a failed attempt; throws the final error when nothing answered and no edge is left. */
  check(
    outcome: { error: PolarGridError; failoverReason?: string | undefined },
    candidate: Candidate,
    attempts: number,
    exhausted: boolean,
  ): void {
    if (outcome.failoverReason !== 'unreachable' || !(outcome.error instanceof NetworkError))
      return;
    this.#unreachable.push(candidate);
    if (exhausted && this.#withoutAutorouter && this.#unreachable.length === attempts)
      throw nothingAnswered(this.autorouterURL, this.#unreachable, outcome.error);
  }
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
  const edges = [...new Set(tried.map((c) => `${c.region} ${c.endpoint}`))].join(', ');
  return new NetworkError({
    message:
      `Nothing answered: not the autorouter (${autorouterURL}), nor any edge (${edges}; last: ${innermost(last.cause)}). ` +
      'Not retried. Set POLARGRID_AUTOROUTER_URL, POLARGRID_BASE_URL (one edge) or POLARGRID_EDGE_URLS; ' +
      'for the emulator, the variables it prints.',
    code: 'connection_error',
    region: last.region,
    url: last.url,
    cause: last.cause,
    retryable: false,
  });
}
