/**
 * Per-IP failure throttle kept in memory: it protects the password hash from guessing spread
 * across many usernames, which per-account lockout alone does not catch. One process owns the
 * database, so process memory is the right place; a restart forgets at most one window.
 */
export function createIpThrottle() {
  const failures = new Map<string, number[]>();
  function recent(ip: string, windowMs: number, now: number) {
    const list = (failures.get(ip) ?? []).filter((t) => t > now - windowMs);
    if (list.length) failures.set(ip, list);
    else failures.delete(ip);
    return list;
  }
  return {
    blocked: (ip: string, limit: number, windowMs: number, now: number) => recent(ip, windowMs, now).length >= limit,
    fail(ip: string, windowMs: number, now: number) {
      const list = recent(ip, windowMs, now);
      list.push(now);
      failures.set(ip, list);
      if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
    },
    clear: () => failures.clear(),
  };
}
