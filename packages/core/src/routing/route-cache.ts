interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * A TTL cache with single-flight loading: concurrent misses for one key share one load
 * (1,000 simultaneous first requests make one autorouter call). Failed loads are not cached.
 */
export class SingleFlightCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #inflight = new Map<string, Promise<T>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > this.#now()) return entry.value;
    return undefined;
  }

  /** Returns the cached value, or loads it once for all concurrent callers. */
  load(
    key: string,
    loader: () => Promise<{ value: T; ttlSeconds: number }>,
    fresh = false,
  ): Promise<T> {
    if (!fresh) {
      const hit = this.get(key);
      if (hit !== undefined) return Promise.resolve(hit);
    }
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const promise = loader()
      .then(({ value, ttlSeconds }) => {
        if (ttlSeconds > 0)
          this.#entries.set(key, { value, expiresAt: this.#now() + ttlSeconds * 1000 });
        return value;
      })
      .finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, promise);
    return promise;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
