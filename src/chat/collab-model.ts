import type { ConversationRow } from "./repo.ts";

export type AnswerStatus = "pending" | "accepted" | "declined" | "expired" | "withdrawn";

export interface TransferRow {
  id: number;
  conversation_id: number;
  from_agent_id: number | null;
  to_agent_id: number | null;
  to_group_id: number | null;
  note: string;
  status: AnswerStatus;
  created_at: number;
  deadline_at: number;
  answered_at: number | null;
  answered_by: number | null;
}

export interface GuestInvitationRow {
  id: number;
  conversation_id: number;
  from_agent_id: number | null;
  to_agent_id: number;
  status: AnswerStatus;
  created_at: number;
  deadline_at: number;
  answered_at: number | null;
}

/** The requester as the collaboration services need it (the route passes the principal's parts). */
export interface Requester {
  id: number;
  display_name: string;
  username: string;
  permissions: ReadonlySet<string>;
  ip?: string;
}

export const NOTE_MAX = 500;

declare module "../events/bus.ts" {
  interface EventMap {
    /** Who takes part changed; `removed` agents lost access and are told too. */
    "chat.participants": { conversation: ConversationRow; removed: number[] };
    "transfer.requested": { transfer: TransferRow; conversation: ConversationRow; recipients: number[] };
    /** `notify` gets transfer_ended (requester and target); `withdrawnFrom` the other candidates. */
    "transfer.ended": { transfer: TransferRow; notify: number[]; withdrawnFrom: number[] };
    "guest.invited": { invitation: GuestInvitationRow; conversation: ConversationRow };
    "guest.answered": { invitation: GuestInvitationRow };
    /** An agent's effective status changed (auto-busy at the chat limit, A2). */
    "agent.status": { agentId: number; status: string; effective: string; reason: "limit" | "chosen" };
  }
}
