import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import { AppError, conflict, invalid } from "../platform/errors.ts";
import { MAX_MESSAGE_LENGTH, validCid, type ChatEvent } from "./model.ts";
import type { ChatRepo, ConversationRow, MessageRow } from "./repo.ts";
import type { AgentRef, VisitorRef } from "./service.ts";
import type { Participants } from "./participants.ts";

export interface Opened {
  conversation: ConversationRow;
  message: MessageRow;
  /** The same cid had opened this conversation before: nothing new was written. */
  duplicate: boolean;
}

export const alreadyChatting = () => conflict("访客正在对话中 / the visitor is already in a conversation");

/**
 * Conversations an agent opens (V8 accepted invitation, V9 proactive chat): active from the
 * start, with the agent as owner, and a first message with seq 1 like every message. The write
 * runs inside the group-commit writer so seq allocation and the one-open-conversation rule hold;
 * `openIn` is for callers that must write more in the same transaction (the invitation's row).
 */
export function createChatOutreach(deps: { repo: ChatRepo; participants: Participants; clock: Clock; events: EventBus; writer: GroupCommitWriter }) {
  const { repo } = deps;

  /** Inside the writer: opens the conversation, or returns the one this cid already opened. */
  function openIn(db: Database, visitor: VisitorRef, agent: AgentRef | null, first: { cid: string; body: string } | null, visitId: number | null, now: number): Opened {
    const open = repo.openFor(visitor.id);
    if (first && open) {
      const stored = repo.byCid(open.id, first.cid);
      if (stored) return { conversation: open, message: stored, duplicate: true };
    }
    if (open) throw alreadyChatting();
    return db.transaction((): Opened => {
      const created = repo.create(visitor.site_id, visitor.id, visitId, now);
      // An invitation whose agent was removed meanwhile opens an ordinary waiting conversation.
      if (agent) repo.accept(created.id, agent.id, now);
      const event: ChatEvent = { event: "agent_joined", name: agent?.display_name ?? "" };
      const message = first && agent
        ? repo.append(created.id, { cid: first.cid, sender_kind: "agent", sender_id: agent.id, sender_name: agent.display_name, kind: "text", body: first.body, file_id: null }, now)!
        : repo.append(created.id, { cid: `sys-open-${created.id}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event", body: JSON.stringify(event), file_id: null }, now)!;
      if (first && agent) repo.markFirstReply(created.id, now);
      // The inviting agent owns the chat like an accepting agent would (A9 guests join later).
      if (agent) deps.participants.addOwner(created.id, agent.id, now);
      return { conversation: repo.byId(created.id)!, message, duplicate: false };
    })();
  }

  /**
   * Inside the writer: a conversation the site opens by itself (an automatic invitation accepted,
   * an automatic proactive chat). It waits for routing like a visitor's own chat, on `route`, and
   * its first message is the site's greeting (an event, so no agent seems to have written it).
   */
  function openWaitingIn(db: Database, visitor: VisitorRef, route: { groupId: number | null; requestedAgentId: number | null }, greeting: string, visitId: number | null, now: number): Opened {
    if (repo.openFor(visitor.id)) throw alreadyChatting();
    return db.transaction((): Opened => {
      const created = repo.create(visitor.site_id, visitor.id, visitId, now, route);
      const event: ChatEvent = { event: "greeting", text: greeting };
      const message = repo.append(created.id, { cid: `sys-greeting-${created.id}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event", body: JSON.stringify(event), file_id: null }, now)!;
      return { conversation: repo.byId(created.id)!, message, duplicate: false };
    })();
  }

  /** After the commit: the conversation (visitor and consoles), then its first message. */
  function publish(r: Opened) {
    if (r.duplicate) return;
    deps.events.publish("chat.conversation", { conversation: r.conversation });
    deps.events.publish("chat.message", { conversation: r.conversation, message: r.message });
  }

  return {
    openIn,
    openWaitingIn,
    publish,
    /** The visitor's open conversation, or else their last one (an answer may come after the end). */
    currentOrLast: (visitorId: number) => repo.openFor(visitorId) ?? repo.lastFor(visitorId),
    /** V9: the agent writes first; the conversation is active with the agent as its owner. */
    async proactive(visitor: VisitorRef, agent: AgentRef, input: { cid: unknown; body: unknown }, visitId: number | null, also?: (db: Database, r: Opened) => void): Promise<Opened> {
      if (!validCid(input.cid)) throw invalid("cid must be 1–64 letters, digits, _ or -", "cid");
      if (typeof input.body !== "string" || !input.body.trim()) throw invalid("消息不能为空 / the message is empty", "body");
      if (input.body.length > MAX_MESSAGE_LENGTH) throw new AppError(422, "too_long", `消息最多 ${MAX_MESSAGE_LENGTH} 字 / a message has at most ${MAX_MESSAGE_LENGTH} characters`, "body");
      const first = { cid: input.cid, body: input.body };
      const now = deps.clock.now();
      const r = await deps.writer.write((db) => {
        const opened = openIn(db, visitor, agent, first, visitId, now);
        if (!opened.duplicate) also?.(db, opened);
        return opened;
      });
      publish(r);
      return r;
    },
  };
}
export type ChatOutreach = ReturnType<typeof createChatOutreach>;
