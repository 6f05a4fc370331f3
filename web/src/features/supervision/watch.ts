/**
 * <yk-supervision-watch .conversationId=${id} .visitorName=${name}> — watch one chat live (A20).
 * Properties: conversationId (number), visitorName (string, for the heading).
 * Calls POST /api/conversations/:id/monitor (again after every reconnect: the server stops a
 * watch when the last socket closes) and DELETE it when removed or pointed at another chat; shows
 * the transcript read-only with the visitor's typing and draft and the whispers in place; sends
 * whispers (POST …/whispers), takes over (POST …/takeover) and ends (POST …/end).
 * Fires `yk-open-conversation` {conversationId} after a takeover (the shell opens the chat in
 * 对话) and `yk-watch-closed` {conversationId} on "stop watching" (bubbles, composed).
 */
import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import { msgFrom, type Msg } from "../../workspace/model.ts";
import { interleave, mergeWhispers, type Whisper } from "./model.ts";
import { supervisionStyles } from "./styles.ts";
import { sendWhisper } from "./send.ts";
import "./strings.ts";

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const fire = (el: HTMLElement, type: string, detail: object) => el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));

function eventText(body: string): string {
  try {
    const e = JSON.parse(body) as { event: string; name?: string; by?: string; text?: string };
    if (e.event === "ended") return t("sup.watch.ended");
    if (e.event === "agent_joined") return `${e.name ?? ""} ✓`;
    return typeof e.text === "string" ? e.text : e.event;
  } catch {
    return body;
  }
}

