import type { Database } from "bun:sqlite";
import type { AudienceKind, NoticeRow } from "./model.ts";

/** Notices, their audience ids and who has read them. */
export function createNoticesRepo(db: Database) {
  const insert = db.prepare(
    `INSERT INTO notices (title, body, sender_id, sender_name, audience_kind, starts_at, ends_at, delivered_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const addTarget = db.prepare("INSERT OR IGNORE INTO notice_audience (notice_id, target_id) VALUES (?, ?)");
  const targets = db.prepare("SELECT target_id FROM notice_audience WHERE notice_id = ? ORDER BY target_id");
  const byId = db.prepare("SELECT * FROM notices WHERE id = ?");
  const active = db.prepare("SELECT * FROM notices WHERE starts_at <= ?1 AND ends_at > ?1 ORDER BY starts_at DESC, id DESC");
  const past = db.prepare("SELECT * FROM notices WHERE ends_at <= ? ORDER BY ends_at DESC, id DESC LIMIT ?");
  const recent = db.prepare("SELECT * FROM notices ORDER BY id DESC LIMIT ?");
  const due = db.prepare("SELECT * FROM notices WHERE delivered_at IS NULL AND starts_at <= ? ORDER BY starts_at, id");
  const nextStart = db.prepare("SELECT min(starts_at) AS t FROM notices WHERE delivered_at IS NULL");
  const markDelivered = db.prepare("UPDATE notices SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL");
  const read = db.prepare("SELECT read_at FROM notice_reads WHERE notice_id = ? AND agent_id = ?");
  const reads = db.prepare("SELECT agent_id, read_at FROM notice_reads WHERE notice_id = ? ORDER BY read_at");
  const ack = db.prepare("INSERT OR IGNORE INTO notice_reads (notice_id, agent_id, read_at) VALUES (?, ?, ?)");

  return {
    insert(n: Omit<NoticeRow, "id">, ids: number[]): NoticeRow {
      const row = insert.get(n.title, n.body, n.sender_id, n.sender_name, n.audience_kind, n.starts_at, n.ends_at, n.delivered_at, n.created_at) as NoticeRow;
      for (const id of ids) addTarget.run(row.id, id);
      return row;
    },
    targets: (noticeId: number) => (targets.all(noticeId) as { target_id: number }[]).map((r) => r.target_id),
    byId: (id: number) => byId.get(id) as NoticeRow | null,
    active: (now: number) => active.all(now) as NoticeRow[],
    past: (now: number, limit: number) => past.all(now, limit) as NoticeRow[],
    recent: (limit: number) => recent.all(limit) as NoticeRow[],
    due: (now: number) => due.all(now) as NoticeRow[],
    nextStart: () => (nextStart.get() as { t: number | null }).t,
    markDelivered: (id: number, now: number) => markDelivered.run(now, id).changes === 1,
    readAt: (noticeId: number, agentId: number) => (read.get(noticeId, agentId) as { read_at: number } | null)?.read_at ?? null,
    reads: (noticeId: number) => reads.all(noticeId) as { agent_id: number; read_at: number }[],
    ack: (noticeId: number, agentId: number, now: number) => ack.run(noticeId, agentId, now).changes === 1,
  };
}
export type NoticesRepo = ReturnType<typeof createNoticesRepo>;
export type { AudienceKind };
