/**
 * Fixed-window counters per key, in memory. Used for per-visitor and per-IP frame rates: cheap
 * enough for every frame, and a restart forgetting the counts is harmless. Each key holds one
 * number (window start × 1024 + count) rather than an object, because thousands of idle
 * visitors each keep an entry.
 *
 * Entries live in two generations, swapped once a window: a key not hit during a whole window
 * is dropped with its generation, so idle visitors stop holding entries without anyone walking
 * the map. `sweep` does the same swap when nothing is being hit (called on a timer).
 */
export interface RateLimiter<K = string> {
  /** Counts one event; returns 0 when allowed, or the milliseconds until the window resets. */
  hit(key: K, now: number): number;
  /** Drops what has expired by `now` (without a hit, the generations would never turn). */
  sweep(now: number): void;
  /** Keys held now, expired ones included until their generation goes. */
  size(): number;
}

const SLOTS = 1024;

export function createRateLimiter<K = string>(opts: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter<K> {
  if (opts.limit >= SLOTS) throw new Error(`rate limit must be below ${SLOTS}`);
  const maxKeys = opts.maxKeys ?? 100_000;
  let current = new Map<K, number>();
  let previous = new Map<K, number>();
  let turnedAt = -Infinity;

  // Every entry in `previous` was written before the last turn, so at the next turn (a window
  // later) its window has ended: dropping that generation drops only expired counts. A window
  // without any hit since the last turn means `current` has expired too.
  function turn(now: number) {
    if (now - turnedAt < opts.windowMs) return;
    previous = now - turnedAt >= 2 * opts.windowMs ? new Map() : current;
    current = new Map();
    turnedAt = now;
  }

  return {
    hit(key, now) {
      turn(now);
      const packed = current.get(key) ?? previous.get(key);
      let start = packed === undefined ? -Infinity : Math.floor(packed / SLOTS);
      let count = packed === undefined ? 0 : packed % SLOTS;
      if (now - start >= opts.windowMs) {
        if (packed === undefined && current.size + previous.size >= maxKeys) {
          for (const gen of [previous, current]) for (const [k, v] of gen) if (now - Math.floor(v / SLOTS) >= opts.windowMs) gen.delete(k);
          if (current.size + previous.size >= maxKeys) (previous.size ? previous : current).delete((previous.size ? previous : current).keys().next().value!);
        }
        start = now;
        count = 0;
      }
      count = Math.min(count + 1, SLOTS - 1);
      current.set(key, start * SLOTS + count);
      previous.delete(key);
      return count > opts.limit ? opts.windowMs - (now - start) : 0;
    },
    sweep: turn,
    size: () => current.size + previous.size,
  };
}
