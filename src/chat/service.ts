import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { Database } from "bun:sqlite";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import { createChatRepo, type ConversationRow, type MessageRow, type NewMessage } from "./repo.ts";
import { MAX_MESSAGE_LENGTH, validCid, type ChatEvent, type EndReason, type SentMessage } from "./model.ts";
import { createParticipants } from "./participants.ts";

export type { ConversationRow, MessageRow, SentMessage };

export interface VisitorRef {
  id: number;
  site_id: number;
  name: string;
}
export interface AgentRef {
  id: number;
  display_name: string;
}

function checkText(body: unknown): string {
  if (typeof body !== "string" || !body.trim()) throw invalid("消息不能为空 / the message is empty", "body");
  if (body.length > MAX_MESSAGE_LENGTH) throw new AppError(422, "too_long", `消息最多 ${MAX_MESSAGE_LENGTH} 字 / a message has at most ${MAX_MESSAGE_LENGTH} characters`, "body");
  return body;
}

function checkCid(cid: unknown): string {
  if (!validCid(cid)) throw invalid("cid must be 1–64 letters, digits, _ or -", "cid");
  return cid;
}

/**
 * Conversations and messages. Every message gets the next gapless `seq` of its conversation in
 * the same transaction that stores it (through the group-commit writer), and a resent `cid`
 * returns the stored message instead of a new one. Events are published after the commit.
 */
