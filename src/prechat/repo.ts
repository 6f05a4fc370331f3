import type { Database } from "bun:sqlite";
import type { PrechatRow } from "./model.ts";

export function createPrechatRepo(db: Database) {
  const q = {
    insert: db.prepare(
      `INSERT INTO prechat_answers (site_id, visitor_id, conversation_id, question_type, question_type_label, group_id, custom, created_at)
       VALUES ($site_id, $visitor_id, $conversation_id, $question_type, $question_type_label, $group_id, $custom, $created_at) ON CONFLICT (conversation_id) DO NOTHING`,
    ),
    byConversation: db.prepare("SELECT * FROM prechat_answers WHERE conversation_id = ?"),
    byVisitor: db.prepare("SELECT * FROM prechat_answers WHERE visitor_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"),
  };
  return {
    insert: (row: Omit<PrechatRow, "id">) => void q.insert.run(row),
    byConversation: (conversationId: number) => q.byConversation.get(conversationId) as PrechatRow | null,
    byVisitor: (visitorId: number, limit: number) => q.byVisitor.all(visitorId, limit) as PrechatRow[],
  };
}
