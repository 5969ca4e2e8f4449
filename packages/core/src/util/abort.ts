/**
 * Signals that follow each other. `AbortSignal.any` is missing on Node 20.0–20.2 and some edge
 * runtimes, so this falls back to a controller wired up by listeners.
 */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return present[0]!;
  const native = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (typeof native === 'function') return native.call(AbortSignal, present);
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  const settle = (reason: unknown) => {
    for (const cleanup of cleanups) cleanup();
    controller.abort(reason);
  };
  for (const signal of present) {
    if (signal.aborted) {
      settle(signal.reason);
      break;
    }
    const onAbort = () => settle(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', onAbort));
  }
  return controller.signal;
}

/** Why an attempt's own controller fired: used to tell a timeout from a caller abort. */
export const ATTEMPT_TIMEOUT = Symbol('polargrid.attempt-timeout');

/**
 * One attempt's abort handle: the caller's signal plus a timer that can be disarmed once the
 * response headers are in (the body of a stream must outlive the header timeout).
 */
export interface AttemptSignal {
  signal: AbortSignal;
  /** True when the timer fired (as opposed to the caller aborting). */
  readonly timedOut: boolean;
  /** Stops the timer; the caller's signal keeps working. */
  disarm(): void;
}

export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const timer = new AbortController();
  let timedOut = false;
  let handle: ReturnType<typeof setTimeout> | undefined;
  if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
    handle = setTimeout(() => {
      timedOut = true;
      timer.abort(ATTEMPT_TIMEOUT);
    }, timeoutMs);
  }
  return {
    signal: anySignal([caller, timer.signal]),
    get timedOut() {
      return timedOut;
    },
    disarm() {
      if (handle !== undefined) clearTimeout(handle);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
