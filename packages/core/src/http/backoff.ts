/** Backoff base and cap (ms) for retries without a `Retry-After`. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8000;
/** A `Retry-After` longer than this (s) is not waited out: the error is thrown instead. */
export const MAX_RETRY_AFTER_SECONDS = 60;

/** Exponential backoff with jitter: attempt 1 → 250–500 ms, 2 → 500–1000 ms, … capped at 8 s. */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
  return (ceiling * (1 + random())) / 2;
}