@customElement("yk-supervision-watch")
export class YkSupervisionWatch extends LitElement {
  static override styles = supervisionStyles;
  @property({ type: Number }) conversationId = 0;
  @property() visitorName = "";
  @state() private messages: Msg[] = [];
  @state() private whispers: Whisper[] = [];
  @state() private status = "";
  @state() private typing = false;
  @state() private draft = "";
  @state() private error = "";
  @state() private info = "";
  @state() private busy = false;
  private watching = 0;
  private undo: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    const mine = (f: any) => Number(f.conversationId) === this.conversationId;
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("message", (f) => {
        if (!mine(f)) return;
        const m = msgFrom(f);
        if (!this.messages.some((x) => x.seq === m.seq)) this.messages = [...this.messages, m].sort((a, b) => a.seq - b.seq);
        if (m.from === "visitor") {
          this.typing = false;
          this.draft = "";
        }
        if (m.kind === "event" && m.body.includes('"ended"')) this.status = "ended";
      }),
      onFrame("typing", (f) => mine(f) && f.from !== "agent" && (this.typing = Boolean(f.on))),
      onFrame("draft", (f) => mine(f) && (this.draft = String(f.text ?? ""))),
      onFrame("whisper", (f) => mine(f) && (this.whispers = mergeWhispers(this.whispers, [f as Whisper]))),
      onFrame("conversation", (f) => Number(f.id) === this.conversationId && (this.status = String(f.status))),
      // A reconnect: the server forgot the watch with the old socket; ask again and catch up.
      onFrame("connected", () => this.watching && void this.start()),
    );
    if (this.conversationId) void this.start();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.undo.splice(0).forEach((u) => u());
    this.stop();
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has("conversationId") && this.isConnected && this.conversationId !== this.watching) {
      this.stop();
      this.messages = [];
      this.whispers = [];
      this.info = "";
      this.error = "";
      if (this.conversationId) void this.start();
    }
  }

  private async start() {
    const id = this.conversationId;
    this.watching = id;
    try {
      const r = await api<{ conversation: any; messages: any[]; whispers: Whisper[] }>("POST", `/api/conversations/${id}/monitor`);
      if (this.conversationId !== id) return;
      const have = new Map(this.messages.map((m) => [m.seq, m]));
      for (const m of r.messages.map(msgFrom)) have.set(m.seq, m);
      this.messages = [...have.values()].sort((a, b) => a.seq - b.seq);
      this.whispers = mergeWhispers(this.whispers, r.whispers);
      this.status = r.conversation.status;
      this.error = "";
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private stop() {
    const id = this.watching;
    this.watching = 0;
    if (id) void api("DELETE", `/api/conversations/${id}/monitor`).catch(() => {});
  }

  private async postWhisper() {
    this.busy = true;
    try {
      const sent = await sendWhisper(this.conversationId, this.renderRoot.querySelector<HTMLTextAreaElement>("textarea.whisper-input"));
      if (sent) this.whispers = mergeWhispers(this.whispers, [sent]);
      this.error = "";
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async takeover() {
    if (!confirm(t("sup.watch.takeoverConfirm"))) return;
    this.busy = true;
    try {
      await api("POST", `/api/conversations/${this.conversationId}/takeover`);
      // Now the owner: the server ended the watch; the chat continues in the workspace.
      this.watching = 0;
      this.info = t("sup.watch.takenOver");
      fire(this, "yk-open-conversation", { conversationId: this.conversationId });
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async end() {
    if (!confirm(t("sup.watch.endConfirm"))) return;
    this.busy = true;
    try {
      await api("POST", `/api/conversations/${this.conversationId}/end`);
      this.status = "ended";
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private close() {
    this.stop();
    fire(this, "yk-watch-closed", { conversationId: this.conversationId });
  }

  override updated() {
    const list = this.renderRoot.querySelector("ol.transcript");
    if (list) list.scrollTop = list.scrollHeight;
  }

  override render() {
    if (!this.conversationId) return nothing;
    const active = this.status === "active" || this.status === "waiting";
    const items = interleave(this.messages, this.whispers);
    return html`<section class="box watch" aria-label=${t("sup.watch.title", { name: this.visitorName })} data-status=${this.status}>
      <h3>${t("sup.watch.title", { name: this.visitorName })}</h3>
      <p class="banner" role="note">${t("sup.watch.readOnly")}</p>
      ${this.status === "ended" ? html`<p class="ended" role="status">${t("sup.watch.ended")}</p>` : nothing}
      ${this.info ? html`<p class="info" role="status">${this.info}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <ol class="transcript">
        ${repeat(items, (i) => (i.kind === "message" ? `m${i.m.seq}` : `w${i.w.id}`), (i) =>
          i.kind === "whisper"
            ? html`<li class="whisper" data-whisper=${i.w.id}><div class="tag">${t("sup.whisper.notice")} · ${i.w.senderName} · ${time(i.w.at)}</div><div class="bubble">${i.w.body}</div></li>`
            : i.m.kind === "event"
              ? html`<li class="msg event" data-seq=${i.m.seq}>${eventText(i.m.body)}</li>`
              : html`<li class="msg ${i.m.from}" data-seq=${i.m.seq}><div class="meta">${i.m.name || this.visitorName} · ${time(i.m.at)}</div><div class="bubble">${i.m.kind === "file" ? `📎 ${i.m.body}` : i.m.body}</div></li>`,
        )}
      </ol>
      <div class="typing" aria-live="polite">${this.draft ? html`${t("sup.watch.draft")}<span class="draft">${this.draft}</span>` : this.typing ? t("sup.watch.typing") : nothing}</div>
      ${active && !this.info && can("chat.whisper")
        ? html`<label>${t("sup.whisper.label")}<textarea class="whisper-input" rows="2" placeholder=${t("sup.whisper.placeholder")}
            @keydown=${(e: KeyboardEvent) => e.key === "Enter" && !e.shiftKey && !e.isComposing && (e.preventDefault(), void this.postWhisper())}></textarea></label>`
        : nothing}
      <div class="actions">
        ${active && !this.info && can("chat.whisper") ? html`<button type="button" class="primary send-whisper" ?disabled=${this.busy} @click=${() => void this.postWhisper()}>${t("sup.whisper.send")}</button>` : nothing}
        ${this.status === "active" && !this.info && can("chat.takeover") ? html`<button type="button" class="takeover" ?disabled=${this.busy} @click=${() => void this.takeover()}>${t("sup.watch.takeover")}</button>` : nothing}
        ${active && !this.info && can("chat.end_any") ? html`<button type="button" class="danger end" ?disabled=${this.busy} @click=${() => void this.end()}>${t("sup.watch.end")}</button>` : nothing}
        <button type="button" class="stop" @click=${() => this.close()}>${t("sup.watch.stop")}</button>
      </div>
    </section>`;
  }
}
