/**
 * The workspace's data as the console holds it: messages in the frame shape of docs/protocol.md
 * (rows from the HTTP API are converted here), merged by seq so a message seen on the socket and
 * again in a resume fetch is held once.
 */
export interface FileInfo {
  id: string;
  name: string;
  size: number;
  mime: string;
  isImage: boolean;
  url: string;
  thumbUrl: string | null;
}

export interface Msg {
  conversationId: number;
  seq: number;
  id: number;
  cid?: string;
  from: "visitor" | "agent" | "system";
  name: string;
  kind: "text" | "file" | "event";
  body: string;
  file: FileInfo | null;
  at: number;
}

/** A message of mine not yet stored: text being sent, or a file being uploaded. */
export interface Pending {
  cid: string;
  kind: "text" | "file";
  body: string;
  state: "sending" | "failed";
  error?: string;
  progress?: number;
  blob?: Blob;
  abort?: () => void;
}

export interface Chat {
  id: number;
  visitorId: number;
  siteId: number;
  status: "waiting" | "active" | "ended";
  agentId: number | null;
  createdAt: number;
  messages: Msg[];
  pending: Pending[];
  unread: number;
  typing: boolean;
  draft: string;
  readOnly: boolean;
  loaded: boolean;
}

export interface Waiting {
  id: number;
  visitorId: number;
  siteId: number;
  createdAt: number;
  lastMessage: string;
  /** The group the chat was routed to (V24), "" for none. */
  groupName?: string;
  /** Automatic assignment offered this chat to me (R1): accept before the deadline. */
  offeredToMe?: boolean;
}

export function fileFrom(f: any): FileInfo | null {
  if (!f) return null;
  if (typeof f.url === "string") return f as FileInfo;
  const isImage = f.isImage === true || f.is_image === 1;
  return { id: f.id, name: f.name, size: f.size, mime: f.mime, isImage, url: `/files/${f.id}`, thumbUrl: isImage ? `/files/${f.id}/thumb` : null };
}

/** A message row of GET /api/conversations/:id/messages or a `message` frame, as a Msg. */
export function msgFrom(m: any): Msg {
  if ("sender_kind" in m) {
    return {
      conversationId: m.conversation_id, seq: m.seq, id: m.id, cid: m.sender_kind === "system" ? undefined : m.cid, from: m.sender_kind,
      name: m.sender_name, kind: m.kind, body: m.body, file: fileFrom(m.file), at: m.created_at,
    };
  }
  return { conversationId: m.conversationId, seq: m.seq, id: m.id, cid: m.cid, from: m.from, name: m.name, kind: m.kind, body: m.body, file: fileFrom(m.file), at: m.at };
}

export function chatFrom(c: any): Chat {
  return {
    id: c.id, visitorId: c.visitor_id ?? c.visitorId, siteId: c.site_id ?? c.siteId, status: c.status, agentId: c.agent_id ?? c.agentId ?? null,
    createdAt: c.created_at ?? c.createdAt ?? Date.now(), messages: [], pending: [], unread: 0, typing: false, draft: "", readOnly: false, loaded: false,
  };
}

/**
 * Adds messages to a chat, each seq once, kept in seq order; a stored message of mine replaces
 * its pending copy (same cid). Returns the messages that were new.
 */
export function mergeMessages(chat: Chat, incoming: Msg[]): Msg[] {
  const have = new Set(chat.messages.map((m) => m.seq));
  const added: Msg[] = [];
  for (const m of incoming) {
    if (m.conversationId !== chat.id || have.has(m.seq)) continue;
    have.add(m.seq);
    added.push(m);
  }
  if (!added.length) return added;
  chat.messages = [...chat.messages, ...added].sort((a, b) => a.seq - b.seq);
  const stored = new Set(added.filter((m) => m.from === "agent" && m.cid).map((m) => m.cid));
  if (stored.size) chat.pending = chat.pending.filter((p) => !stored.has(p.cid));
  return added;
}

/** The highest seq below which every message is held: what a resume asks to continue after. */
export function heldSeq(chat: Chat): number {
  let n = 0;
  for (const m of chat.messages) {
    if (m.seq === n + 1) n = m.seq;
    else if (m.seq > n + 1) break;
  }
  return n;
}

/** The chat Alt+Z goes to: the next one after `current` with unread messages, else simply the next. */
export function nextChatId(order: number[], chats: Map<number, Chat>, current: number | null): number | null {
  if (!order.length) return null;
  const start = current === null ? -1 : order.indexOf(current);
  for (let i = 1; i <= order.length; i++) {
    const id = order[(start + i) % order.length];
    if (id !== current && (chats.get(id)?.unread ?? 0) > 0) return id;
  }
  return order.length > 1 || current === null ? order[(start + 1) % order.length] : current;
}

export const newCid = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "c" + [...bytes].map((b) => b.toString(36).padStart(2, "0")).join("").slice(0, 20);
};
