import type { Database } from "bun:sqlite";
import type { InvitationKind, InvitationRow, InvitationStatus, RatingRow } from "./model.ts";

export function createOutreachRepo(db: Database) {
  const insert = db.prepare(
    `INSERT INTO invitations (site_id, visitor_id, agent_id, rule_id, kind, text, status, conversation_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const byId = db.prepare("SELECT * FROM invitations WHERE id = ?");
  const answer = db.prepare("UPDATE invitations SET status = ?, answered_at = ?, conversation_id = coalesce(?, conversation_id) WHERE id = ? AND status = 'shown'");
  const expireShown = db.prepare("UPDATE invitations SET status = 'expired', answered_at = ? WHERE visitor_id = ? AND status = 'shown' AND kind = 'invite' RETURNING *");
  const upsertRating = db.prepare(
    `INSERT INTO conversation_ratings (conversation_id, agent_id, level, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (conversation_id) DO UPDATE SET level = excluded.level, comment = excluded.comment, agent_id = excluded.agent_id, updated_at = excluded.updated_at
     RETURNING *`,
  );
  const rating = db.prepare("SELECT * FROM conversation_ratings WHERE conversation_id = ?");
  return {
    insert: (r: { site_id: number; visitor_id: number; agent_id: number | null; rule_id?: number | null; kind: InvitationKind; text: string; status: InvitationStatus; conversation_id?: number | null }, now: number) =>
      insert.get(r.site_id, r.visitor_id, r.agent_id, r.rule_id ?? null, r.kind, r.text, r.status, r.conversation_id ?? null, now) as InvitationRow,
    byId: (id: number) => byId.get(id) as InvitationRow | null,
    /** Only a shown invitation can be answered (once): false when it was answered or expired already. */
    answer: (id: number, status: InvitationStatus, now: number, conversationId: number | null = null) => answer.run(status, now, conversationId, id).changes === 1,
    expireShown: (visitorId: number, now: number) => expireShown.all(now, visitorId) as InvitationRow[],
    upsertRating: (r: Omit<RatingRow, "created_at" | "updated_at">, now: number) => upsertRating.get(r.conversation_id, r.agent_id, r.level, r.comment, now, now) as RatingRow,
    rating: (conversationId: number) => rating.get(conversationId) as RatingRow | null,
  };
}
export type OutreachRepo = ReturnType<typeof createOutreachRepo>;
