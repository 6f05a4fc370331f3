import type { ConversationRow, MessageRow } from "../chat/service.ts";
import type { DataScope } from "../auth/permissions.ts";
import type { RequestScope } from "../auth/model.ts";

/** Who acts: the signed-in agent's parts the supervision rules need. */
export interface Supervisor {
  agent: { id: number; username: string; display_name: string };
  permissions: ReadonlySet<string>;
  scope: DataScope;
  ip: string;
  userAgent?: string;
}

/** The request's agent as a Supervisor (routes here and the chat end route build it). */
export const supervisorOf = (ctx: unknown): Supervisor => {
  const c = ctx as RequestScope;
  const p = c.principal!;
  return { agent: p.agent, permissions: p.permissions, scope: p.scope, ip: c.ip, userAgent: c.userAgent };
};

/** A whisper (A20): a note inside a chat between its agents and a supervisor; never the visitor's. */
export interface WhisperRow {
  id: number;
  conversation_id: number;
  /** The conversation's last message seq when it was written: where it sits in the transcript. */
  after_seq: number;
  cid: string;
  sender_id: number | null;
  sender_name: string;
  body: string;
  created_at: number;
}

export const WHISPER_MAX = 2000;

/** A whisper as the console receives it, over the socket and from the list alike. */
export const whisperView = (w: WhisperRow) => ({
  id: w.id, conversationId: w.conversation_id, afterSeq: w.after_seq, cid: w.cid, senderId: w.sender_id, senderName: w.sender_name, body: w.body, at: w.created_at,
});

declare module "../events/bus.ts" {
  interface EventMap {
    /** Goes to the chat's agents and watchers only (src/realtime/supervision-recipients.ts), never to the visitor. */
    "chat.whisper": { conversation: ConversationRow; whisper: WhisperRow };
    /** A supervisor took a chat over; `message` is the takeover line, which the former owner sees too. */
    "supervision.takeover": { conversation: ConversationRow; message: MessageRow; from: number | null };
    /** Who watches a chat changed (a supervisor started or stopped watching it). */
    "supervision.watchers": { conversationId: number };
  }
}
