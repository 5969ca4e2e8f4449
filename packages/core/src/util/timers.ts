/**
 * Timers that take any duration. `setTimeout` stores its delay in a signed 32-bit integer: a
 * delay above 2^31−1 ms (about 24.8 days) fires at once in Node, browsers and Deno. Every timer
 * in the core goes through {@link startTimer}, so a huge timeout (`1e12`,
 * `Number.MAX_SAFE_INTEGER`, `Infinity`) means "very long", never "now".
 */

/** The longest delay `setTimeout` honours: 2^31−1 ms. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** `ms` as a delay `setTimeout` honours: at most {@link MAX_TIMER_DELAY_MS}, at least 0 (NaN → 0). */
export function clampDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, MAX_TIMER_DELAY_MS);
}

/** Calls `onFire` after `ms` (clamped by {@link clampDelay}); returns the function that stops it. */
export function startTimer(ms: number, onFire: () => void): () => void {
  const handle = setTimeout(onFire, clampDelay(ms));
  return () => clearTimeout(handle);
}
