/** What a lookup returns: the value and how long (seconds) to keep it; 0 keeps it not at all. */
export interface Loaded<T> {
  value: T;
  ttlSeconds: number;
}

/**
 * Entries a cache keeps at most. Keys are callers' model ids and edge endpoints, so without a
 * cap 20,000 distinct ids would stay in memory forever (about 0.35 KB each).
 */
export const MAX_CACHED_ROUTES = 256;

/** A cache lookup: a key's value, loaded when it is missing or expired. */
export interface RouteCache<T> {
  (key: string, fresh?: boolean): Promise<T>;
  /** Entries held now (never more than the cap; expired ones are dropped). */
  readonly size: number;
}

/**
 * A TTL cache with single-flight loading around `loader`: concurrent misses for one key share one
 * load (1,000 simultaneous first requests make one autorouter call). Failed loads are not cached.
 * The returned function gets a key's value; `fresh` drops the cached value first (an in-flight
 * load is still shared).
 *
 * Bounded: at most `maxEntries` entries (the least recently used goes first), and an expired
 * entry is dropped as soon as the cache is next used, not merely replaced when its key comes back.
 * `now` is injectable for tests.
 */
export function createRouteCache<T>(
  loader: (key: string) => Promise<Loaded<T>>,
  {
    maxEntries = MAX_CACHED_ROUTES,
    now = Date.now,
  }: { maxEntries?: number; now?: () => number } = {},
): RouteCache<T> {
  const entries = new Map<string, { value: T; expiresAt: number }>();
  const inflight = new Map<string, Promise<T>>();
  /** The earliest expiry among the entries: nothing to sweep before it. */
  let nextExpiry = Number.POSITIVE_INFINITY;

  const get = (key: string, fresh?: boolean): Promise<T> => {
    const at = now();
    if (at >= nextExpiry) {
      nextExpiry = Number.POSITIVE_INFINITY;
      for (const [k, entry] of entries)
        if (entry.expiresAt <= at) entries.delete(k);
        else nextExpiry = Math.min(nextExpiry, entry.expiresAt);
    }
    if (fresh) entries.delete(key);
    const entry = entries.get(key);
    if (entry && entry.expiresAt > at) {
      entries.delete(key);
      entries.set(key, entry);
      return Promise.resolve(entry.value);
    }
    let pending = inflight.get(key);
    if (!pending) {
      pending = loader(key)
        .then(({ value, ttlSeconds }) => {
          if (ttlSeconds > 0) {
            const expiresAt = now() + ttlSeconds * 1000;
            entries.delete(key);
            entries.set(key, { value, expiresAt });
            nextExpiry = Math.min(nextExpiry, expiresAt);
            // Maps iterate in insertion order and a hit re-inserts: the first key is the least recent.
            if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
          }
          return value;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  };
  Object.defineProperty(get, 'size', { get: () => entries.size });
  return get as RouteCache<T>;
}
