import type { Database } from "bun:sqlite";
import type { ConversationRow } from "./repo.ts";

export interface ParticipantRow {
  id: number;
  conversation_id: number;
  agent_id: number;
  role: "owner" | "guest";
  joined_at: number;
  left_at: number | null;
}

/**
 * Who takes part in a conversation (A8, A9): the owner and any guests who have not left. The
 * owner is also conversations.agent_id, which stays the column queries and counts use; a
 * conversation accepted before participants existed has no row, so the owner is read from the
 * conversation itself and the rows add the guests.
 */
export function createParticipants(db: Database, conversationChanged: (conversationId: number) => void = () => {}) {
  const active = db.prepare("SELECT * FROM conversation_participants WHERE conversation_id = ? AND left_at IS NULL ORDER BY id");
  const activeOne = db.prepare("SELECT * FROM conversation_participants WHERE conversation_id = ? AND agent_id = ? AND left_at IS NULL");
  const insert = db.prepare("INSERT INTO conversation_participants (conversation_id, agent_id, role, joined_at) VALUES (?, ?, ?, ?)");
  const leave = db.prepare("UPDATE conversation_participants SET left_at = ? WHERE conversation_id = ? AND agent_id = ? AND left_at IS NULL");
  const setOwner = db.prepare("UPDATE conversations SET agent_id = ? WHERE id = ? AND status = 'active'");
  const everIn = db.prepare("SELECT 1 FROM conversation_participants WHERE conversation_id = ? AND agent_id = ? LIMIT 1");
  const guestOf = db.prepare("SELECT conversation_id FROM conversation_participants WHERE agent_id = ? AND role = 'guest' AND left_at IS NULL");

  const rows = (conversationId: number) => active.all(conversationId) as ParticipantRow[];

  // Every chat message asks who receives it, and participants change only on accept, invite,
  // leave and transfer — all through this module. So the agent ids of the active rows are kept
  // per conversation and dropped when that conversation's rows change; `forget` drops them all
  // (a rolled-back batch). Bounded: ended chats stop asking, and the map starts over when large.
  const CACHE_LIMIT = 20_000;
  const cachedAgents = new Map<number, number[]>();
  const rowAgents = (conversationId: number): number[] => {
    let ids = cachedAgents.get(conversationId);
    if (!ids) {
      ids = rows(conversationId).map((r) => r.agent_id);
      if (cachedAgents.size >= CACHE_LIMIT) cachedAgents.clear();
      cachedAgents.set(conversationId, ids);
    }
    return ids;
  };
  const changed = (conversationId: number) => cachedAgents.delete(conversationId);

  return {
    rows,
    /** Drops every cached participant list (after a rolled-back write batch). */
    forget: () => cachedAgents.clear(),
    /** Agent ids that receive the conversation's traffic: the owner first, then the guests. */
    activeAgentIds(c: Pick<ConversationRow, "id" | "agent_id" | "status">): number[] {
      if (c.status === "ended" || c.agent_id === null) return c.agent_id ? [c.agent_id] : [];
      const ids = [c.agent_id];
      for (const id of rowAgents(c.id)) if (!ids.includes(id)) ids.push(id);
      return ids;
    },
    /** May this agent write (messages, typing, files) in the conversation now? */
    isActive(c: Pick<ConversationRow, "id" | "agent_id" | "status">, agentId: number): boolean {
      if (c.status !== "active") return false;
      return c.agent_id === agentId || Boolean(activeOne.get(c.id, agentId));
    },
    isGuest: (conversationId: number, agentId: number) => (activeOne.get(conversationId, agentId) as ParticipantRow | null)?.role === "guest",
    /** Took part at any time (owner, guest, or transferred away since). */
    wasIn: (conversationId: number, agentId: number) => everIn.get(conversationId, agentId) !== null,
    guestConversations: (agentId: number) => (guestOf.all(agentId) as { conversation_id: number }[]).map((r) => r.conversation_id),
    /** Inside the caller's transaction. */
    addOwner(conversationId: number, agentId: number, now: number) {
      changed(conversationId);
      leave.run(now, conversationId, agentId);
      insert.run(conversationId, agentId, "owner", now);
    },
    addGuest: (conversationId: number, agentId: number, now: number) => {
      changed(conversationId);
      return insert.run(conversationId, agentId, "guest", now);
    },
    leave: (conversationId: number, agentId: number, now: number) => {
      changed(conversationId);
      return leave.run(now, conversationId, agentId).changes > 0;
    },
    /** Hands the conversation to another agent; false when it is no longer active. */
    changeOwner(conversationId: number, from: number | null, to: number, now: number): boolean {
      changed(conversationId);
      conversationChanged(conversationId); // agent_id is a column of the conversation row
      if (setOwner.run(to, conversationId).changes !== 1) return false;
      if (from !== null) leave.run(now, conversationId, from);
      leave.run(now, conversationId, to);
      insert.run(conversationId, to, "owner", now);
      return true;
    },
  };
}
export type Participants = ReturnType<typeof createParticipants>;
