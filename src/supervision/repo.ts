import type { Database } from "bun:sqlite";
import type { WhisperRow } from "./model.ts";

/** Whispers are kept apart from `messages`, so no visitor-facing reader can ever return one. */
export function createWhisperRepo(db: Database) {
  const insert = db.prepare(
    "INSERT INTO whispers (conversation_id, after_seq, cid, sender_id, sender_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, cid) DO NOTHING RETURNING *",
  );
  const byCid = db.prepare("SELECT * FROM whispers WHERE conversation_id = ? AND cid = ?");
  const list = db.prepare("SELECT * FROM whispers WHERE conversation_id = ? ORDER BY after_seq, id LIMIT 1000");
  return {
    /** Null when the conversation already holds this cid (a retry): the caller returns the stored one. */
    insert: (w: Omit<WhisperRow, "id">) => insert.get(w.conversation_id, w.after_seq, w.cid, w.sender_id, w.sender_name, w.body, w.created_at) as WhisperRow | null,
    byCid: (conversationId: number, cid: string) => byCid.get(conversationId, cid) as WhisperRow | null,
    list: (conversationId: number) => list.all(conversationId) as WhisperRow[],
  };
}
