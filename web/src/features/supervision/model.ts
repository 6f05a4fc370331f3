/**
 * The supervision elements' data: board rows as GET /api/supervision/agents and the
 * `supervision_agent` frame carry them, whispers as the `whisper` frame carries them, and the
 * pure helpers the elements share (placing whispers in a transcript, durations).
 */
export interface BoardChat {
  id: number;
  role: "owner" | "guest";
  status: string;
  visitorId: number;
  visitorName: string;
  siteId: number;
  siteName: string;
  createdAt: number;
  acceptedAt: number | null;
  waitedMs: number;
  lastMessageAt: number | null;
  lastMessageFrom: string | null;
  watchers: number[];
}

export interface BoardAgent {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  status: string;
  effective: string;
  connected: boolean;
  maxChats: number;
  chats: BoardChat[];
}

export interface Whisper {
  id: number;
  conversationId: number;
  afterSeq: number;
  cid: string;
  senderId: number | null;
  senderName: string;
  body: string;
  at: number;
}

/** Adds whispers (by id, once each), kept in transcript order: after_seq, then id. */
export function mergeWhispers(held: Whisper[], incoming: Whisper[]): Whisper[] {
  const byId = new Map(held.map((w) => [w.id, w]));
  for (const w of incoming) byId.set(w.id, w);
  return [...byId.values()].sort((a, b) => a.afterSeq - b.afterSeq || a.id - b.id);
}

/**
 * Messages and whispers as one list: each whisper right after the message whose seq it names
 * (a whisper written before any message comes first).
 */
export function interleave<M extends { seq: number }>(messages: M[], whispers: Whisper[]): ({ kind: "message"; m: M } | { kind: "whisper"; w: Whisper })[] {
  const out: ({ kind: "message"; m: M } | { kind: "whisper"; w: Whisper })[] = [];
  let i = 0;
  const sorted = [...whispers].sort((a, b) => a.afterSeq - b.afterSeq || a.id - b.id);
  for (const m of messages) {
    while (i < sorted.length && sorted[i].afterSeq < m.seq) out.push({ kind: "whisper", w: sorted[i++] });
    out.push({ kind: "message", m });
  }
  while (i < sorted.length) out.push({ kind: "whisper", w: sorted[i++] });
  return out;
}

/** A board row replaced (or removed, when the frame's agent is null), keeping the list's order. */
export function applyAgentFrame(rows: BoardAgent[], frame: { agentId: number; agent: BoardAgent | null }): BoardAgent[] {
  const i = rows.findIndex((r) => r.id === frame.agentId);
  if (!frame.agent) return i < 0 ? rows : rows.filter((r) => r.id !== frame.agentId);
  if (i >= 0) return rows.map((r) => (r.id === frame.agentId ? frame.agent! : r));
  // The server sends only rows in the supervisor's reach: a new one (just created) is added.
  return [...rows, frame.agent];
}

/** Minutes once past a minute, else seconds. */
export function duration(ms: number): { key: "sup.minutes" | "sup.seconds"; n: number } {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s >= 60 ? { key: "sup.minutes", n: Math.floor(s / 60) } : { key: "sup.seconds", n: s };
}
