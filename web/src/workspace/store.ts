import { api, ApiError } from "../lib/api.ts";
import { onFrame, sendFrame } from "../lib/channel.ts";
import { getMe } from "../lib/session.ts";
import { t } from "../lib/i18n.ts";
import { Emitter } from "../shell/base.ts";
import { notify } from "../shell/notify.ts";
import { getPrefs } from "../shell/prefs.ts";
import { chatFrom, heldSeq, mergeMessages, msgFrom, newCid, nextChatId, type Chat, type Waiting } from "./model.ts";
import { uploadFile } from "./upload.ts";

/**
 * The workspace's state and the actions on it (A5–A7): the waiting list, my open chats (tabs),
 * the current chat, unread counts. Fed by the agent channel and the HTTP API; every message is
 * merged by seq, so the socket, the send response and a resume fetch never double one.
 */
export class WorkspaceStore {
  readonly changed = new Emitter();
  chats = new Map<number, Chat>();
  order: number[] = [];
  waiting = new Map<number, Waiting>();
  current: number | null = null;
  visible = true;
  visitorNames = new Map<number, string>();
  notice = "";
  /** Chats I take part in as a guest (A9): not mine, yet mine to write in. */
  private guestIn = new Set<number>();

  private emit = () => this.changed.emit();
  private me = () => getMe().id;

  constructor() {
    onFrame("message", (f) => this.onMessage(f));
    onFrame("conversation", (f) => this.onConversation(f));
    onFrame("typing", (f) => this.withChat(f.conversationId, (c) => (c.typing = Boolean(f.on))));
    onFrame("draft", (f) => this.withChat(f.conversationId, (c) => (c.draft = String(f.text ?? ""))));
    onFrame("queue", (f) => {
      if (!Array.isArray(f.waiting)) return;
      // A site's queue as it is now: whatever of that site is not in it was taken or ended.
      const ids = new Set(f.waiting.map((w: any) => Number(w.id)));
      for (const w of [...this.waiting.values()]) if (w.siteId === f.siteId && !ids.has(w.id)) this.waiting.delete(w.id);
      for (const w of f.waiting) this.addWaiting(w);
      this.emit();
    });
    // Automatic assignment (docs/routing.md): the offered chat is in my list, marked, until it ends.
    onFrame("offer", (f) => {
      const c = f.conversation ?? {};
      if (f.visitor?.name) this.visitorNames.set(c.visitorId, f.visitor.name);
      this.addWaiting({ ...c, lastMessage: f.lastMessage });
      const w = this.waiting.get(Number(f.conversationId));
      if (w) w.offeredToMe = true;
      notify("chatRequest", t("notify.chatRequest"), this.visitorName(c.visitorId));
      this.emit();
    });
    onFrame("offer_ended", (f) => this.withWaiting(f.conversationId, (w) => (w.offeredToMe = false)));
    onFrame("participants", (f) => {
      const id = Number(f.conversationId);
      const guest = Array.isArray(f.participants) && f.participants.some((p: any) => p.agentId === this.me() && p.role === "guest");
      if (guest) this.guestIn.add(id);
      else this.guestIn.delete(id);
      // Joined: I may write; left (or removed): read only from now on.
      this.withChat(id, (c) => (c.readOnly = !this.mayWrite(c)));
    });
    onFrame("visitor", (f) => {
      const v = f.visitor;
      if (v?.id && v.name && this.visitorNames.get(v.id) !== v.name) {
        this.visitorNames.set(v.id, v.name);
        this.emit();
      }
    });
  }

  visitorName(visitorId: number) {
    return this.visitorNames.get(visitorId) || t("ws.visitor", { id: visitorId });
  }
  get unreadTotal() {
    let n = 0;
    for (const c of this.chats.values()) n += c.unread;
    return n;
  }
  /** Am I in this chat as a guest (three-way chat), not as its agent? */
  isGuest(id: number) {
    return this.guestIn.has(id);
  }
  /** Its agent and its guests may write in a chat; everyone else only reads. */
  private mayWrite(c: Chat) {
    return c.agentId === this.me() || this.guestIn.has(c.id);
  }
  get currentChat() {
    return this.current === null ? null : (this.chats.get(this.current) ?? null);
  }

  private withChat(id: number, fn: (c: Chat) => void) {
    const c = this.chats.get(Number(id));
    if (!c) return;
    fn(c);
    this.emit();
  }

  private withWaiting(id: number, fn: (w: Waiting) => void) {
    const w = this.waiting.get(Number(id));
    if (!w) return;
    fn(w);
    this.emit();
  }

  private addWaiting(w: any) {
    const id = Number(w.id);
    if (!this.waiting.has(id)) {
      this.waiting.set(id, { id, visitorId: w.visitor_id ?? w.visitorId, siteId: w.site_id ?? w.siteId, createdAt: w.created_at ?? w.createdAt ?? Date.now(), lastMessage: w.lastMessage ?? "", groupName: w.groupName ?? "", offeredToMe: w.offeredTo === this.me() });
      return true;
    }
    return false;
  }

