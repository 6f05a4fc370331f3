/**
 * <yk-transfer-dialog .conversationId=${id}> — transfer a chat (A8).
 * Properties: conversationId (number).
 * Shows the online agents (with their chat counts) and groups (with online members) from
 * GET /api/transfer-targets, refreshed while open; sends POST /api/conversations/:id/transfers
 * with a note; then shows the pending countdown and the outcome from the `transfer_ended` frame.
 * Fires `yk-transfer-sent` {conversationId, transferId} once the request is made, so the shell keeps
 * the dialog (and its outcome) on screen even when the chat stops being the agent's; and
 * `yk-done` {conversationId, outcome: "accepted"|"declined"|"expired"|"withdrawn"|"cancelled"}
 * when the agent closes it (bubbles, composed).
 */
import { LitElement, html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { fire, offsetFrom, secondsLeft } from "./clock.ts";
import { collabStyles } from "./styles.ts";
import "./strings.ts";

interface Targets {
  agents: { id: number; name: string; status: string; chats: number; maxChats: number }[];
  groups: { id: number; name: string; online: number }[];
}

@customElement("yk-transfer-dialog")
export class YkTransferDialog extends LitElement {
  static override styles = collabStyles;
  @property({ type: Number }) conversationId = 0;
  @state() private targets: Targets = { agents: [], groups: [] };
  @state() private mode: "agent" | "group" = "agent";
  @state() private picked: number | null = null;
  @state() private note = "";
  @state() private error = "";
  @state() private pending: { id: number; deadline: number; offset: number } | null = null;
  @state() private outcome: { status: string; name: string } | null = null;
  @state() private sending = false;
  private undo: (() => void)[] = [];
  private tick: ReturnType<typeof setInterval> | null = null;
  private refreshing = false;

  override connectedCallback() {
    super.connectedCallback();
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("transfer_ended", (f) => this.ended(f)),
      // Chat counts move with every accept and end: keep the list current while choosing.
      onFrame("conversation", () => void this.load()),
    );
    // The countdown moves every second; the list is asked for again every five.
    let n = 0;
    this.tick = setInterval(() => (this.pending ? this.requestUpdate() : ++n % 5 === 0 && void this.load()), 1000);
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.undo.splice(0).forEach((u) => u());
    if (this.tick) clearInterval(this.tick);
  }

  private async load() {
    if (this.pending || this.outcome || this.refreshing) return;
    this.refreshing = true;
    try {
      this.targets = await api<Targets>("GET", "/api/transfer-targets");
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.refreshing = false;
    }
  }

  /** Outcomes that arrived over the socket before the POST answered (a very quick colleague). */
  private early = new Map<number, { id: number; outcome: string; by?: { name: string } | null }>();

  private ended(f: { id: number; outcome: string; by?: { name: string } | null }) {
    if (!this.pending) return void this.early.set(f.id, f);
    if (f.id !== this.pending.id) return;
    this.pending = null;
    this.outcome = { status: f.outcome, name: f.by?.name ?? "" };
  }

  private async send() {
    if (this.picked === null) {
      this.error = t("collab.transfer.pick");
      return;
    }
    this.error = "";
    this.sending = true;
    try {
      const body = this.mode === "agent" ? { toAgentId: this.picked, note: this.note } : { toGroupId: this.picked, note: this.note };
      const r = await api<{ transfer: { id: number; deadline: number }; serverTime: number }>("POST", `/api/conversations/${this.conversationId}/transfers`, body);
      this.pending = { id: r.transfer.id, deadline: r.transfer.deadline, offset: offsetFrom(r.serverTime) };
      fire(this, "yk-transfer-sent", { conversationId: this.conversationId, transferId: r.transfer.id });
      const early = this.early.get(r.transfer.id);
      if (early) this.ended(early);
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : String(e);
    } finally {
      this.sending = false;
    }
  }

  private close() {
    fire(this, "yk-done", { conversationId: this.conversationId, outcome: this.outcome?.status ?? "cancelled" });
  }

  private outcomeText() {
    const o = this.outcome!;
    return t(`collab.transfer.${o.status}`, { name: o.name });
  }

  override render() {
    if (this.outcome) {
      return html`<section class="box" role="dialog" aria-label=${t("collab.transfer.title")}>
        <h2>${t("collab.transfer.title")}</h2>
        <p class="status" role="status" data-outcome=${this.outcome.status}>${this.outcomeText()}</p>
        <div class="actions"><button type="button" @click=${this.close}>${t("collab.transfer.close")}</button></div>
      </section>`;
    }
    if (this.pending) {
      return html`<section class="box" role="dialog" aria-label=${t("collab.transfer.title")}>
        <h2>${t("collab.transfer.title")}</h2>
        <p class="status" role="status" data-pending>${t("collab.transfer.pending", { s: secondsLeft(this.pending.deadline, this.pending.offset) })}</p>
      </section>`;
    }
    const list = this.mode === "agent"
      ? this.targets.agents.map((a) => html`<li><label><input type="radio" name="target" .checked=${this.picked === a.id} @change=${() => (this.picked = a.id)} value=${a.id}> <span class="name">${a.name}</span><span class="count">${t("collab.transfer.chats", { n: a.chats, max: a.maxChats })}</span></label></li>`)
      : this.targets.groups.map((g) => html`<li><label><input type="radio" name="target" .checked=${this.picked === g.id} ?disabled=${g.online === 0} @change=${() => (this.picked = g.id)} value=${g.id}> <span class="name">${g.name}</span><span class="count">${t("collab.transfer.online", { n: g.online })}</span></label></li>`);
    const empty = this.mode === "agent" ? t("collab.transfer.none") : t("collab.transfer.noGroups");
    return html`<section class="box" role="dialog" aria-label=${t("collab.transfer.title")}>
      <h2>${t("collab.transfer.title")}</h2>
      <div class="tabs" role="group">
        <button type="button" aria-pressed=${this.mode === "agent"} @click=${() => ((this.mode = "agent"), (this.picked = null))}>${t("collab.transfer.toAgent")}</button>
        <button type="button" aria-pressed=${this.mode === "group"} @click=${() => ((this.mode = "group"), (this.picked = null))}>${t("collab.transfer.toGroup")}</button>
      </div>
      ${list.length ? html`<ul>${list}</ul>` : html`<p class="muted">${empty}</p>`}
      <label>${t("collab.transfer.note")}<textarea rows="2" maxlength="500" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ""}
      <div class="actions">
        <button type="button" @click=${this.close}>${t("collab.transfer.cancel")}</button>
        <button type="button" class="primary" ?disabled=${this.sending} @click=${this.send}>${t("collab.transfer.send")}</button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-transfer-dialog": YkTransferDialog;
  }
}
