import type { Database } from "bun:sqlite";
import { DEFAULT_SITE_ROUTING, type AgentLoad, type AssignMode, type GroupAssignMode, type GroupRouting, type OfferRow, type OfferStatus, type SiteRouting } from "./model.ts";

interface SiteRow { site_id: number; assign_mode: AssignMode; prefer_previous_agent: number; offer_timeout_seconds: number }

/** Routing settings, offers, and the per-agent numbers the modes compare. */
export function createRoutingRepo(db: Database) {
  const site = db.prepare("SELECT * FROM routing_site_settings WHERE site_id = ?");
  const upsertSite = db.prepare(
    `INSERT INTO routing_site_settings (site_id, assign_mode, prefer_previous_agent, offer_timeout_seconds, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (site_id) DO UPDATE SET assign_mode = excluded.assign_mode, prefer_previous_agent = excluded.prefer_previous_agent,
       offer_timeout_seconds = excluded.offer_timeout_seconds, updated_at = excluded.updated_at`,
  );
  const group = db.prepare("SELECT group_id, assign_mode FROM routing_group_settings WHERE group_id = ?");
  const upsertGroup = db.prepare(
    `INSERT INTO routing_group_settings (group_id, assign_mode, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (group_id) DO UPDATE SET assign_mode = excluded.assign_mode, updated_at = excluded.updated_at`,
  );
  const offerById = db.prepare("SELECT * FROM routing_offers WHERE id = ?");
  const pendingFor = db.prepare("SELECT * FROM routing_offers WHERE conversation_id = ? AND status = 'pending'");
  const allPending = db.prepare("SELECT * FROM routing_offers WHERE status = 'pending' ORDER BY deadline_at");
  const pendingOf = db.prepare("SELECT * FROM routing_offers WHERE agent_id = ? AND status = 'pending'");
  const insertOffer = db.prepare("INSERT INTO routing_offers (conversation_id, agent_id, created_at, deadline_at) VALUES (?, ?, ?, ?) RETURNING *");
  const endOffer = db.prepare("UPDATE routing_offers SET status = ?, ended_at = ? WHERE id = ? AND status = 'pending'");
  const lapsedBy = db.prepare("SELECT DISTINCT agent_id FROM routing_offers WHERE conversation_id = ? AND status IN ('expired', 'dropped')");
  const current = db.prepare("SELECT count(*) AS n FROM conversations WHERE agent_id = ? AND status = 'active'");
  const acceptedSince = db.prepare("SELECT count(*) AS n, max(accepted_at) AS last FROM conversations WHERE agent_id = ? AND accepted_at >= ?");
  const lastAccepted = db.prepare("SELECT max(accepted_at) AS last FROM conversations WHERE agent_id = ?");
  const offersOf = db.prepare("SELECT count(*) AS n, max(created_at) AS last FROM routing_offers WHERE agent_id = ? AND status = 'pending'");
  const previousAgent = db.prepare("SELECT agent_id FROM conversations WHERE visitor_id = ? AND id <> ? AND agent_id IS NOT NULL ORDER BY id DESC LIMIT 1");
  // Average handling time of the site's recent chats (accept → end), for the wait estimate.
  const durations = db.prepare(
    `SELECT avg(ended_at - accepted_at) AS avg, count(*) AS n FROM (SELECT ended_at, accepted_at FROM conversations
       WHERE site_id = ? AND status = 'ended' AND accepted_at IS NOT NULL AND ended_at >= ? ORDER BY ended_at DESC LIMIT 100)`,
  );
  const waiting = db.prepare("SELECT * FROM conversations WHERE status = 'waiting' ORDER BY created_at, id");

  return {
    site(siteId: number): SiteRouting {
      const r = site.get(siteId) as SiteRow | null;
      return r ? { site_id: siteId, assign_mode: r.assign_mode, prefer_previous_agent: r.prefer_previous_agent === 1, offer_timeout_seconds: r.offer_timeout_seconds } : { site_id: siteId, ...DEFAULT_SITE_ROUTING };
    },
    saveSite: (s: SiteRouting, now: number) => upsertSite.run(s.site_id, s.assign_mode, s.prefer_previous_agent ? 1 : 0, s.offer_timeout_seconds, now),
    group: (groupId: number): GroupRouting => (group.get(groupId) as GroupRouting | null) ?? { group_id: groupId, assign_mode: "inherit" },
    saveGroup: (groupId: number, mode: GroupAssignMode, now: number) => upsertGroup.run(groupId, mode, now),

    offer: (id: number) => offerById.get(id) as OfferRow | null,
    pendingFor: (conversationId: number) => pendingFor.get(conversationId) as OfferRow | null,
    allPending: () => allPending.all() as OfferRow[],
    pendingOf: (agentId: number) => pendingOf.all(agentId) as OfferRow[],
    insertOffer: (conversationId: number, agentId: number, now: number, deadline: number) => insertOffer.get(conversationId, agentId, now, deadline) as OfferRow,
    endOffer: (id: number, status: OfferStatus, now: number) => endOffer.run(status, now, id).changes === 1,
    lapsedBy: (conversationId: number) => (lapsedBy.all(conversationId) as { agent_id: number }[]).map((r) => r.agent_id),

    load(agentId: number, dayStart: number): AgentLoad {
      const offers = offersOf.get(agentId) as { n: number; last: number | null };
      const today = acceptedSince.get(agentId, dayStart) as { n: number; last: number | null };
      const last = today.last ?? (lastAccepted.get(agentId) as { last: number | null }).last ?? 0;
      return {
        agentId,
        current: (current.get(agentId) as { n: number }).n + offers.n,
        today: today.n + offers.n,
        lastAssignedAt: Math.max(last, offers.last ?? 0),
      };
    },
    previousAgent: (visitorId: number, conversationId: number) => (previousAgent.get(visitorId, conversationId) as { agent_id: number } | null)?.agent_id ?? null,
    averageDuration(siteId: number, since: number): { avgMs: number; samples: number } {
      const r = durations.get(siteId, since) as { avg: number | null; n: number };
      return { avgMs: r.avg ?? 0, samples: r.n };
    },
    waiting: () => waiting.all() as import("../chat/service.ts").ConversationRow[],
  };
}
export type RoutingRepo = ReturnType<typeof createRoutingRepo>;