  private onMessage(f: any) {
    const m = msgFrom(f);
    const w = this.waiting.get(m.conversationId);
    if (w && m.from === "visitor") w.lastMessage = m.kind === "file" ? `[${t("ws.file")}] ${m.body}` : m.body;
    const c = this.chats.get(m.conversationId);
    if (c) {
      const added = mergeMessages(c, [m]);
      if (added.length && m.from === "visitor") {
        c.typing = false;
        c.draft = "";
        // Seen only when it is the chat on screen in a focused window; otherwise it waits as unread.
        if (this.current !== c.id || !this.visible || document.hidden || !document.hasFocus()) {
          c.unread++;
          notify("message", t("notify.message", { name: this.visitorName(c.visitorId) }), m.body);
        }
      }
    }
    this.emit();
  }

  private onConversation(f: any) {
    const id = Number(f.id);
    if (f.status === "waiting") {
      if (this.addWaiting(f)) notify("chatRequest", t("notify.chatRequest"), this.visitorName(f.visitorId));
    } else this.waiting.delete(id);
    const c = this.chats.get(id);
    if (c) {
      c.status = f.status;
      c.agentId = f.agentId ?? c.agentId;
      // Both ways: handed away from me (read only), or handed to me (writable again).
      c.readOnly = !this.mayWrite(c);
    } else if (f.status === "active" && f.agentId === this.me()) {
      // Accepted in another tab, or handed to me: it becomes one of my chats.
      void this.open(id, false);
    }
    this.emit();
  }

  async loadWaiting() {
    const r = await api<{ conversations: any[] }>("GET", "/api/conversations?status=waiting");
    const ids = new Set(r.conversations.map((c) => c.id));
    for (const id of [...this.waiting.keys()]) if (!ids.has(id)) this.waiting.delete(id);
    for (const c of r.conversations) this.addWaiting(c);
    this.emit();
  }

  async loadMine() {
    const r = await api<{ conversations: any[] }>("GET", "/api/conversations?status=active&mine=1");
    for (const row of r.conversations) if (!this.chats.has(row.id)) this.addChat(chatFrom(row));
    await Promise.all([...this.chats.values()].map((c) => this.fetchMessages(c)));
    if (this.current === null && this.order.length) this.focus(this.order[0]);
    this.emit();
  }

  private addChat(c: Chat) {
    c.readOnly = !this.mayWrite(c);
    this.chats.set(c.id, c);
    if (!this.order.includes(c.id)) this.order.push(c.id);
  }

  /** Everything after what is held, merged by seq (initial load and resume alike). */
  async fetchMessages(c: Chat) {
    for (;;) {
      const r = await api<{ conversation: any; messages: any[] }>("GET", `/api/conversations/${c.id}/messages?after=${heldSeq(c)}`);
      c.status = r.conversation.status;
      c.agentId = r.conversation.agent_id;
      c.readOnly = !this.mayWrite(c);
      const added = mergeMessages(c, r.messages.map(msgFrom));
      c.loaded = true;
      if (r.messages.length < 500 || !added.length) break;
    }
    this.emit();
  }

  /** Opens (and focuses) a conversation by id, fetching it when it is not one of my tabs yet. */
  async open(id: number, focus = true) {
    let c = this.chats.get(id);
    if (!c) {
      const r = await api<{ conversation: any; messages: any[] }>("GET", `/api/conversations/${id}/messages?after=0`);
      if (r.conversation.agent_id !== this.me() && r.conversation.status === "active") await this.loadParticipation(id);
      if (this.chats.has(id)) c = this.chats.get(id)!;
      else {
        c = chatFrom(r.conversation);
        this.addChat(c);
        mergeMessages(c, r.messages.map(msgFrom));
        c.loaded = true;
      }
    }
    if (focus || this.current === null) this.focus(id);
    this.emit();
  }

  /** Whether I am a guest in a chat that is not mine (the `participants` frame may not be here yet). */
  private async loadParticipation(id: number) {
    try {
      const p = await api<{ participants: { agentId: number; role: string }[] }>("GET", `/api/conversations/${id}/participants`);
      if (p.participants.some((x) => x.agentId === this.me() && x.role === "guest")) this.guestIn.add(id);
    } catch {
      /* not allowed to see who takes part: then not one of them either */
    }
  }

  focus(id: number | null) {
    this.current = id;
    const c = id === null ? null : this.chats.get(id);
    if (c && this.visible && !document.hidden && document.hasFocus()) c.unread = 0;
    this.emit();
  }

  /** The current chat was seen (tab shown, window focused). */
  seen() {
    const c = this.currentChat;
    if (c && c.unread && this.visible && !document.hidden && document.hasFocus()) {
      c.unread = 0;
      this.emit();
    }
  }

