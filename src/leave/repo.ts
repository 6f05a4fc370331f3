import type { Database } from "bun:sqlite";
import { likeLiteral } from "../store/paged.ts";
import type { InboxViewer, LeaveFilter, LeaveReplyRow, LeaveTypeRow, ReplyStatus, StoredLeave } from "./model.ts";

const SELECT = "SELECT m.*, t.name AS type_name FROM leave_messages m LEFT JOIN leave_types t ON t.id = m.type_id";

/**
 * The inbox's SQL. Every query is bounded by the viewer's sites (a JSON array bound as one
 * parameter); filter SQL comes from code, values are always bound.
 */
function whereOf(v: InboxViewer, f: LeaveFilter): { sql: string; params: Record<string, string | number> } {
  const parts = ["m.site_id IN (SELECT value FROM json_each($sites))"];
  const params: Record<string, string | number> = { sites: JSON.stringify(v.siteIds) };
  if (f.site !== undefined) (parts.push("m.site_id = $site"), (params.site = f.site));
  if (f.state === "replied") parts.push("m.replied_at IS NOT NULL");
  if (f.state === "unreplied") parts.push("m.replied_at IS NULL");
  if (f.type === null) parts.push("m.type_id IS NULL");
  else if (f.type !== undefined) (parts.push("m.type_id = $type"), (params.type = f.type));
  if (f.from !== undefined) (parts.push("m.created_at >= $from"), (params.from = f.from));
  if (f.to !== undefined) (parts.push("m.created_at < $to"), (params.to = f.to));
  const columns = ["m.name", "m.company", "m.content", ...(v.contact ? ["m.phone", "m.email"] : [])];
  f.words.forEach((w, i) => {
    parts.push(`(${columns.map((c) => `${c} LIKE $w${i} ESCAPE '\\'`).join(" OR ")})`);
    params[`w${i}`] = `%${likeLiteral(w)}%`;
  });
  return { sql: parts.join(" AND "), params };
}

