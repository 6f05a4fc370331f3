/**
 * The leave-message inbox (H2): what agents see of a leave message, its types and its replies.
 * Views are plain objects whose contact fields keep the names visitorMask knows (`phone`,
 * `email`, `ip`), so every route, frame and export masks them the same way (X8).
 */

export interface LeaveTypeRow {
  id: number;
  name: string;
  position: number;
  disabled: number;
}
export const MAX_TYPE_NAME = 40;
export const MAX_NOTE = 2000;
export const MAX_REPLY_SUBJECT = 200;
export const MAX_REPLY_BODY = 10_000;

/** A leave message as the visitor left it (V6). */
export interface LeaveMessageRow {
  id: number;
  site_id: number;
  visitor_id: number;
  cid: string;
  name: string;
  phone: string;
  email: string;
  company: string;
  content: string;
  page_url: string;
  ip: string;
  created_at: number;
}

/** With the inbox's columns (migration 0021) and its type's name. */
export interface StoredLeave extends LeaveMessageRow {
  type_id: number | null;
  type_name: string | null;
  note: string;
  note_by: number | null;
  note_at: number | null;
  replied_at: number | null;
  replied_by: number | null;
}

/** Names of other domains' things, asked through their services (never their tables). */
export interface Names {
  site(id: number): string;
  agent(id: number | null): string | null;
}

export interface LeaveMessageView {
  id: number;
  siteId: number;
  siteName: string;
  visitorId: number;
  name: string;
  phone: string;
  email: string;
  company: string;
  content: string;
  pageUrl: string;
  ip: string;
  createdAt: number;
  typeId: number | null;
  typeName: string | null;
  note: string;
  noteBy: number | null;
  noteByName: string | null;
  noteAt: number | null;
  replied: boolean;
  repliedAt: number | null;
  repliedBy: number | null;
  repliedByName: string | null;
  /** Whether a reply by email is possible (the address itself may be masked for this viewer). */
  canEmail: boolean;
}

export const messageView = (r: StoredLeave, names: Names): LeaveMessageView => ({
  id: r.id, siteId: r.site_id, siteName: names.site(r.site_id), visitorId: r.visitor_id,
  name: r.name, phone: r.phone, email: r.email, company: r.company, content: r.content, pageUrl: r.page_url, ip: r.ip, createdAt: r.created_at,
  typeId: r.type_id, typeName: r.type_name, note: r.note, noteBy: r.note_by, noteByName: names.agent(r.note_by), noteAt: r.note_at,
  replied: r.replied_at !== null, repliedAt: r.replied_at, repliedBy: r.replied_by, repliedByName: names.agent(r.replied_by),
  canEmail: r.email !== "",
});

export type ReplyStatus = "sending" | "sent" | "failed";

export interface LeaveReplyRow {
  id: number;
  message_id: number;
  agent_id: number | null;
  channel: "email";
  to_address: string;
  subject: string;
  body: string;
  status: ReplyStatus;
  smtp_message_id: string;
  error: string;
  created_at: number;
  sent_at: number | null;
}

/** The recipient is named `email` so the viewer's mask covers it like the message's own address. */
export const replyView = (r: LeaveReplyRow, names: Names) => ({
  id: r.id, messageId: r.message_id, agentId: r.agent_id, agentName: names.agent(r.agent_id) ?? "", channel: r.channel, email: r.to_address,
  subject: r.subject, body: r.body, status: r.status, smtpMessageId: r.smtp_message_id, error: r.error, createdAt: r.created_at, sentAt: r.sent_at,
});
export type LeaveReplyView = ReturnType<typeof replyView>;

/** Who is looking at the inbox: the sites they may read (core: leave/scope.ts) and what they may search. */
export interface InboxViewer {
  agentId: number;
  siteIds: number[];
  /** visitor.contact: only then do words match phone numbers and email addresses (no probing masked data). */
  contact: boolean;
}

/** The inbox filter, already validated (filter.ts). */
export interface LeaveFilter {
  site?: number;
  state?: "replied" | "unreplied";
  /** A type id, or null for messages without a type. */
  type?: number | null;
  from?: number;
  to?: number;
  words: string[];
}
