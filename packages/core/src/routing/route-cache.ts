/** What a lookup returns: the value and how long (seconds) to keep it; 0 keeps it not at all. */
export interface Loaded<T> {
  value: T;
  ttlSeconds: number;
}

/**
 * A TTL cache with single-flight loading around `loader`: concurrent misses for one key share one
 * load (1,000 simultaneous first requests make one autorouter call). Failed loads are not cached.
 * The returned function gets a key's value; `fresh` drops the cached value first (an in-flight
 * load is still shared).
 */
export function createRouteCache<T>(
  loader: (key: string) => Promise<Loaded<T>>,
): (key: string, fresh?: boolean) => Promise<T> {
  const entries = new Map<string, { value: T; expiresAt: number }>();
  const inflight = new Map<string, Promise<T>>();
  return (key, fresh) => {
    if (fresh) entries.delete(key);
    const entry = entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return Promise.resolve(entry.value);
    let pending = inflight.get(key);
    if (!pending) {
      pending = loader(key)
        .then(({ value, ttlSeconds }) => {
          if (ttlSeconds > 0)
            entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
          return value;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  };
}
