import { sameId, type AckFrame, type FileInfo, type Id, type MessageFrame } from "./frames.ts";

/**
 * The open conversation as the visitor sees it: stored messages kept in `seq` order and
 * deduplicated by `seq` (resume replays, other tabs and the loader's buffer all deliver
 * overlapping copies), plus the visitor's own messages that have no `seq` yet.
 * State of an own message: uploading (files) → sending → sent on `ack`, or failed (refused,
 * or given up on after reconnects) → sending again on retry. Nothing is ever dropped silently.
 */
export type MsgState = "uploading" | "sending" | "sent" | "failed";

export interface ChatMessage {
  /** Stable across the sending → sent change, so the DOM node is reused. */
  key: string;
  cid: string | null;
  seq: number | null;
  from: "visitor" | "agent" | "system";
  name: string | null;
  kind: "text" | "file" | "event";
  body: string;
  file: FileInfo | null;
  /** Local file being uploaded: shown with progress until the `file` frame is sent. */
  upload?: { name: string; size: number; progress: number };
  at: number;
  state: MsgState;
}

const time = (at: number | string | null | undefined) => {
  const n = typeof at === "number" ? at : Date.parse(String(at));
  return Number.isFinite(n) ? n : Date.now();
};
const keyOf = (cid: string | null | undefined, seq: number) => (cid ? `c${cid}` : `s${seq}`);

export class Conversation {
  id: Id | null = null;
  private bySeq = new Map<number, ChatMessage>();
  private local = new Map<string, ChatMessage>();
  /** Every seq up to this was delivered (a `resumed` frame, then live frames on that channel). */
  private syncedTo = 0;
  private live = false;

  /** Another conversation starts (the last one ended): forget the old messages, keep unsent ones. */
  reset(id: Id | null) {
    this.id = id;
    this.bySeq.clear();
    this.syncedTo = 0;
    this.live = false;
  }

  private adopt(id: Id) {
    if (this.id == null) this.id = id;
    else if (!sameId(this.id, id)) this.reset(id);
  }

  addLocal(cid: string, body: string, extra: Partial<ChatMessage> = {}): ChatMessage {
    const m: ChatMessage = { key: keyOf(cid, 0), cid, seq: null, from: "visitor", name: null, kind: "text", body, file: null, at: Date.now(), state: "sending", ...extra };
    this.local.set(cid, m);
    return m;
  }

  pending(cid: string) {
    return this.local.get(cid);
  }

  /** The server stored our frame: it is sent, and has its place in the sequence. */
  ack(f: AckFrame): ChatMessage | undefined {
    const m = this.local.get(f.cid);
    if (!m) return undefined;
    this.adopt(f.conversationId);
    this.local.delete(f.cid);
    m.state = "sent";
    m.seq = f.seq;
    m.at = time(f.at);
    if (!this.bySeq.has(f.seq)) this.bySeq.set(f.seq, m);
    return m;
  }

  /** A stored message; false when it is a duplicate. */
  receive(f: MessageFrame): boolean {
    this.adopt(f.conversationId);
    if (this.live) this.syncedTo = Math.max(this.syncedTo, f.seq);
    const held = this.bySeq.get(f.seq);
    if (held) {
      // Our own message was placed by its ack before the stored copy arrived (the ack and the
      // stream travel separately on the HTTP fallback): take the server's file links and time.
      if (!f.cid || held.cid !== f.cid || (held.file?.url === f.file?.url && held.body === (f.body || ""))) return false;
      held.file = f.file;
      held.body = f.body || "";
      held.at = time(f.at);
      return true;
    }
    const mine = f.cid ? this.local.get(f.cid) : undefined;
    if (mine && f.cid) this.local.delete(f.cid);
    this.bySeq.set(f.seq, {
      key: mine ? mine.key : keyOf(f.cid, f.seq),
      cid: f.cid || null,
      seq: f.seq,
      from: f.from,
      name: f.name,
      kind: f.kind,
      body: f.body || "",
      file: f.file,
      at: time(f.at),
      state: "sent",
    });
    return true;
  }

  /** The replay after `resume` is complete: everything up to lastSeq is here. */
  resumed(lastSeq: number) {
    this.syncedTo = Math.max(this.syncedTo, lastSeq);
    this.live = true;
  }

  /** The channel went down: frames after this may have been missed until the next `resumed`. */
  disconnected() {
    this.live = false;
  }

  fail(cid: string) {
    const m = this.local.get(cid);
    if (m) m.state = "failed";
    return m;
  }

  retry(cid: string) {
    const m = this.local.get(cid);
    if (m) m.state = "sending";
    return m;
  }

  remove(cid: string) {
    this.local.delete(cid);
  }

  /**
   * The `lastSeq` to resume from: what a `resumed` confirmed, or else the highest seq with
   * no gap below it. (Messages the loader buffered before the panel loaded may start in the
   * middle of a conversation; resuming from the highest held seq would skip its history.)
   */
  get lastSeq(): number {
    let n = this.syncedTo;
    while (this.bySeq.has(n + 1)) n++;
    return n;
  }

  get size() {
    return this.bySeq.size + this.local.size;
  }

  /** Stored messages by seq, then the visitor's unsent ones in the order they were written. */
  list(): ChatMessage[] {
    return [...this.bySeq.keys()].sort((a, b) => a - b).map((s) => this.bySeq.get(s)!).concat([...this.local.values()]);
  }
}