export function createChatService(deps: { db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter }) {
  const repo = createChatRepo(deps.db);
  const participants = createParticipants(deps.db, repo.conversationChanged);
  deps.writer.onRollback(() => {
    repo.forgetSeqs();
    participants.forget();
  });

  /**
   * Published at commit, not after the fsync: agents see a message as soon as it is stored,
   * while its sender's acknowledgement waits for the disk (writer.ts onCommit).
   */
  const publishSent = (r: SentMessage, durable: Promise<void>) => {
    if (r.duplicate) return;
    if (r.created) deps.events.publish("chat.conversation", { conversation: r.conversation });
    deps.events.publish("chat.message", { conversation: r.conversation, message: r.message, durable });
  };

  const eventBody = (e: ChatEvent) => JSON.stringify(e);

  return {
    repo,
    participants,
    get: (id: number) => repo.byId(id),
    openFor: (visitorId: number) => repo.openFor(visitorId),
    messagesAfter: (conversationId: number, afterSeq: number, limit = 500) => repo.after(conversationId, Math.max(0, afterSeq | 0), Math.min(limit, 1000)),
    waiting: () => repo.waiting(),
    byStatus: (status: ConversationRow["status"], limit = 200) => repo.byStatus(status, limit),
    activeFor: (agentId: number) => repo.activeFor(agentId),
    /** The chats an agent works in: owned ones, then those joined as a guest (A9). */
    mineActive(agentId: number): ConversationRow[] {
      const guestIn = participants.guestConversations(agentId).map((id) => repo.byId(id)).filter((c): c is ConversationRow => c?.status === "active");
      return [...repo.activeFor(agentId), ...guestIn];
    },
    lastMessage: (conversationId: number) => repo.lastMessage(conversationId),
    lastSeq: (conversationId: number) => repo.lastSeq(conversationId),

    /**
     * A visitor's text or file message; opens a waiting conversation when none is open. `route`
     * (V24: the visitor's choice or the site's binding) is asked only when one opens, and may
     * refuse (a forged choice) before anything is written. `opened` runs inside the transaction
     * that opens one (V7: the pre-chat answers are stored with it or not at all).
     */
    async visitorSend(visitor: VisitorRef, input: { cid: unknown; body?: unknown; fileId?: string; visitId?: number | null; route?: () => { groupId: number | null; requestedAgentId: number | null }; opened?: (conversation: ConversationRow) => void }): Promise<SentMessage> {
      const cid = checkCid(input.cid);
      const body = input.fileId ? String(input.body ?? "").slice(0, 255) : checkText(input.body);
      const now = deps.clock.now();
      const message: NewMessage = {
        cid, sender_kind: "visitor", sender_id: visitor.id, sender_name: visitor.name, kind: input.fileId ? "file" : "text", body, file_id: input.fileId ?? null,
      };
      // The common case (an open conversation) is one INSERT: no savepoint needed. Opening a
      // conversation writes twice, so that path brings its own savepoint.
      const result = await deps.writer.write((db): SentMessage => {
        const open = repo.openFor(visitor.id);
        if (open) {
          const stored = repo.append(open.id, message, now);
          return stored ? { message: stored, conversation: open, duplicate: false, created: false } : { message: repo.byCid(open.id, cid)!, conversation: open, duplicate: true, created: false };
        }
        // A resend whose ack was lost while the conversation ended must not start a new one.
        const previous = repo.lastFor(visitor.id);
        const stored = previous ? repo.byCid(previous.id, cid) : null;
        if (stored && previous) return { message: stored, conversation: previous, duplicate: true, created: false };
        const route = input.route?.() ?? { groupId: null, requestedAgentId: null };
        return db.transaction((): SentMessage => {
          const conversation = repo.create(visitor.site_id, visitor.id, input.visitId ?? null, now, route);
          input.opened?.(conversation);
          return { message: repo.append(conversation.id, message, now)!, conversation, duplicate: false, created: true };
        })();
      }, { savepoint: false, onCommit: publishSent });
      return result;
    },

    /** An agent's message; only the conversation's active participants may write in it. */
    async agentSend(agent: AgentRef, conversationId: number, input: { cid: unknown; body?: unknown; fileId?: string }): Promise<SentMessage> {
      const cid = checkCid(input.cid);
      const body = input.fileId ? String(input.body ?? "").slice(0, 255) : checkText(input.body);
      const now = deps.clock.now();
      const result = await deps.writer.write((): SentMessage => {
        const conversation = repo.byId(conversationId);
        if (!conversation) throw notFound("对话不存在 / conversation not found");
        if (conversation.status === "ended" || !participants.isActive(conversation, agent.id)) {
          const stored = repo.byCid(conversationId, cid);
          if (stored) return { message: stored, conversation, duplicate: true, created: false };
          if (conversation.status === "ended") throw new AppError(409, "ended", "对话已结束 / the conversation has ended");
          throw forbidden("只有参与该对话的客服可以发言 / only the conversation's participants can write in it");
        }
        const message = repo.append(conversationId, { cid, sender_kind: "agent", sender_id: agent.id, sender_name: agent.display_name, kind: input.fileId ? "file" : "text", body, file_id: input.fileId ?? null }, now);
        if (!message) return { message: repo.byCid(conversationId, cid)!, conversation, duplicate: true, created: false };
        if (conversation.first_reply_at === null) repo.markFirstReply(conversationId, now);
        return { message, conversation, duplicate: false, created: false };
      }, { onCommit: publishSent });
      return result;
    },

    /** Exactly one agent wins a waiting conversation; everyone else gets a conflict. */
    async accept(agent: AgentRef, conversationId: number, check?: (conversation: ConversationRow) => void): Promise<ConversationRow> {
      const now = deps.clock.now();
      const result = await deps.writer.write(() => {
        const conversation = repo.byId(conversationId);
        if (!conversation) throw notFound("对话不存在 / conversation not found");
        // Routing's eligibility and offer rules, inside the same write so no offer slips in between.
        check?.(conversation);
        if (!repo.accept(conversationId, agent.id, now)) throw conflict("该对话已被接待或已结束 / the conversation was already taken or has ended");
        participants.addOwner(conversationId, agent.id, now);
        const message = repo.append(conversationId, { cid: `sys-accept-${agent.id}-${now}-${conversationId}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event", body: eventBody({ event: "agent_joined", name: agent.display_name }), file_id: null }, now)!;
        return { conversation: repo.byId(conversationId)!, message };
      });
      deps.events.publish("chat.conversation", { conversation: result.conversation });
      deps.events.publish("chat.message", result);
      return result.conversation;
    },

    /**
     * Either side (or the system) ends a conversation; ending twice is harmless. The system says
     * why (`reason`, stored in the event both sides see); `unless` is asked inside the write and
     * leaves the conversation open when it answers true (something happened since the decision).
     */
    async end(conversationId: number, by: "visitor" | "agent" | "system", o: { reason?: EndReason; unless?: (c: ConversationRow) => boolean } = {}): Promise<ConversationRow> {
      const now = deps.clock.now();
      const result = await deps.writer.write(() => {
        const current = repo.byId(conversationId);
        if (!current) throw notFound("对话不存在 / conversation not found");
        if (o.unless?.(current) || !repo.end(conversationId, by, now)) return { conversation: repo.byId(conversationId)!, message: null };
        const event: ChatEvent = o.reason ? { event: "ended", by, reason: o.reason } : { event: "ended", by };
        const message = repo.append(conversationId, { cid: `sys-end-${now}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event", body: eventBody(event), file_id: null }, now)!;
        repo.forgetSeq(conversationId);
        return { conversation: repo.byId(conversationId)!, message };
      });
      if (result.message) {
        deps.events.publish("chat.conversation", { conversation: result.conversation });
        deps.events.publish("chat.message", { conversation: result.conversation, message: result.message });
      }
      return result.conversation;
    },

    typing(conversationId: number, side: "visitor" | "agent", on: boolean, name: string, agentId?: number) {
      deps.events.publish("chat.typing", { conversationId, side, on: Boolean(on), name, agentId });
    },

    /** The visitor's unsent text goes to the conversation's agents only (A7); nothing is stored. */
    draft(conversation: ConversationRow, text: unknown) {
      if (conversation.status === "ended") return;
      deps.events.publish("chat.draft", { conversation, text: typeof text === "string" ? text.slice(0, MAX_MESSAGE_LENGTH) : "" });
    },
  };
}
export type ChatService = ReturnType<typeof createChatService>;
