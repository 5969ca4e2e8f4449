import type { PolarGridError } from '../errors/polargrid-error.js';
import { sleep } from '../util/abort.js';
import type { DebugLog } from '../util/logger.js';
import { backoffDelay, MAX_RETRY_AFTER_SECONDS } from './backoff.js';

/**
 * When a failed attempt is sent again to the same edge: a retryable error while retries are
 * left, after `Retry-After` (a `RateLimitError`'s) or a jittered backoff. A `Retry-After` longer
 * than {@link MAX_RETRY_AFTER_SECONDS} is not waited out.
 */
export class RetryPolicy {
  #retries = 0;

  constructor(
    private readonly maxRetries: number,
    private readonly log: DebugLog,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Waits before the next attempt at `region`; throws `error` when it may not be retried. */
  async waitOrThrow(error: PolarGridError, region: string): Promise<void> {
    // Only a RateLimitError has it.
    const { retryAfter } = error as { retryAfter?: number };
    if (
      !error.retryable ||
      this.#retries >= this.maxRetries ||
      (retryAfter ?? 0) > MAX_RETRY_AFTER_SECONDS
    )
      throw error;
    this.#retries++;
    const ms = retryAfter === undefined ? backoffDelay(this.#retries) : retryAfter * 1000;
    this.log(
      `Retry ${this.#retries}/${this.maxRetries} in ${Math.round(ms)} ms after ${error.status ?? error.name} from ${region}`,
    );
    await sleep(ms, this.signal, region);
  }
}
