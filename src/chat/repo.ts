import type { Database } from "bun:sqlite";

export type ConversationStatus = "waiting" | "active" | "ended";

export interface ConversationRow {
  id: number;
  site_id: number;
  visitor_id: number;
  visit_id: number | null;
  status: ConversationStatus;
  agent_id: number | null;
  last_seq: number;
  created_at: number;
  accepted_at: number | null;
  first_reply_at: number | null;
  ended_at: number | null;
  ended_by: string;
  last_activity_at: number;
}

export interface MessageRow {
  id: number;
  conversation_id: number;
  seq: number;
  cid: string;
  sender_kind: "visitor" | "agent" | "system";
  sender_id: number | null;
  sender_name: string;
  kind: "text" | "file" | "event";
  body: string;
  file_id: string | null;
  created_at: number;
}

export type NewMessage = Omit<MessageRow, "id" | "seq" | "conversation_id" | "created_at">;

export function createChatRepo(db: Database) {
  const byId = db.prepare("SELECT * FROM conversations WHERE id = ?");
  const openFor = db.prepare("SELECT * FROM conversations WHERE visitor_id = ? AND status <> 'ended' ORDER BY id DESC LIMIT 1");
  const lastFor = db.prepare("SELECT * FROM conversations WHERE visitor_id = ? ORDER BY id DESC LIMIT 1");
  const insertConversation = db.prepare(
    "INSERT INTO conversations (site_id, visitor_id, visit_id, status, created_at, last_activity_at) VALUES (?, ?, ?, 'waiting', ?, ?) RETURNING *",
  );
  const nextSeq = db.prepare("UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ? WHERE id = ? RETURNING last_seq");
  const byCid = db.prepare("SELECT * FROM messages WHERE conversation_id = ? AND cid = ?");
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_id, sender_name, kind, body, file_id, created_at)
     VALUES ($conversation_id, $seq, $cid, $sender_kind, $sender_id, $sender_name, $kind, $body, $file_id, $created_at) RETURNING *`,
  );
  const after = db.prepare("SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?");
  const accept = db.prepare("UPDATE conversations SET status = 'active', agent_id = ?, accepted_at = ? WHERE id = ? AND status = 'waiting'");
  const firstReply = db.prepare("UPDATE conversations SET first_reply_at = ? WHERE id = ? AND first_reply_at IS NULL");
  const end = db.prepare("UPDATE conversations SET status = 'ended', ended_at = ?, ended_by = ? WHERE id = ? AND status <> 'ended'");
  const waiting = db.prepare("SELECT * FROM conversations WHERE status = 'waiting' ORDER BY created_at");
  const byStatus = db.prepare("SELECT * FROM conversations WHERE status = ? ORDER BY id DESC LIMIT ?");
  const activeFor = db.prepare("SELECT * FROM conversations WHERE agent_id = ? AND status = 'active' ORDER BY id");
  const idle = db.prepare("SELECT * FROM conversations WHERE status <> 'ended' AND last_activity_at < ?");
  const lastMessage = db.prepare("SELECT * FROM messages WHERE conversation_id = ? AND kind <> 'event' ORDER BY seq DESC LIMIT 1");

  return {
    byId: (id: number) => byId.get(id) as ConversationRow | null,
    openFor: (visitorId: number) => openFor.get(visitorId) as ConversationRow | null,
    lastFor: (visitorId: number) => lastFor.get(visitorId) as ConversationRow | null,
    create: (siteId: number, visitorId: number, visitId: number | null, now: number) => insertConversation.get(siteId, visitorId, visitId, now, now) as ConversationRow,
    byCid: (conversationId: number, cid: string) => byCid.get(conversationId, cid) as MessageRow | null,
    /** Must run inside a transaction: the seq update and the insert commit together or not at all. */
    append(conversationId: number, m: NewMessage, now: number): MessageRow {
      const { last_seq } = nextSeq.get(now, conversationId) as { last_seq: number };
      return insertMessage.get({ ...m, conversation_id: conversationId, seq: last_seq, created_at: now } as any) as MessageRow;
    },
    after: (conversationId: number, seq: number, limit: number) => after.all(conversationId, seq, limit) as MessageRow[],
    accept: (id: number, agentId: number, now: number) => accept.run(agentId, now, id).changes === 1,
    markFirstReply: (id: number, now: number) => firstReply.run(now, id),
    end: (id: number, by: string, now: number) => end.run(now, by, id).changes === 1,
    waiting: () => waiting.all() as ConversationRow[],
    byStatus: (status: ConversationStatus, limit: number) => byStatus.all(status, limit) as ConversationRow[],
    activeFor: (agentId: number) => activeFor.all(agentId) as ConversationRow[],
    idleBefore: (t: number) => idle.all(t) as ConversationRow[],
    lastMessage: (conversationId: number) => lastMessage.get(conversationId) as MessageRow | null,
  };
}
export type ChatRepo = ReturnType<typeof createChatRepo>;
