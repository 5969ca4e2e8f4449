import { VoiceError } from './voice-error.js';

/**
 * `promise` under a deadline and an abort signal: rejects with a `stalled` {@link VoiceError}
 * after `timeoutMs`, or with the signal's reason when it aborts. The promise itself runs on (the
 * caller cancels what it came from).
 */
export function within<T>(
  promise: Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new VoiceError('stalled', `Nothing arrived for ${timeoutMs} ms.`));
    }, timeoutMs);
    const onAbort = () => {
      cleanup();
      reject(signal?.reason);
    };
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
