/**
 * The visitor channel's frames (docs/protocol.md). Ids are typed loosely because the protocol
 * does not say whether they are strings or numbers; compare them with `sameId`.
 */
export type Id = string | number;
export const sameId = (a: Id | null | undefined, b: Id | null | undefined) => a != null && b != null && String(a) === String(b);

export type ConvStatus = "waiting" | "active" | "ended";
export interface Limits {
  maxMessageLength: number;
  maxFileBytes: number;
  allowedFileTypes: string[];
}
export interface ConvRef {
  id: Id;
  status: ConvStatus;
  lastSeq: number;
  agentName: string | null;
}
export interface FileInfo {
  id: Id;
  name: string;
  size: number;
  mime: string;
  isImage: boolean;
  url: string;
  thumbUrl: string | null;
}

export interface ConnectedFrame {
  type: "connected";
  visitorId: string;
  token: string;
  online: boolean;
  language: string;
  conversation: ConvRef | null;
  stream?: string;
  serverTime: number | string;
  limits: Limits;
  /** "refuse_chat" while the visitor may not chat (A11); leave messages stay allowed. */
  blocked?: "refuse_chat";
  /** V24: the groups or agents the visitor chooses from before the first message. */
  entry?: EntryOffer;
  /** The site's settings (M10), each section's public part by key; later changes arrive as `config` frames. */
  config?: WidgetConfig;
}

/** Site settings as widgets receive them: one entry per settings section (src/sites/settings). */
export interface WidgetConfig {
  /** V15: follow the browser's language among those enabled; otherwise the site's default. */
  languages?: { followBrowser: boolean; enabled: string[] };
  /** V20: minutes a chat is kept after the visitor left; 0 = a new page never continues it (null = server default). */
  keep?: { minutes: number | null };
  [section: string]: unknown;
}
export interface EntryOption {
  id: Id;
  name: string;
  online: boolean;
}
export interface EntryOffer {
  kind: "groups" | "agents";
  options: EntryOption[];
}
export interface MessageFrame {
  type: "message";
  conversationId: Id;
  seq: number;
  id: Id;
  cid: string | null;
  from: "visitor" | "agent" | "system";
  name: string | null;
  kind: "text" | "file" | "event";
  body: string;
  file: FileInfo | null;
  at: number | string;
}
export interface AckFrame {
  type: "ack";
  cid: string;
  conversationId: Id;
  seq: number;
  id: Id;
  at: number | string;
}
export interface ConversationFrame {
  type: "conversation";
  id: Id;
  status: ConvStatus;
  agentName: string | null;
  endedBy?: string | null;
}
export interface ErrorFrame {
  type: "error";
  code: string;
  message?: string;
  cid?: string;
  field?: string;
  retryAfterMs?: number;
}
export type ServerFrame =
  | ConnectedFrame
  | MessageFrame
  | AckFrame
  | ConversationFrame
  | ErrorFrame
  | { type: "presence"; online: boolean }
  | { type: "typing"; conversationId: Id; on: boolean; name: string | null }
  | { type: "resumed"; conversationId: Id; lastSeq: number }
  | { type: "pong"; serverTime: number | string }
  // A11: "hide" removes the widget (the server closes the channel); "refuse_chat" keeps browsing.
  | { type: "blocked"; mode: "hide" | "refuse_chat"; message?: string }
  | { type: "unblocked" }
  | ({ type: "entry" } & EntryOffer)
  | { type: "config"; config: WidgetConfig }
  // V18: the visitor's place in the automatic-assignment queue (1 = next) and the expected wait.
  | { type: "queue"; conversationId: Id; position: number; expectedWaitSeconds: number }
  // Local events the transport raises itself (never on the wire): the channel went down, or a
  // frame was given up on after too many reconnects (code "undelivered").
  | { type: "_down" };

/** A client frame; `cid` marks the ones that must be acknowledged (send, file, leave). */
export interface ClientFrame {
  type: string;
  cid?: string;
  [field: string]: unknown;
}

/** Random id for visitors and client message ids; getRandomValues works on plain-http pages too. */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
}
