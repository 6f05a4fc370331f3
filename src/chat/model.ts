import type { ConversationRow, MessageRow } from "./repo.ts";

export const MAX_MESSAGE_LENGTH = 5000;
const CID = /^[A-Za-z0-9_-]{1,64}$/;

/** The line the visitor sees when another agent takes the chat (transfer, supervisor takeover). */
export const takeoverText = (name: string) => `客服 ${name} 已接待您 / ${name} has taken over`;

export const validCid = (cid: unknown): cid is string => typeof cid === "string" && CID.test(cid);

export type EndReason = "idle" | "keep";

/** System messages carry a code and data, so each side shows them in its own language. */
export type ChatEvent =
  | { event: "agent_joined"; name: string }
  // The system says why it ended a chat: the visitor stayed silent (V19) or left (chat keep, V20).
  | { event: "ended"; by: "visitor" | "agent" | "system"; reason?: EndReason }
  | { event: "idle_prompt"; step: 1 | 2; texts: Partial<Record<string, string>>; text: string }
  // Collaboration events carry a bilingual `text` too, which readers without the code show.
  | { event: "transferred"; name: string; text: string }
  | { event: "guest_joined"; name: string; text: string }
  | { event: "guest_left"; name: string; text: string }
  // The site's own first words (an automatic invitation or proactive chat): `text` as shown to the visitor.
  | { event: "greeting"; text: string };

export interface SentMessage {
  message: MessageRow;
  conversation: ConversationRow;
  /** The cid had been stored before: nothing new was written. */
  duplicate: boolean;
  /** This message opened the conversation. */
  created: boolean;
}

declare module "../events/bus.ts" {
  interface EventMap {
    /** `durable`, when present, settles once the message is on disk (published at commit: writer.ts onCommit). */
    "chat.message": { conversation: ConversationRow; message: MessageRow; durable?: Promise<void> };
    "chat.conversation": { conversation: ConversationRow };
    "chat.typing": { conversationId: number; side: "visitor" | "agent"; on: boolean; name: string; agentId?: number };
    "chat.draft": { conversation: ConversationRow; text: string };
  }
}
