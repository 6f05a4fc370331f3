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
  // Automatic invitation rules (src/invitations): their statistics and per-visit caps.
  const ruleCounts = db.prepare(
    `SELECT rule_id, count(*) AS shown, sum(status = 'accepted') AS accepted, sum(status = 'declined') AS declined, sum(status = 'expired') AS expired
     FROM invitations WHERE site_id = ? AND rule_id IS NOT NULL GROUP BY rule_id`,
  );
  const perRuleSince = db.prepare("SELECT rule_id, count(*) AS n FROM invitations WHERE visitor_id = ? AND rule_id IS NOT NULL AND created_at >= ? GROUP BY rule_id");
  const lastOf = db.prepare("SELECT max(created_at) AS last FROM invitations WHERE visitor_id = ?");
  const shownSince = db.prepare("SELECT 1 FROM invitations WHERE visitor_id = ? AND status = 'shown' AND kind = 'invite' AND created_at >= ? LIMIT 1");
  return {
    insert: (r: { site_id: number; visitor_id: number; agent_id: number | null; rule_id?: number | null; kind: InvitationKind; text: string; status: InvitationStatus; conversation_id?: number | null }, now: number) =>
      insert.get(r.site_id, r.visitor_id, r.agent_id, r.rule_id ?? null, r.kind, r.text, r.status, r.conversation_id ?? null, now) as InvitationRow,
    byId: (id: number) => byId.get(id) as InvitationRow | null,
    /** Only a shown invitation can be answered (once): false when it was answered or expired already. */
    answer: (id: number, status: InvitationStatus, now: number, conversationId: number | null = null) => answer.run(status, now, conversationId, id).changes === 1,
    expireShown: (visitorId: number, now: number) => expireShown.all(now, visitorId) as InvitationRow[],
    upsertRating: (r: Omit<RatingRow, "created_at" | "updated_at">, now: number) => upsertRating.get(r.conversation_id, r.agent_id, r.level, r.comment, now, now) as RatingRow,
    rating: (conversationId: number) => rating.get(conversationId) as RatingRow | null,
    ruleCounts: (siteId: number) => ruleCounts.all(siteId) as RuleCounts[],
    /** A visitor's invitations as the rules' caps see them: per rule since `since`, the last of any kind, one still on screen. */
    history(visitorId: number, since: number) {
      const perRule = new Map((perRuleSince.all(visitorId, since) as { rule_id: number; n: number }[]).map((r) => [r.rule_id, r.n]));
      const lastAt = (lastOf.get(visitorId) as { last: number | null }).last;
      return { perRule, lastAt, onScreen: shownSince.get(visitorId, since) !== null };
    },
  };
}
export interface RuleCounts {
  rule_id: number;
  shown: number;
  accepted: number;
  declined: number;
  expired: number;
}
export type OutreachRepo = ReturnType<typeof createOutreachRepo>;
