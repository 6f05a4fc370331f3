import type { Database } from "bun:sqlite";
import type { ChannelRow, InternalFileRow, InternalMessageRow } from "./model.ts";

/** Internal chat tables: channels, messages (gapless seq per channel), read positions, files. */
export function createTeamRepo(db: Database) {
  const company = db.prepare("SELECT * FROM internal_channels WHERE kind = 'company'");
  const byId = db.prepare("SELECT * FROM internal_channels WHERE id = ?");
  const pair = db.prepare("SELECT * FROM internal_channels WHERE kind = 'direct' AND agent_a = ? AND agent_b = ?");
  const insertPair = db.prepare("INSERT INTO internal_channels (kind, agent_a, agent_b, created_at) VALUES ('direct', ?, ?, ?) ON CONFLICT DO NOTHING");
  const directOf = db.prepare("SELECT * FROM internal_channels WHERE kind = 'direct' AND (agent_a = ?1 OR agent_b = ?1) ORDER BY id");
  const lastSeq = db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM internal_messages WHERE channel_id = ?");
  const byCid = db.prepare("SELECT * FROM internal_messages WHERE channel_id = ? AND sender_id = ? AND cid = ?");
  const insert = db.prepare(
    `INSERT INTO internal_messages (channel_id, seq, cid, sender_id, kind, body, file_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const after = db.prepare("SELECT * FROM internal_messages WHERE channel_id = ? AND seq > ? ORDER BY seq LIMIT ?");
  // The newest page before a seq, returned oldest first.
  const before = db.prepare("SELECT * FROM (SELECT * FROM internal_messages WHERE channel_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq");
  const last = db.prepare("SELECT * FROM internal_messages WHERE channel_id = ? ORDER BY seq DESC LIMIT 1");
  const readSeq = db.prepare("SELECT seq FROM internal_reads WHERE channel_id = ? AND agent_id = ?");
  // Read positions only move forward, so a late or repeated read never un-reads.
  const markRead = db.prepare(
    `INSERT INTO internal_reads (channel_id, agent_id, seq) VALUES (?1, ?2, ?3)
     ON CONFLICT (channel_id, agent_id) DO UPDATE SET seq = max(seq, excluded.seq)`,
  );
  const unread = db.prepare("SELECT count(*) AS n FROM internal_messages WHERE channel_id = ? AND seq > ? AND sender_id <> ?");
  const insertFile = db.prepare(
    `INSERT INTO internal_files (id, channel_id, uploader_id, name, mime, size, sha256, is_image, created_at)
     VALUES ($id, $channel_id, $uploader_id, $name, $mime, $size, $sha256, $is_image, $created_at) RETURNING *`,
  );
  const fileById = db.prepare("SELECT * FROM internal_files WHERE id = ?");

  return {
    company: () => company.get() as ChannelRow,
    byId: (id: number) => byId.get(id) as ChannelRow | null,
    /** The one direct channel of a pair, created on first use. */
    direct(x: number, y: number, now: number): ChannelRow {
      const [a, b] = x < y ? [x, y] : [y, x];
      insertPair.run(a, b, now);
      return pair.get(a, b) as ChannelRow;
    },
    directOf: (agentId: number) => directOf.all(agentId) as ChannelRow[],
    lastSeq: (channelId: number) => (lastSeq.get(channelId) as { seq: number }).seq,
    byCid: (channelId: number, senderId: number, cid: string) => byCid.get(channelId, senderId, cid) as InternalMessageRow | null,
    /** Inside the writer's transaction: max(seq) + 1 is gapless because writes are serialised. */
    append(m: Omit<InternalMessageRow, "id" | "seq">): InternalMessageRow {
      const seq = (lastSeq.get(m.channel_id) as { seq: number }).seq + 1;
      return insert.get(m.channel_id, seq, m.cid, m.sender_id, m.kind, m.body, m.file_id, m.created_at) as InternalMessageRow;
    },
    after: (channelId: number, seq: number, limit: number) => after.all(channelId, seq, limit) as InternalMessageRow[],
    before: (channelId: number, seq: number, limit: number) => before.all(channelId, seq, limit) as InternalMessageRow[],
    last: (channelId: number) => last.get(channelId) as InternalMessageRow | null,
    readSeq: (channelId: number, agentId: number) => (readSeq.get(channelId, agentId) as { seq: number } | null)?.seq ?? 0,
    markRead: (channelId: number, agentId: number, seq: number) => markRead.run(channelId, agentId, seq),
    unread: (channelId: number, agentId: number, afterSeq: number) => (unread.get(channelId, afterSeq, agentId) as { n: number }).n,
    insertFile: (f: InternalFileRow) => insertFile.get(f as never) as InternalFileRow,
    file: (id: string) => (typeof id === "string" && /^[A-Za-z0-9_-]{20,64}$/.test(id) ? (fileById.get(id) as InternalFileRow | null) : null),
  };
}
export type TeamRepo = ReturnType<typeof createTeamRepo>;
