/**
 * <yk-chat-whispers .conversationId=${id}> — whispers in an agent's own chat (A20): what a
 * supervisor whispered, marked "悄悄话 · 访客看不到 / not visible to the visitor", each under the
 * message it followed, and a box to whisper back. Renders nothing until the chat has a whisper
 * (or when the agent may not read them, e.g. after the chat was taken over).
 * Properties: conversationId (number). Calls GET and POST /api/conversations/:id/whispers,
 * listens for `whisper` frames. Fires no events.
 */
import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { mergeWhispers, type Whisper } from "./model.ts";
import { supervisionStyles } from "./styles.ts";
import { sendWhisper } from "./send.ts";
import "./strings.ts";

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

@customElement("yk-chat-whispers")
export class YkChatWhispers extends LitElement {
  static override styles = supervisionStyles;
  @property({ type: Number }) conversationId = 0;
  @state() private whispers: Whisper[] = [];
  @state() private error = "";
  @state() private busy = false;
  private loadedFor = 0;
  private undo: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("whisper", (f) => Number(f.conversationId) === this.conversationId && (this.whispers = mergeWhispers(this.whispers, [f as Whisper]))),
      // After a reconnect, whatever was whispered meanwhile.
      onFrame("connected", () => this.loadedFor && void this.load()),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.undo.splice(0).forEach((u) => u());
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has("conversationId") && this.conversationId !== this.loadedFor) {
      this.whispers = [];
      this.error = "";
      if (this.conversationId) void this.load();
    }
  }

  private async load() {
    const id = (this.loadedFor = this.conversationId);
    try {
      const r = await api<{ whispers: Whisper[] }>("GET", `/api/conversations/${id}/whispers`);
      if (this.conversationId === id) this.whispers = mergeWhispers(this.whispers, r.whispers);
    } catch {
      /* not one of this chat's agents (any more): nothing to show */
    }
  }

  private async reply() {
    this.busy = true;
    try {
      const sent = await sendWhisper(this.conversationId, this.renderRoot.querySelector<HTMLTextAreaElement>("textarea"));
      if (sent) this.whispers = mergeWhispers(this.whispers, [sent]);
      this.error = "";
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.whispers.length) return nothing;
    return html`<section class="whispers" aria-label=${t("sup.whisper.title")}>
      <h3>${t("sup.whisper.title")}</h3>
      <ul>
        ${repeat(this.whispers, (w) => w.id, (w) => html`<li class="whisper" data-whisper=${w.id} data-after-seq=${w.afterSeq}>
          <div class="tag">${t("sup.whisper.notice")} · ${w.senderName} · ${time(w.at)}</div>
          <div class="bubble">${w.body}</div>
        </li>`)}
      </ul>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <textarea class="whisper-input" rows="2" aria-label=${t("sup.whisper.reply")} placeholder=${t("sup.whisper.reply")}
        @keydown=${(e: KeyboardEvent) => e.key === "Enter" && !e.shiftKey && !e.isComposing && (e.preventDefault(), void this.reply())}></textarea>
      <div class="actions"><button type="button" class="primary send-whisper" ?disabled=${this.busy} @click=${() => void this.reply()}>${t("sup.whisper.send")}</button></div>
    </section>`;
  }
}
