import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { ChatService } from "./service.ts";

/**
 * Chat keep (V20): after the visitor's last page of the site closes, the open conversation
 * stays theirs for the site's keep minutes; a reload, another page or another tab within that
 * time continues it. Once the visitor has had no page open for that long (and nothing was
 * written for as long), the system ends it (reason "keep"). 0 means never continue: the next
 * page view ends it (`pageView`), and so does leaving, after the short gone grace that lets a
 * dropped connection come back. The open/closed state of pages is in memory; when this process
 * never saw the visitor's pages (a restart), the time counts from the start.
 */
export function createChatKeep(deps: {
  db: Database;
  clock: Clock;
  chat: ChatService;
  keepMinutes: (siteId: number) => number;
  awaySince: (visitorId: number) => number | null | undefined;
  graceMs: number;
  startedAt: number;
}) {
  // The last message time is read only for chats whose visitor is away: nearly all open chats
  // have their visitor on the page, and a max() over each chat's messages every sweep was most of
  // its time (a loop stall with many open chats).
  const open = deps.db.prepare("SELECT id, site_id, visitor_id, created_at FROM conversations WHERE status <> 'ended'");
  const lastMessageAt = deps.db.prepare("SELECT max(created_at) AS at FROM messages WHERE conversation_id = ?");
  /** When each sweep first found a conversation's visitor away (presence forgets long-gone visitors). */
  const seenAway = new Map<number, number>();

  return {
    async sweep(): Promise<number> {
      const now = deps.clock.now();
      let ended = 0;
      const rows = open.all() as { id: number; site_id: number; visitor_id: number; created_at: number }[];
      const live = new Set(rows.map((r) => r.id));
      for (const id of seenAway.keys()) if (!live.has(id)) seenAway.delete(id);
      for (const c of rows) {
        const away = deps.awaySince(c.visitor_id);
        if (away === null) {
          seenAway.delete(c.id);
          continue;
        }
        const lastAt = (lastMessageAt.get(c.id) as { at: number | null }).at ?? c.created_at;
        const since = Math.max(away ?? seenAway.get(c.id) ?? deps.startedAt, lastAt);
        if (!seenAway.has(c.id)) seenAway.set(c.id, away ?? deps.startedAt);
        const keepMs = Math.max(deps.keepMinutes(c.site_id) * 60_000, deps.graceMs);
        if (now - since < keepMs) continue;
        // A page that opened meanwhile keeps it.
        const r = await deps.chat.end(c.id, "system", { reason: "keep", unless: () => deps.awaySince(c.visitor_id) === null });
        if (r.status === "ended") {
          seenAway.delete(c.id);
          ended++;
        }
      }
      return ended;
    },

    /** A new page view of a site that keeps nothing (0 minutes) ends the conversation it had. */
    async pageView(visitorId: number, siteId: number): Promise<boolean> {
      if (deps.keepMinutes(siteId) !== 0) return false;
      const c = deps.chat.openFor(visitorId);
      if (!c) return false;
      await deps.chat.end(c.id, "system", { reason: "keep" });
      return true;
    },
  };
}
export type ChatKeep = ReturnType<typeof createChatKeep>;
