/**
 * localStorage with a memory fallback. Storage can throw on access (disabled cookies, Safari
 * private mode, sandboxed iframes) or on write (quota); the widget must keep working for the
 * page view anyway, so every value also lives in memory and memory wins within the page.
 * Keys are namespaced by site (`yingke:<siteKey>:<key>`) so two sites on one origin never
 * share a visitor.
 */
export interface SafeStorage {
  get(key: string): string | null;
  /** "" clears a value (reads as falsy) without a second code path for removal. */
  set(key: string, value: string): void;
}

export function siteStorage(site: string, area: () => Storage | null | undefined = () => localStorage): SafeStorage {
  const mem = new Map<string, string>();
  const p = `yingke:${site}:`;
  return {
    get(k) {
      const m = mem.get(k);
      if (m != null) return m;
      try {
        return area()?.getItem(p + k) ?? null;
      } catch {
        return null;
      }
    },
    set(k, v) {
      mem.set(k, v);
      try {
        area()?.setItem(p + k, v);
      } catch {
        // memory keeps it
      }
    },
  };
}
