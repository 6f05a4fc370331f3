/**
 * <yk-visitor-actions .visitorId .siteId> — invite a browsing visitor (V8, optional text) or
 * start a proactive chat with a first message (V9), each with its outcome shown.
 * Fires: `yk-open-conversation` {conversationId} (bubbles, composed) when a proactive chat
 *   started or an invitation was accepted, so the shell opens the chat tab.
 * Calls: POST /api/visitors/:id/invitations, POST /api/visitors/:id/proactive; listens for
 *   `invitation` frames on the agent channel. Needs chat.invite (otherwise says so).
 */
import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import { newCid, outreachStyles } from "./shared.ts";
import "./strings.ts";

let seq = 0;

@customElement("yk-visitor-actions")
export class YkVisitorActions extends LitElement {
  static override styles = outreachStyles;

  @property({ type: Number }) visitorId = 0;
  @property({ type: Number }) siteId = 0;

  @state() private inviteText = "";
  @state() private firstMessage = "";
  @state() private busy = false;
  @state() private inviteOutcome = "";
  @state() private inviteError = "";
  @state() private proactiveOutcome = "";
  @state() private proactiveError = "";

  private invitationId: number | null = null;
  private cid = "";
  private cidFor = "";
  private readonly ids = `yk-va${++seq}`;
  private off: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    this.off.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("invitation", (f: { invitationId: number; status: string; conversationId: number | null }) => {
        if (f.invitationId !== this.invitationId) return;
        this.inviteOutcome = t(`outreach.status.${f.status}`);
        if (f.status === "accepted" && f.conversationId) this.open(f.conversationId);
      }),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.off.splice(0).forEach((fn) => fn());
  }

  private open(conversationId: number) {
    this.dispatchEvent(new CustomEvent("yk-open-conversation", { detail: { conversationId }, bubbles: true, composed: true }));
  }

  private async invite(e: Event) {
    e.preventDefault();
    this.busy = true;
    this.inviteError = this.inviteOutcome = "";
    try {
      const r = await api<{ invitation: { id: number } }>("POST", `/api/visitors/${this.visitorId}/invitations`, { text: this.inviteText.trim() });
      this.invitationId = r.invitation.id;
      this.inviteOutcome = t("outreach.inviteSent");
      this.inviteText = "";
    } catch (err) {
      this.inviteError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private async proactive(e: Event) {
    e.preventDefault();
    const body = this.firstMessage.trim();
    if (!body) {
      this.proactiveError = t("outreach.firstMessage");
      this.renderRoot.querySelector<HTMLTextAreaElement>("textarea")?.focus();
      return;
    }
    if (this.cidFor !== body) {
      this.cid = newCid();
      this.cidFor = body;
    }
    this.busy = true;
    this.proactiveError = this.proactiveOutcome = "";
    try {
      const r = await api<{ conversation: { id: number } }>("POST", `/api/visitors/${this.visitorId}/proactive`, { cid: this.cid, body });
      this.proactiveOutcome = t("outreach.proactiveStarted");
      this.firstMessage = "";
      this.cidFor = "";
      this.open(r.conversation.id);
    } catch (err) {
      this.proactiveError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const id = this.ids;
    if (!can("chat.invite")) return html`<p class="err">${t("outreach.noPermission")}</p>`;
    return html`
      <section aria-labelledby="${id}-h">
        <h3 id="${id}-h">${t("outreach.title")}</h3>
        <form @submit=${this.invite} data-part="invite">
          <div class="grow">
            <label for="${id}-text">${t("outreach.inviteText")}</label>
            <input id="${id}-text" name="text" maxlength="500" .value=${this.inviteText} @input=${(e: Event) => (this.inviteText = (e.target as HTMLInputElement).value)}
              aria-describedby="${id}-io" aria-invalid=${this.inviteError ? "true" : "false"} />
          </div>
          <button type="submit" ?disabled=${this.busy}>${t("outreach.invite")}</button>
        </form>
        <p id="${id}-io" class=${this.inviteError ? "err" : "ok"} role="status" aria-live="polite">${this.inviteError || this.inviteOutcome}</p>
        <form @submit=${this.proactive} data-part="proactive">
          <div class="grow">
            <label for="${id}-first">${t("outreach.firstMessage")}</label>
            <textarea id="${id}-first" name="body" rows="2" maxlength="5000" required .value=${this.firstMessage}
              @input=${(e: Event) => (this.firstMessage = (e.target as HTMLTextAreaElement).value)} aria-describedby="${id}-po"
              aria-invalid=${this.proactiveError ? "true" : "false"}></textarea>
          </div>
          <button type="submit" ?disabled=${this.busy}>${t("outreach.proactive")}</button>
        </form>
        <p id="${id}-po" class=${this.proactiveError ? "err" : "ok"} role="status" aria-live="polite">${this.proactiveError || this.proactiveOutcome || nothing}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-visitor-actions": YkVisitorActions;
  }
}
