import type { VisitHead, VisitorRow } from "./repo.ts";

/**
 * Who is on the sites right now, kept in memory (the visitor list is live data; the database
 * keeps the history). A visitor counts as gone only after their last channel has been closed
 * for the grace period, so that moving from page to page does not flap them offline.
 */
export interface OnlineVisitor {
  visitorId: number;
  siteId: number;
  name: string;
  visitCount: number;
  /** The visit's details (address, region, browser, search words) are read from the store when needed. */
  visitId: number;
  enteredAt: number;
  currentUrl: string;
  currentTitle: string;
  lastSeenAt: number;
  /** Open channels (tabs); 0 while within the grace period or gone. */
  connections: number;
  disconnectedAt: number | null;
  goneAt: number | null;
}

export function createPresence(opts: { graceMs: number; keepGoneMs: number }) {
  const online = new Map<number, OnlineVisitor>();
  // Channels are counted on the list entry; this map counts them only before the first page view
  // creates one (one map entry fewer per idle visitor).
  const channels = new Map<number, number>();
  // When each visitor's last channel closed, list entry or not (chat keep asks; forgotten like gone entries).
  const closedAt = new Map<number, number>();

  return {
    get: (visitorId: number) => online.get(visitorId),
    /** Open channels of a visitor, whether or not a page view made them a list entry yet. */
    channels: (visitorId: number) => online.get(visitorId)?.connections ?? channels.get(visitorId) ?? 0,
    closedAt: (visitorId: number) => closedAt.get(visitorId),
    list: (siteId: number) => [...online.values()].filter((v) => v.siteId === siteId),

    /** Creates or refreshes the entry for a visitor on a visit. */
    upsert(visitor: Pick<VisitorRow, "id" | "site_id" | "name" | "visit_count">, visit: VisitHead, now: number): OnlineVisitor {
      const prev = online.get(visitor.id);
      const same = prev?.visitId === visit.id;
      const entry: OnlineVisitor = {
        visitorId: visitor.id, siteId: visitor.site_id, name: visitor.name, visitCount: visitor.visit_count,
        visitId: visit.id, enteredAt: visit.started_at,
        currentUrl: same ? prev!.currentUrl : visit.landing_url, currentTitle: same ? prev!.currentTitle : "",
        lastSeenAt: now, connections: prev?.connections ?? channels.get(visitor.id) ?? 0, disconnectedAt: prev?.disconnectedAt ?? null, goneAt: null,
      };
      online.set(visitor.id, entry);
      channels.delete(visitor.id);
      return entry;
    },

    connect(visitorId: number) {
      closedAt.delete(visitorId);
      const v = online.get(visitorId);
      if (!v) {
        channels.set(visitorId, (channels.get(visitorId) ?? 0) + 1);
        return;
      }
      v.connections++;
      v.disconnectedAt = null;
      v.goneAt = null;
    },

    disconnect(visitorId: number, now: number) {
      const v = online.get(visitorId);
      const left = Math.max(0, (v ? v.connections : (channels.get(visitorId) ?? 0)) - 1);
      if (left === 0) closedAt.set(visitorId, now);
      if (!v) {
        if (left === 0) channels.delete(visitorId);
        else channels.set(visitorId, left);
        return;
      }
      v.connections = left;
      if (left === 0) v.disconnectedAt = now;
    },

    /** Marks visitors gone whose grace period has run out; forgets long-gone ones. Returns the newly gone. */
    sweep(now: number): OnlineVisitor[] {
      const gone: OnlineVisitor[] = [];
      for (const [id, at] of closedAt) if (now - at >= opts.keepGoneMs) closedAt.delete(id);
      for (const [id, v] of online) {
        if (v.goneAt !== null) {
          if (now - v.goneAt >= opts.keepGoneMs) online.delete(id);
        } else if (v.connections === 0 && v.disconnectedAt !== null && now - v.disconnectedAt >= opts.graceMs) {
          v.goneAt = v.disconnectedAt;
          gone.push(v);
        }
      }
      return gone;
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
