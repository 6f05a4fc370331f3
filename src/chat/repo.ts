import type { Database } from "bun:sqlite";
import { createMessageSearch } from "./search.ts";

export type ConversationStatus = "waiting" | "active" | "ended";

export interface ConversationRow {
  id: number;
  site_id: number;
  visitor_id: number;
  visit_id: number | null;
  status: ConversationStatus;
  agent_id: number | null;
  created_at: number;
  accepted_at: number | null;
  first_reply_at: number | null;
  ended_at: number | null;
  ended_by: string;
  /** The group the chat was routed to (site binding or the visitor's choice, V24). */
  group_id: number | null;
  /** The agent the visitor chose or the site entry is bound to, if any. */
  requested_agent_id: number | null;
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
  const search = createMessageSearch(db);
  const byId = db.prepare("SELECT * FROM conversations WHERE id = ?");
  // At most one open conversation per visitor (a unique partial index), so no sort is needed.
  const openFor = db.prepare("SELECT * FROM conversations WHERE visitor_id = ? AND status <> 'ended'");
  const lastFor = db.prepare("SELECT * FROM conversations WHERE visitor_id = ? ORDER BY id DESC LIMIT 1");
  const insertConversation = db.prepare("INSERT INTO conversations (site_id, visitor_id, visit_id, status, created_at, group_id, requested_agent_id) VALUES (?, ?, ?, 'waiting', ?, ?, ?) RETURNING *");
  const byCid = db.prepare("SELECT * FROM messages WHERE conversation_id = ? AND cid = ?");
  // The next seq is max(seq) + 1, read and used inside the writer's transaction (all writes are
  // serialised, so it is gapless); positional parameters keep the hot path lean.
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_id, sender_name, kind, body, file_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const lastSeq = db.prepare("SELECT max(seq) AS seq FROM messages WHERE conversation_id = ?");
  // The last seq of conversations written recently. Valid because all writes go through this
  // repo inside the one writer; the writer's rollback hook clears it (forgetSeqs), and a new
  // conversation starts at 0 even if SQLite reuses a rolled-back id.
  const seqs = new Map<number, number>();
  const readLastSeq = (conversationId: number) => {
    let last = seqs.get(conversationId);
    if (last === undefined) {
      last = (lastSeq.get(conversationId) as { seq: number | null }).seq ?? 0;
      if (seqs.size >= 50_000) seqs.clear();
      seqs.set(conversationId, last);
    }
    return last;
  };
  // Each visitor's open conversation as committed. Every chat frame asks for it (anti-flood,
  // pre-chat, the write itself), and a read outside a transaction costs SQLite a read
  // transaction with its lock calls on the shared-memory file: now one map lookup. Every change
  // to a conversation row goes through this repo (participants' change of owner calls
  // `conversationChanged`) and drops the entry; rows are kept only when read outside a
  // transaction, so a write that rolls back can never leave its row behind, and the writer's
  // rollback hook drops everything besides (`forgetSeqs`).
  const openByVisitor = new Map<number, ConversationRow>();
  const visitorOfOpen = new Map<number, number>();
  const OPEN_CACHE_LIMIT = 50_000;
  const conversationChanged = (conversationId: number) => {
    const visitorId = visitorOfOpen.get(conversationId);
    if (visitorId === undefined) return;
    visitorOfOpen.delete(conversationId);
    openByVisitor.delete(visitorId);
  };
  const readOpenFor = (visitorId: number): ConversationRow | null => {
    const cached = openByVisitor.get(visitorId);
    if (cached) return cached;
    const row = openFor.get(visitorId) as ConversationRow | null;
    if (row && !db.inTransaction) {
      if (openByVisitor.size >= OPEN_CACHE_LIMIT) {
        openByVisitor.clear();
        visitorOfOpen.clear();
      }
      openByVisitor.set(visitorId, row);
      visitorOfOpen.set(row.id, visitorId);
    }
    return row;
  };
  const after = db.prepare("SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?");
  const accept = db.prepare("UPDATE conversations SET status = 'active', agent_id = ?, accepted_at = ? WHERE id = ? AND status = 'waiting'");
  const firstReply = db.prepare("UPDATE conversations SET first_reply_at = ? WHERE id = ? AND first_reply_at IS NULL");
  const end = db.prepare("UPDATE conversations SET status = 'ended', ended_at = ?, ended_by = ? WHERE id = ? AND status <> 'ended'");
  const waiting = db.prepare("SELECT * FROM conversations WHERE status = 'waiting' ORDER BY created_at");
  const byStatus = db.prepare("SELECT * FROM conversations WHERE status = ? ORDER BY id DESC LIMIT ?");
  const activeFor = db.prepare("SELECT * FROM conversations WHERE agent_id = ? AND status = 'active' ORDER BY id");
  const lastMessage = db.prepare("SELECT * FROM messages WHERE conversation_id = ? AND kind <> 'event' ORDER BY seq DESC LIMIT 1");

