/**
 * <yk-signout-guard> — the sign-out reminder (A12). The shell mounts it when the agent clicks
 * sign-out (or calls `check()` on a mounted one): it asks the server for ended chats the agent
 * has not evaluated; with none it confirms at once, otherwise it lists them in a modal dialog
 * and asks.
 * Fires: `yk-signout-confirmed` (sign out now), `yk-signout-cancelled` (stay), and
 * `yk-open-conversation` {conversationId} when the agent picks a chat to evaluate (then cancelled).
 * Calls: GET /api/me/unevaluated.
 */
import { html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { CareElement } from "./base.ts";
import { when } from "./strings.ts";

interface Unevaluated {
  id: number;
  visitorId: number;
  visitorName: string;
  endedAt: number;
}

@customElement("yk-signout-guard")
export class YkSignoutGuard extends CareElement {
  /** Check as soon as the element is mounted (the shell mounts it on sign-out); false: wait for check(). */
  @property({ type: Boolean }) auto = true;
  @state() private list: Unevaluated[] | null = null;
  @state() private checking = false;
  @query("dialog") private dialog!: HTMLDialogElement;

  override connectedCallback() {
    super.connectedCallback();
    if (this.auto) void this.check();
  }

  /** Looks for unevaluated chats; confirms at once when there are none (or the check fails). */
  async check() {
    this.checking = true;
    let list: Unevaluated[] = [];
    try {
      list = (await api<{ conversations: Unevaluated[] }>("GET", "/api/me/unevaluated")).conversations;
    } catch {
      // A reminder must never keep anyone from signing out.
      list = [];
    }
    this.checking = false;
    if (!list.length) {
      this.fire("yk-signout-confirmed");
      return;
    }
    this.list = list;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private done(name: "yk-signout-confirmed" | "yk-signout-cancelled") {
    this.dialog?.close();
    this.list = null;
    this.fire(name);
  }

  private openChat(id: number) {
    this.fire("yk-open-conversation", { conversationId: id });
    this.done("yk-signout-cancelled");
  }

  override render() {
    return html`${this.checking ? html`<p class="muted signout-checking" role="status">${t("signout.checking")}</p>` : nothing}
      <dialog class="signout-guard" aria-labelledby="signout-title" @cancel=${(e: Event) => (e.preventDefault(), this.done("yk-signout-cancelled"))}>
        <h2 id="signout-title">${t("signout.title")}</h2>
        ${this.list
          ? html`<p>${t("signout.intro", { n: this.list.length })}</p>
            <ul class="unevaluated">
              ${this.list.map((c) => html`<li><button type="button" class="link" @click=${() => this.openChat(c.id)}>${c.visitorName || t("panel.unnamed")} · #${c.id}</button> <time>${when(c.endedAt)}</time></li>`)}
            </ul>`
          : nothing}
        <div class="actions">
          <button type="button" class="btn primary back" @click=${() => this.done("yk-signout-cancelled")}>${t("signout.back")}</button>
          <button type="button" class="btn danger confirm" @click=${() => this.done("yk-signout-confirmed")}>${t("signout.confirm")}</button>
        </div>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-signout-guard": YkSignoutGuard;
  }
}
