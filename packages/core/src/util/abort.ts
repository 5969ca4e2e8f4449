import { AbortError } from '../errors/error-classes.js';
import { startTimer } from './timers.js';

/** The error for a caller's abort (never retried). `cause` is usually the signal's reason. */
export const abortError = (region?: string, cause?: unknown): AbortError =>
  new AbortError({ message: 'Request aborted by the caller.', code: 'aborted', region, cause });

/**
 * Signals that follow each other. `AbortSignal.any` is missing on Node 20.0–20.2 and some edge
 * runtimes, so this falls back to a controller wired up by listeners.
 */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return present[0]!;
  const native = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (native) return native.call(AbortSignal, present);
  const controller = new AbortController();
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    // The listeners go once the result aborts, so the inputs do not keep it alive.
    signal.addEventListener('abort', () => controller.abort(signal.reason), {
      once: true,
      signal: controller.signal,
    });
  }
  return controller.signal;
}

/**
 * One attempt's abort handle: the caller's signal plus a timer that can be disarmed once the
 * response headers are in (the body of a stream must outlive the header timeout).
 */
export interface AttemptSignal {
  signal: AbortSignal;
  /** Aborts when the timer fires: `timeout.aborted` tells a timeout from a caller abort. */
  timeout: AbortSignal;
  /** Stops the timer; the caller's signal keeps working. */
  disarm(): void;
}

/**
 * An {@link AttemptSignal}; a `timeoutMs` of 0 or Infinity means no timer, and any other value
 * above 2^31−1 ms waits that long (see `util/timers.ts`), never fires at once.
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const timer = new AbortController();
  const disarm =
    timeoutMs > 0 && timeoutMs < Infinity ? startTimer(timeoutMs, () => timer.abort()) : () => {};
  return { signal: anySignal([caller, timer.signal]), timeout: timer.signal, disarm };
}

/**
 * Settles like `promise`, or rejects with an {@link AbortError} (for `region`, `cause` the signal's
 * reason) as soon as `signal` aborts. The work itself goes on (it may be shared).
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  region?: string,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(region, signal.reason));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Resolves after `ms` (clamped to 2^31−1 ms), or rejects with an {@link AbortError} for `region`
 * when `signal` aborts first.
 */
export function sleep(ms: number, signal?: AbortSignal, region?: string): Promise<void> {
  let stop = () => {};
  return abortable(
    new Promise<void>((resolve) => {
      stop = startTimer(ms, resolve);
    }),
    signal,
    region,
  ).finally(() => stop());
}
