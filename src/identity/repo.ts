import type { Database } from "bun:sqlite";

export interface MemberRow {
  visitor_id: number;
  site_id: number;
  member_id: string;
  member_name: string;
  signed_ts: number;
  verified_at: number;
}

export interface MemberChatRow {
  id: number;
  visitorId: number;
  status: string;
  startedAt: number;
  endedAt: number | null;
  agentId: number | null;
  agentName: string | null;
  messageCount: number;
}

/**
 * visitor_members, plus one read across the chat tables: the conversations of the other
 * visitors verified as the same member (one indexed query instead of one per visitor).
 */
export function createIdentityRepo(db: Database) {
  const q = {
    get: db.prepare("SELECT * FROM visitor_members WHERE visitor_id = ?"),
    upsert: db.prepare(
      `INSERT INTO visitor_members (visitor_id, site_id, member_id, member_name, signed_ts, verified_at)
       VALUES ($visitor_id, $site_id, $member_id, $member_name, $signed_ts, $verified_at)
       ON CONFLICT (visitor_id) DO UPDATE SET member_id = excluded.member_id, member_name = excluded.member_name,
         signed_ts = excluded.signed_ts, verified_at = excluded.verified_at`,
    ),
    remove: db.prepare("DELETE FROM visitor_members WHERE visitor_id = ?"),
    linked: db.prepare(
      `SELECT o.visitor_id AS id FROM visitor_members me JOIN visitor_members o
         ON o.site_id = me.site_id AND o.member_id = me.member_id AND o.visitor_id <> me.visitor_id
       WHERE me.visitor_id = ? ORDER BY o.verified_at DESC LIMIT ?`,
    ),
    chats: db.prepare(
      `SELECT c.id, c.visitor_id AS visitorId, c.status, c.created_at AS startedAt, c.ended_at AS endedAt, c.agent_id AS agentId,
         a.display_name AS agentName, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'event') AS messageCount
       FROM visitor_members me JOIN visitor_members o ON o.site_id = me.site_id AND o.member_id = me.member_id AND o.visitor_id <> me.visitor_id
         JOIN conversations c ON c.visitor_id = o.visitor_id LEFT JOIN agents a ON a.id = c.agent_id
       WHERE me.visitor_id = ? ORDER BY c.id DESC LIMIT ?`,
    ),
  };
  return {
    get: (visitorId: number) => q.get.get(visitorId) as MemberRow | null,
    upsert: (m: MemberRow) => void q.upsert.run(m as never),
    remove: (visitorId: number) => q.remove.run(visitorId).changes > 0,
    linkedVisitors: (visitorId: number, limit: number) => (q.linked.all(visitorId, limit) as { id: number }[]).map((r) => r.id),
    memberChats: (visitorId: number, limit: number) => q.chats.all(visitorId, limit) as MemberChatRow[],
  };
}
export type IdentityRepo = ReturnType<typeof createIdentityRepo>;