export function createLeaveRepo(db: Database) {
  const q = {
    byId: db.prepare(`${SELECT} WHERE m.id = ?`),
    setType: db.prepare("UPDATE leave_messages SET type_id = ? WHERE id = ?"),
    setNote: db.prepare("UPDATE leave_messages SET note = ?, note_by = ?, note_at = ? WHERE id = ?"),
    markReplied: db.prepare("UPDATE leave_messages SET replied_at = ?, replied_by = ? WHERE id = ? AND replied_at IS NULL"),
    markUnreplied: db.prepare("UPDATE leave_messages SET replied_at = NULL, replied_by = NULL WHERE id = ?"),
    remove: db.prepare("DELETE FROM leave_messages WHERE id = ?"),
    unanswered: db.prepare("SELECT count(*) AS n FROM leave_messages WHERE site_id IN (SELECT value FROM json_each(?)) AND replied_at IS NULL"),
    since: db.prepare("SELECT count(*) AS n FROM leave_messages WHERE site_id IN (SELECT value FROM json_each(?)) AND created_at > ?"),
    replies: db.prepare("SELECT * FROM leave_replies WHERE message_id = ? ORDER BY id"),
    replyCount: db.prepare("SELECT count(*) AS n FROM leave_replies WHERE message_id = ?"),
    insertReply: db.prepare(
      `INSERT INTO leave_replies (message_id, agent_id, channel, to_address, subject, body, status, created_at)
       VALUES ($message_id, $agent_id, 'email', $to_address, $subject, $body, 'sending', $created_at) RETURNING *`,
    ),
    finishReply: db.prepare("UPDATE leave_replies SET status = $status, smtp_message_id = $smtp_message_id, error = $error, sent_at = $sent_at WHERE id = $id RETURNING *"),
    abandoned: db.prepare("UPDATE leave_replies SET status = 'failed', error = ? WHERE status = 'sending' AND created_at < ?"),
    types: db.prepare("SELECT * FROM leave_types ORDER BY position, id"),
    typeById: db.prepare("SELECT * FROM leave_types WHERE id = ?"),
    typeByName: db.prepare("SELECT * FROM leave_types WHERE name = ?"),
    insertType: db.prepare("INSERT INTO leave_types (name, position) VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM leave_types)) RETURNING *"),
    renameType: db.prepare("UPDATE leave_types SET name = ? WHERE id = ?"),
    disableType: db.prepare("UPDATE leave_types SET disabled = ? WHERE id = ?"),
    positionType: db.prepare("UPDATE leave_types SET position = ? WHERE id = ?"),
  };

  return {
    get: (id: number) => q.byId.get(id) as StoredLeave | null,
    page(v: InboxViewer, f: LeaveFilter, page: { limit: number; offset: number }): { rows: StoredLeave[]; total: number } {
      const w = whereOf(v, f);
      const total = (db.query(`SELECT count(*) AS n FROM leave_messages m WHERE ${w.sql}`).get(w.params) as { n: number }).n;
      const rows = db.query(`${SELECT} WHERE ${w.sql} ORDER BY m.id DESC LIMIT $limit OFFSET $offset`).all({ ...w.params, ...page }) as StoredLeave[];
      return { rows, total };
    },
    count(v: InboxViewer, f: LeaveFilter): number {
      const w = whereOf(v, f);
      return (db.query(`SELECT count(*) AS n FROM leave_messages m WHERE ${w.sql}`).get(w.params) as { n: number }).n;
    },
    /**
     * Every matching message, newest first, in batches by id (keyset, no OFFSET; no statement
     * held open between batches), so an export streams any number of rows in bounded memory.
     */
    *iterate(v: InboxViewer, f: LeaveFilter, batch = 500): Generator<StoredLeave> {
      const w = whereOf(v, f);
      const query = db.query(`${SELECT} WHERE m.id < $before AND ${w.sql} ORDER BY m.id DESC LIMIT $limit`);
      let before = Number.MAX_SAFE_INTEGER;
      for (;;) {
        const rows = query.all({ ...w.params, before, limit: batch }) as StoredLeave[];
        if (!rows.length) return;
        yield* rows;
        before = rows[rows.length - 1].id;
      }
    },
    setType: (id: number, typeId: number | null) => q.setType.run(typeId, id),
    setNote: (id: number, note: string, by: number, at: number) => q.setNote.run(note, by, at, id),
    /** True when the message turned replied (it was not already). */
    markReplied: (id: number, at: number, by: number) => q.markReplied.run(at, by, id).changes === 1,
    markUnreplied: (id: number) => q.markUnreplied.run(id).changes === 1,
    remove: (id: number) => q.remove.run(id).changes === 1,
    unanswered: (siteIds: number[]) => (q.unanswered.get(JSON.stringify(siteIds)) as { n: number }).n,
    newSince: (siteIds: number[], since: number) => (q.since.get(JSON.stringify(siteIds), since) as { n: number }).n,
    replies: (messageId: number) => q.replies.all(messageId) as LeaveReplyRow[],
    replyCount: (messageId: number) => (q.replyCount.get(messageId) as { n: number }).n,
    insertReply: (r: { message_id: number; agent_id: number; to_address: string; subject: string; body: string; created_at: number }) => q.insertReply.get(r) as LeaveReplyRow,
    finishReply: (r: { id: number; status: ReplyStatus; smtp_message_id: string; error: string; sent_at: number | null }) => q.finishReply.get(r) as LeaveReplyRow,
    /** Replies still "sending" when the server stopped: their outcome is unknown, so they count as failed. */
    abandonSending: (error: string, before: number) => q.abandoned.run(error, before).changes,
    types: () => q.types.all() as LeaveTypeRow[],
    typeById: (id: number) => q.typeById.get(id) as LeaveTypeRow | null,
    typeByName: (name: string) => q.typeByName.get(name) as LeaveTypeRow | null,
    insertType: (name: string) => q.insertType.get(name) as LeaveTypeRow,
    renameType: (id: number, name: string) => q.renameType.run(name, id),
    setTypeDisabled: (id: number, disabled: boolean) => q.disableType.run(disabled ? 1 : 0, id),
    setTypePosition: (id: number, position: number) => q.positionType.run(position, id),
  };
}
export type LeaveRepo = ReturnType<typeof createLeaveRepo>;
