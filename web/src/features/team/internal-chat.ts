/**
 * <yk-internal-chat> — internal chat between agents (A19): the company channel (全员) and every
 * colleague with a presence dot and an unread badge; a conversation with history (paging back),
 * a composer (Enter sends, Shift+Enter breaks the line), file sending and live updates.
 *
 * Properties: none (reads the signed-in agent from lib/session). Method: openColleague(agentId).
 * Events (bubbles, composed):
 *   yk-internal-unread  {total}                              whenever the unread total changes
 *   yk-internal-message {channelId, senderId, senderName, body} a colleague's message arrived
 * Calls: GET /api/team/presence, GET/POST /api/team/channels, GET/POST
 *   /api/team/channels/:id/messages, POST /api/team/channels/:id/read, POST
 *   /api/team/channels/:id/files; frames internal_message, internal_read, presence, connected.
 * Every text is rendered through lit bindings (escaped); nothing is set as HTML.
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { getMe } from "../../lib/session.ts";
import "./strings.ts";

type Presence = "online" | "busy" | "away" | "invisible" | "offline";
interface Colleague { id: number; username: string; displayName: string; status: Presence }
interface Channel { id: number; kind: "company" | "direct"; peer: { id: number; displayName: string } | null; lastSeq: number; readSeq: number; unread: number }
interface FileInfo { id: string; name: string; isImage: boolean }
interface Msg { key: string; seq: number | null; cid: string; senderId: number; senderName: string; kind: "text" | "file"; body: string; file: FileInfo | null; at: number; state: "sent" | "sending" | "failed" }

const newCid = () => `i${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const timeOf = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

@customElement("yk-internal-chat")
export class YkInternalChat extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: 14rem 1fr; min-height: 20rem; height: 100%; border: 1px solid #d0d7de; font: inherit; }
    nav { border-right: 1px solid #d0d7de; overflow-y: auto; }
    nav h3 { font-size: .8rem; margin: .6rem .6rem .2rem; color: #57606a; }
    nav button { display: flex; align-items: center; gap: .4rem; width: 100%; border: 0; background: none; padding: .4rem .6rem; text-align: left; font: inherit; cursor: pointer; }
    nav button[aria-current="true"] { background: #ddf4ff; }
    .dot { width: .6rem; height: .6rem; border-radius: 50%; background: #8c959f; flex: none; }
    .dot.online { background: #1a7f37; } .dot.busy { background: #cf222e; } .dot.away { background: #bf8700; } .dot.invisible { background: #fff; border: 1px solid #8c959f; }
    .name { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .badge { background: #cf222e; color: #fff; border-radius: 1rem; padding: 0 .4rem; font-size: .75rem; }
    section { display: flex; flex-direction: column; min-width: 0; }
    header { padding: .5rem .8rem; border-bottom: 1px solid #d0d7de; font-weight: 600; }
    ol { list-style: none; margin: 0; padding: .5rem .8rem; flex: 1; overflow-y: auto; }
    li { margin: .3rem 0; }
    li .meta { font-size: .75rem; color: #57606a; }
    li .body { white-space: pre-wrap; overflow-wrap: anywhere; }
    li.mine .body { background: #ddf4ff; }
    li.failed .body { opacity: .6; }
    li img { max-width: 12rem; max-height: 8rem; display: block; }
    .empty { color: #57606a; padding: 1rem; }
    form { display: flex; gap: .4rem; padding: .5rem; border-top: 1px solid #d0d7de; align-items: flex-end; }
    textarea { flex: 1; resize: vertical; min-height: 2.4rem; font: inherit; }
    .error { color: #cf222e; font-size: .8rem; padding: 0 .8rem; }
  `;

  @state() private colleagues: Colleague[] = [];
  @state() private channels: Channel[] = [];
  @state() private current: number | null = null;
  @state() private messages: Msg[] = [];
  @state() private more = false;
  @state() private error = "";
  @query("textarea") private input!: HTMLTextAreaElement;
  @query('input[type="file"]') private fileInput!: HTMLInputElement;
  private off: (() => void)[] = [];
  private lastTotal = -1;

  override connectedCallback() {
    super.connectedCallback();
    this.off.push(
      onFrame("internal_message", (f) => this.onMessage(f)),
      onFrame("internal_read", (f) => this.onRead(f)),
      onFrame("presence", (f) => this.onPresence(f)),
      // After a reconnect: refresh everything and fetch what the open channel missed.
      onFrame("connected", () => void this.refresh(true)),
      onLangChange(() => this.requestUpdate()),
    );
    void this.refresh(false);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const f of this.off.splice(0)) f();
  }

  private get me() {
    return getMe().id;
  }

  private async refresh(catchUp: boolean) {
    try {
      const [p, c] = await Promise.all([api("GET", "/api/team/presence"), api("GET", "/api/team/channels")]);
      this.colleagues = (p.agents as Colleague[]).filter((a) => a.id !== this.me);
      this.channels = c.channels;
      if (catchUp && this.current !== null) await this.fetchAfter(this.current);
      this.announceUnread();
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private announceUnread() {
    const total = this.channels.reduce((n, c) => n + (c.id === this.current && this.visible() ? 0 : c.unread), 0);
    if (total === this.lastTotal) return;
    this.lastTotal = total;
    this.dispatchEvent(new CustomEvent("yk-internal-unread", { detail: { total }, bubbles: true, composed: true }));
  }

  private visible() {
    return document.visibilityState !== "hidden" && this.isConnected;
  }

  private channelOfPeer(agentId: number) {
    return this.channels.find((c) => c.kind === "direct" && c.peer?.id === agentId) ?? null;
  }

  private toMsg(m: any): Msg {
    const file = m.file ? { id: m.file.id, name: m.file.name, isImage: Boolean(m.file.isImage ?? m.file.is_image) } : null;
    const senderId = m.senderId ?? m.sender_id;
    const senderName = m.senderName ?? this.nameOf(senderId);
    return { key: `s${m.seq}`, seq: m.seq, cid: m.cid, senderId, senderName, kind: m.kind, body: m.body, file, at: m.at ?? m.created_at, state: "sent" };
  }

  private nameOf(id: number) {
    if (id === this.me) return getMe().displayName;
    return this.colleagues.find((c) => c.id === id)?.displayName ?? "";
  }

  /** Inserts by seq (dropping duplicates and the pending copy of the same cid). */
  private merge(incoming: Msg[]) {
    const bySeq = new Map<number, Msg>();
    const pending: Msg[] = [];
    for (const m of [...this.messages, ...incoming]) {
      if (m.seq === null) pending.push(m);
      else bySeq.set(m.seq, m);
    }
    const sent = [...bySeq.values()].sort((a, b) => a.seq! - b.seq!);
    const sentCids = new Set(sent.filter((m) => m.senderId === this.me).map((m) => m.cid));
    this.messages = [...sent, ...pending.filter((p) => !sentCids.has(p.cid))];
  }

  private async open(channelId: number) {
    this.current = channelId;
    this.messages = [];
    this.error = "";
    const r = await api("GET", `/api/team/channels/${channelId}/messages?limit=50`);
    if (this.current !== channelId) return;
    this.more = r.messages.length === 50;
    this.merge(r.messages.map((m: any) => this.toMsg(m)));
    await this.markRead();
    await this.updateComplete;
    this.scrollDown();
    this.input?.focus();
  }

  /** Opens the conversation with a colleague (the shell may call this, e.g. from a colleague's name). */
  openColleague(agentId: number) {
    return this.openPeer(agentId);
  }

  private async openPeer(agentId: number) {
    let ch = this.channelOfPeer(agentId);
    if (!ch) {
      try {
        ch = (await api("POST", "/api/team/channels", { agentId })).channel as Channel;
        this.channels = [...this.channels, ch];
      } catch (e) {
        this.error = (e as Error).message;
        return;
      }
    }
    await this.open(ch.id);
  }

  private async fetchAfter(channelId: number) {
    const last = this.messages.filter((m) => m.seq !== null).at(-1)?.seq ?? 0;
    const r = await api("GET", `/api/team/channels/${channelId}/messages?after=${last}&limit=200`);
    if (this.current === channelId) this.merge(r.messages.map((m: any) => this.toMsg(m)));
    await this.markRead();
  }

  private async earlier() {
    const first = this.messages.find((m) => m.seq !== null)?.seq;
    if (!first || this.current === null) return;
    const r = await api("GET", `/api/team/channels/${this.current}/messages?before=${first}&limit=50`);
    this.more = r.messages.length === 50;
    this.merge(r.messages.map((m: any) => this.toMsg(m)));
  }

  private async markRead() {
    const ch = this.channels.find((c) => c.id === this.current);
    if (!ch || !this.visible()) return;
    const last = this.messages.filter((m) => m.seq !== null).at(-1)?.seq ?? ch.lastSeq;
    if (ch.unread === 0 && ch.readSeq >= last) return this.announceUnread();
    try {
      const r = await api("POST", `/api/team/channels/${ch.id}/read`, { seq: last });
      this.patchChannel(ch.id, { readSeq: r.readSeq, unread: r.unread });
    } catch {
      /* the next message or reconnect retries */
    }
  }

  private patchChannel(id: number, patch: Partial<Channel>) {
    this.channels = this.channels.map((c) => (c.id === id ? { ...c, ...patch } : c));
    this.announceUnread();
  }

  private onMessage(f: any) {
    const ch = this.channels.find((c) => c.id === f.channelId);
    // A colleague opened a new direct channel with us: learn it from the server.
    if (!ch) {
      void this.refresh(false);
    } else {
      const mine = f.senderId === this.me;
      this.patchChannel(ch.id, { lastSeq: Math.max(ch.lastSeq, f.seq), unread: mine || (this.current === ch.id && this.visible()) ? ch.unread : ch.unread + 1 });
    }
    if (f.senderId !== this.me) {
      this.dispatchEvent(new CustomEvent("yk-internal-message", { detail: { channelId: f.channelId, senderId: f.senderId, senderName: f.senderName, body: f.body }, bubbles: true, composed: true }));
    }
    if (f.channelId === this.current) {
      const atBottom = this.isAtBottom();
      this.merge([this.toMsg(f)]);
      void this.markRead();
      if (atBottom) void this.updateComplete.then(() => this.scrollDown());
    }
  }

  private onRead(f: any) {
    if (f.agentId !== this.me) return;
    const ch = this.channels.find((c) => c.id === f.channelId);
    if (ch && f.seq > ch.readSeq) void this.refresh(false);
  }

  private onPresence(f: any) {
    // Only colleagues' presence frames carry an agentId.
    if (typeof f.agentId !== "number" || f.agentId === this.me) return;
    const known = this.colleagues.some((c) => c.id === f.agentId);
    if (!known) return void this.refresh(false);
    this.colleagues = this.colleagues.map((c) => (c.id === f.agentId ? { ...c, status: f.status } : c));
  }

  private isAtBottom() {
    const ol = this.renderRoot.querySelector("ol");
    return !ol || ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
  }

  private scrollDown() {
    const ol = this.renderRoot.querySelector("ol");
    if (ol) ol.scrollTop = ol.scrollHeight;
  }

  private async send(text: string, cid = newCid()) {
    const channelId = this.current;
    if (channelId === null || !text.trim()) return;
    const pending: Msg = { key: `c${cid}`, seq: null, cid, senderId: this.me, senderName: getMe().displayName, kind: "text", body: text, file: null, at: Date.now(), state: "sending" };
    this.messages = [...this.messages.filter((m) => m.cid !== cid || m.seq !== null), pending];
    await this.updateComplete;
    this.scrollDown();
    try {
      const r = await api("POST", `/api/team/channels/${channelId}/messages`, { cid, body: text });
      if (this.current === channelId) this.merge([{ ...pending, key: `s${r.seq}`, seq: r.seq, at: r.at, state: "sent" }]);
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : t("team.failed");
      this.messages = this.messages.map((m) => (m.cid === cid && m.seq === null ? { ...m, state: "failed" } : m));
    }
  }

  private onKey(e: KeyboardEvent) {
    if (e.key !== "Enter" || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    this.submit();
  }

  private submit(e?: Event) {
    e?.preventDefault();
    const text = this.input.value;
    if (!text.trim()) return;
    this.input.value = "";
    void this.send(text);
  }

  private async sendFile() {
    const file = this.fileInput.files?.[0];
    if (!file || this.current === null) return;
    const form = new FormData();
    form.set("file", file);
    form.set("cid", newCid());
    this.fileInput.value = "";
    try {
      const r = await api("POST", `/api/team/channels/${this.current}/files`, form);
      const f = r.file;
      this.merge([{ key: `s${r.seq}`, seq: r.seq, cid: r.cid, senderId: this.me, senderName: getMe().displayName, kind: "file", body: f.name, file: { id: f.id, name: f.name, isImage: Boolean(f.is_image) }, at: f.created_at, state: "sent" }]);
      await this.updateComplete;
      this.scrollDown();
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private renderEntry(o: { id: string; label: string; status?: Presence; unread: number; current: boolean; onClick: () => void }) {
    return html`<button type="button" data-entry=${o.id} aria-current=${o.current ? "true" : "false"} @click=${o.onClick}>
      ${o.status ? html`<span class="dot ${o.status}" title=${t(`team.status.${o.status}`)} aria-label=${t(`team.status.${o.status}`)}></span>` : nothing}
      <span class="name">${o.label}</span>
      ${o.unread ? html`<span class="badge" aria-label=${t("team.unread", { n: o.unread })}>${o.unread}</span>` : nothing}
    </button>`;
  }

  private renderMessage(m: Msg) {
    const cls = `${m.senderId === this.me ? "mine" : "theirs"} ${m.state}`;
    const content = m.file
      ? html`<a href="/api/team/files/${m.file.id}" download=${m.file.name}>${m.file.isImage ? html`<img src="/api/team/files/${m.file.id}/thumb" alt=${m.file.name}>` : m.file.name}</a>`
      : m.body;
    return html`<li class=${cls} data-seq=${m.seq ?? ""}>
      <div class="meta">${m.senderName} · ${timeOf(m.at)}${m.state === "sending" ? ` · ${t("team.sending")}` : ""}${m.state === "failed" ? html` · ${t("team.failed")} <button type="button" @click=${() => this.send(m.body, m.cid)}>${t("team.retry")}</button>` : nothing}</div>
      <div class="body">${content}</div>
    </li>`;
  }

  override render() {
    const company = this.channels.find((c) => c.kind === "company");
    const current = this.channels.find((c) => c.id === this.current) ?? null;
    const title = current ? (current.kind === "company" ? t("team.company") : current.peer?.displayName ?? "") : "";
    return html`<nav aria-label=${t("team.title")}>
        ${company ? this.renderEntry({ id: "company", label: t("team.company"), unread: company.unread, current: this.current === company.id, onClick: () => this.open(company.id) }) : nothing}
        <h3>${t("team.colleagues")}</h3>
        ${this.colleagues.map((c) => {
          const ch = this.channelOfPeer(c.id);
          return this.renderEntry({ id: `agent-${c.id}`, label: c.displayName, status: c.status, unread: ch?.unread ?? 0, current: Boolean(ch && ch.id === this.current), onClick: () => this.openPeer(c.id) });
        })}
      </nav>
      <section>
        ${current
          ? html`<header>${title}</header>
              <ol aria-live="polite">
                ${this.more ? html`<li><button type="button" class="earlier" @click=${this.earlier}>${t("team.earlier")}</button></li>` : nothing}
                ${this.messages.length ? this.messages.map((m) => this.renderMessage(m)) : html`<li class="empty">${t("team.empty")}</li>`}
              </ol>
              ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
              <form @submit=${this.submit}>
                <textarea rows="2" aria-label=${t("team.placeholder")} placeholder=${t("team.placeholder")} @keydown=${this.onKey}></textarea>
                <input type="file" hidden @change=${this.sendFile}>
                <button type="button" class="file" @click=${() => this.fileInput.click()}>${t("team.file")}</button>
                <button type="submit">${t("team.send")}</button>
              </form>`
          : html`<p class="empty">${t("team.pick")}</p>`}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-internal-chat": YkInternalChat;
  }
}