  return {
    search,
    byId: (id: number) => byId.get(id) as ConversationRow | null,
    /** The visitor's conversation that has not ended, if any. Callers must not change the row. */
    openFor: readOpenFor,
    /** A conversation row changed outside this repo (a new owner): its cached copy goes. */
    conversationChanged,
    lastFor: (visitorId: number) => lastFor.get(visitorId) as ConversationRow | null,
    create(siteId: number, visitorId: number, visitId: number | null, now: number, route: { groupId: number | null; requestedAgentId: number | null } = { groupId: null, requestedAgentId: null }): ConversationRow {
      const row = insertConversation.get(siteId, visitorId, visitId, now, route.groupId, route.requestedAgentId) as ConversationRow;
      seqs.set(row.id, 0);
      return row;
    },
    /** After a rolled-back write batch: nothing cached from before it may be trusted. */
    forgetSeqs: () => {
      seqs.clear();
      openByVisitor.clear();
      visitorOfOpen.clear();
    },
    byCid: (conversationId: number, cid: string) => byCid.get(conversationId, cid) as MessageRow | null,
    lastSeq: (conversationId: number) => readLastSeq(conversationId),
    /**
     * Stores a message with the next seq; returns null when the conversation already holds this
     * cid (the UNIQUE constraint decides, and a failed statement leaves nothing behind).
     */
    append(conversationId: number, m: NewMessage, now: number): MessageRow | null {
      const seq = readLastSeq(conversationId) + 1;
      try {
        const r = insertMessage.run(conversationId, seq, m.cid, m.sender_kind, m.sender_id, m.sender_name, m.kind, m.body, m.file_id, now);
        const id = Number(r.lastInsertRowid);
        seqs.set(conversationId, seq);
        return { ...m, id, seq, conversation_id: conversationId, created_at: now };
      } catch (e) {
        if (String((e as Error).message).includes("messages.conversation_id, messages.cid")) return null;
        throw e;
      }
    },
    after: (conversationId: number, seq: number, limit: number) => after.all(conversationId, seq, limit) as MessageRow[],
    accept: (id: number, agentId: number, now: number) => {
      conversationChanged(id);
      return accept.run(agentId, now, id).changes === 1;
    },
    markFirstReply: (id: number, now: number) => {
      conversationChanged(id);
      return firstReply.run(now, id);
    },
    end: (id: number, by: string, now: number) => {
      conversationChanged(id);
      return end.run(now, by, id).changes === 1;
    },
    /** An ended conversation takes no more messages: its cached seq is not needed. */
    forgetSeq: (id: number) => seqs.delete(id),
    waiting: () => waiting.all() as ConversationRow[],
    byStatus: (status: ConversationStatus, limit: number) => byStatus.all(status, limit) as ConversationRow[],
    activeFor: (agentId: number) => activeFor.all(agentId) as ConversationRow[],
    lastMessage: (conversationId: number) => lastMessage.get(conversationId) as MessageRow | null,
  };
}
export type ChatRepo = ReturnType<typeof createChatRepo>;
