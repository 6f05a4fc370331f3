import type { MessageRow, ConversationRow } from "../chat/service.ts";
import type { FileRow } from "../files/service.ts";

/** Rows to the frames of docs/protocol.md; the one place that decides what a client sees. */
/** File links carry no token: the widget appends its own (docs/protocol.md, Files). */
export function fileInfo(f: FileRow | null) {
  if (!f) return null;
  return { id: f.id, name: f.name, size: f.size, mime: f.mime, isImage: f.is_image === 1, url: `/files/${f.id}`, thumbUrl: f.is_image ? `/files/${f.id}/thumb` : null };
}

export function messageFrame(m: MessageRow, file: FileRow | null) {
  return {
    type: "message",
    conversationId: m.conversation_id,
    seq: m.seq,
    id: m.id,
    cid: m.sender_kind === "system" ? undefined : m.cid,
    from: m.sender_kind,
    name: m.sender_name,
    kind: m.kind,
    body: m.body,
    file: fileInfo(file),
    at: m.created_at,
  };
}

export function conversationFrame(c: ConversationRow, agentName: string) {
  return { type: "conversation", id: c.id, status: c.status, agentName, endedBy: c.ended_by || undefined };
}

export const errorFrame = (code: string, message: string, extra: { cid?: string; field?: string; retryAfterMs?: number } = {}) => ({ type: "error", code, message, ...extra });
