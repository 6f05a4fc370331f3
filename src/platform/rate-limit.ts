/**
 * Fixed-window counters per key, in memory. Used for per-visitor and per-IP frame rates: cheap
 * enough for every frame, and a restart forgetting the counts is harmless.
 */
export interface RateLimiter {
  /** Counts one event; returns 0 when allowed, or the milliseconds until the window resets. */
  hit(key: string, now: number): number;
}

export function createRateLimiter(opts: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = opts.maxKeys ?? 100_000;
  return {
    hit(key, now) {
      let w = windows.get(key);
      if (!w || now - w.start >= opts.windowMs) {
        if (!w && windows.size >= maxKeys) {
          for (const [k, v] of windows) if (now - v.start >= opts.windowMs) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        }
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count > opts.limit ? opts.windowMs - (now - w.start) : 0;
    },
  };
}
