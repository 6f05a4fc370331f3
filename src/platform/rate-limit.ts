/**
 * Fixed-window counters per key, in memory. Used for per-visitor and per-IP frame rates: cheap
 * enough for every frame, and a restart forgetting the counts is harmless. Each key holds one
 * number (window start × 1024 + count) rather than an object, because thousands of idle
 * visitors each keep an entry.
 */
export interface RateLimiter<K = string> {
  /** Counts one event; returns 0 when allowed, or the milliseconds until the window resets. */
  hit(key: K, now: number): number;
}

const SLOTS = 1024;

export function createRateLimiter<K = string>(opts: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter<K> {
  if (opts.limit >= SLOTS) throw new Error(`rate limit must be below ${SLOTS}`);
  const windows = new Map<K, number>();
  const maxKeys = opts.maxKeys ?? 100_000;
  return {
    hit(key, now) {
      const packed = windows.get(key);
      let start = packed === undefined ? -Infinity : Math.floor(packed / SLOTS);
      let count = packed === undefined ? 0 : packed % SLOTS;
      if (now - start >= opts.windowMs) {
        if (packed === undefined && windows.size >= maxKeys) {
          for (const [k, v] of windows) if (now - Math.floor(v / SLOTS) >= opts.windowMs) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        }
        start = now;
        count = 0;
      }
      count = Math.min(count + 1, SLOTS - 1);
      windows.set(key, start * SLOTS + count);
      return count > opts.limit ? opts.windowMs - (now - start) : 0;
    },
  };
}
