/**
 * The team domain: internal chat between agents (A19), colleagues' presence, and notices
 * (A21 receiving, M4 sending). DESIGN.md lists notices under agents/; they live here instead
 * because their delivery rides on the same pieces as internal chat (presence, the agent-to-agent
 * frames, "who is a member"), and agents/ stays about accounts and service status.
 */
export const MAX_INTERNAL_MESSAGE = 5000;
export const MAX_NOTICE_TITLE = 100;
export const MAX_NOTICE_BODY = 5000;

export type ChannelKind = "company" | "direct";
export type Presence = "online" | "busy" | "away" | "invisible" | "offline";
export type AudienceKind = "all" | "department" | "group" | "agents";

export interface ChannelRow {
  id: number;
  kind: ChannelKind;
  agent_a: number | null;
  agent_b: number | null;
  created_at: number;
}

export interface InternalMessageRow {
  id: number;
  channel_id: number;
  seq: number;
  cid: string;
  sender_id: number;
  kind: "text" | "file";
  body: string;
  file_id: string | null;
  created_at: number;
}

export interface InternalFileRow {
  id: string;
  channel_id: number;
  uploader_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  is_image: number;
  created_at: number;
}

export interface NoticeRow {
  id: number;
  title: string;
  body: string;
  sender_id: number | null;
  sender_name: string;
  audience_kind: AudienceKind;
  starts_at: number;
  ends_at: number;
  delivered_at: number | null;
  created_at: number;
}

declare module "../events/bus.ts" {
  interface EventMap {
    /** A new internal message; `members` are the agents who may see it (null: every agent). */
    "team.message": { channel: ChannelRow; message: InternalMessageRow; file: InternalFileRow | null; members: number[] | null };
    "team.read": { channel: ChannelRow; agentId: number; seq: number };
    /** An agent's presence as colleagues see it may have changed. */
    "team.presence": { agentId: number };
    /** A notice's window opened (or it was sent for now): deliver to its online targets. */
    "team.notice": { notice: NoticeRow };
    /** An agent acknowledged a notice: their other consoles close its popup. */
    "team.notice_read": { noticeId: number; agentId: number; readAt: number };
  }
}