  next() {
    const id = nextChatId(this.order, this.chats, this.current);
    if (id !== null) this.focus(id);
  }

  close(id: number) {
    this.chats.delete(id);
    const i = this.order.indexOf(id);
    this.order = this.order.filter((x) => x !== id);
    if (this.current === id) this.current = this.order[Math.min(i, this.order.length - 1)] ?? null;
    this.emit();
  }

  async accept(id: number) {
    try {
      await api("POST", `/api/conversations/${id}/accept`);
      this.waiting.delete(id);
      await this.open(id);
    } catch (e) {
      this.waiting.delete(id);
      this.flash(e instanceof ApiError && e.status === 409 ? t("ws.taken") : (e as Error).message);
      this.emit();
    }
  }

  flash(text: string) {
    this.notice = text;
    this.emit();
    setTimeout(() => {
      if (this.notice === text) {
        this.notice = "";
        this.emit();
      }
    }, 6000);
  }

  /** Sends text; a retry passes the same cid, so the server stores it at most once. */
  async send(chatId: number, body: string, cid = newCid()) {
    const c = this.chats.get(chatId);
    if (!c) return;
    let p = c.pending.find((x) => x.cid === cid);
    if (!p) c.pending.push((p = { cid, kind: "text", body, state: "sending" }));
    p.state = "sending";
    this.emit();
    sendFrame({ type: "typing", conversationId: chatId, on: false });
    try {
      const r = await api<{ seq: number; id: number; at: number }>("POST", `/api/conversations/${chatId}/messages`, { cid, body });
      mergeMessages(c, [{ conversationId: chatId, seq: r.seq, id: r.id, cid, from: "agent", name: getMe().displayName, kind: "text", body, file: null, at: r.at }]);
    } catch (e) {
      this.failed(c, cid, e);
    }
    this.emit();
  }

  retry(chatId: number, cid: string) {
    const c = this.chats.get(chatId);
    const p = c?.pending.find((x) => x.cid === cid);
    if (!c || !p) return;
    if (p.kind === "text") void this.send(chatId, p.body, cid);
    else if (p.blob) void this.sendFile(chatId, p.blob, p.body, cid);
  }

  discard(chatId: number, cid: string) {
    this.withChat(chatId, (c) => (c.pending = c.pending.filter((p) => p.cid !== cid)));
  }

  private failed(c: Chat, cid: string, e: unknown) {
    const p = c.pending.find((x) => x.cid === cid);
    if (e instanceof ApiError && e.status === 403) c.readOnly = true;
    if (e instanceof ApiError && e.code === "ended") c.status = "ended";
    if (p) {
      p.state = "failed";
      p.error = (e as Error).message;
      p.abort = undefined;
    }
  }

  /** Uploads a file (progress, cancel) and sends it as a message of mine. */
  async sendFile(chatId: number, blob: Blob, name: string, cid = newCid()) {
    const c = this.chats.get(chatId);
    if (!c) return;
    let p = c.pending.find((x) => x.cid === cid);
    if (!p) c.pending.push((p = { cid, kind: "file", body: name, state: "sending", blob }));
    p.state = "sending";
    p.progress = 0;
    const upload = uploadFile(`/api/conversations/${chatId}/files`, blob, name, cid, (frac) => {
      p!.progress = frac;
      this.emit();
    });
    p.abort = () => {
      upload.abort();
      this.discard(chatId, cid);
    };
    this.emit();
    try {
      const r = await upload.done;
      mergeMessages(c, [{ conversationId: chatId, seq: r.seq, id: r.id, cid, from: "agent", name: getMe().displayName, kind: "file", body: r.file.name, file: { id: r.file.id, name: r.file.name, size: r.file.size, mime: r.file.mime, isImage: r.file.isImage ?? r.file.is_image === 1, url: `/files/${r.file.id}`, thumbUrl: (r.file.isImage ?? r.file.is_image === 1) ? `/files/${r.file.id}/thumb` : null }, at: Date.now() }]);
    } catch (e) {
      if ((e as Error).name !== "AbortError") this.failed(c, cid, e);
    }
    this.emit();
  }

  async end(chatId: number) {
    try {
      await api("POST", `/api/conversations/${chatId}/end`);
    } catch (e) {
      this.flash((e as Error).message);
    }
  }

  /** After a reconnect: what every open chat missed, and the queue as it is now. */
  async resume() {
    await Promise.all([this.loadWaiting(), ...[...this.chats.values()].map((c) => this.fetchMessages(c))]);
    await this.loadMine();
  }

  /** Switch after send (preference): on to the next chat waiting for me. */
  afterSend() {
    if (getPrefs().switchAfterSend) this.next();
  }
}

export const workspace = new WorkspaceStore();
