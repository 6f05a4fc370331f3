/**
 * <yk-invite-colleague .conversationId=${id}> — three-way chat (A9).
 * Properties: conversationId (number).
 * For the owner: pick an online colleague (GET /api/transfer-targets) and invite them
 * (POST /api/conversations/:id/guests); the answer arrives as `guest_invitation_ended`.
 * For a guest: a "leave chat" button (POST /api/conversations/:id/leave).
 * Reads who takes part from GET /api/conversations/:id/participants and `participants` frames.
 * Fires `yk-left` {conversationId} after leaving (bubbles, composed), so the shell can make the
 * chat read-only or close it.
 */
import { LitElement, html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { getMe } from "../../lib/session.ts";
import { fire } from "./clock.ts";
import { collabStyles } from "./styles.ts";
import "./strings.ts";

interface Participants {
  conversationId: number;
  ownerId: number | null;
  participants: { agentId: number; name: string; role: "owner" | "guest" }[];
}

@customElement("yk-invite-colleague")
export class YkInviteColleague extends LitElement {
  static override styles = collabStyles;
  @property({ type: Number }) conversationId = 0;
  @state() private people: Participants | null = null;
  @state() private colleagues: { id: number; name: string }[] = [];
  @state() private picked: number | null = null;
  @state() private status = "";
  @state() private error = "";
  private pendingId: number | null = null;
  private undo: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("participants", (f: Participants) => {
        if (f.conversationId === this.conversationId) this.people = f;
      }),
      onFrame("guest_invitation_ended", (f) => {
        if (f.id !== this.pendingId) return;
        this.pendingId = null;
        this.status = t(`collab.invite.${f.outcome}`, { name: f.agent?.name ?? "" });
      }),
    );
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.undo.splice(0).forEach((u) => u());
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has("conversationId") && changed.get("conversationId") !== undefined) void this.load();
  }

  private async load() {
    if (!this.conversationId) return;
    try {
      this.people = await api<Participants>("GET", `/api/conversations/${this.conversationId}/participants`);
      if (this.people.ownerId === getMe().id) this.colleagues = (await api<{ agents: { id: number; name: string }[] }>("GET", "/api/transfer-targets")).agents;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private async invite() {
    if (this.picked === null) return;
    this.error = "";
    try {
      const r = await api<{ invitation: { id: number } }>("POST", `/api/conversations/${this.conversationId}/guests`, { agentId: this.picked });
      this.pendingId = r.invitation.id;
      this.status = t("collab.invite.pending");
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : String(e);
    }
  }

  private async leave() {
    this.error = "";
    try {
      await api("POST", `/api/conversations/${this.conversationId}/leave`);
      fire(this, "yk-left", { conversationId: this.conversationId });
      await this.load();
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : String(e);
    }
  }

  override render() {
    const me = getMe().id;
    const p = this.people;
    if (!p) return html``;
    const mine = p.participants.find((x) => x.agentId === me);
    if (mine?.role === "guest") {
      return html`<div class="box"><p class="muted">${t("collab.invite.guestNote")}</p>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ""}
        <div class="actions"><button type="button" @click=${this.leave}>${t("collab.invite.leave")}</button></div></div>`;
    }
    if (p.ownerId !== me) return html``;
    const inChat = new Set(p.participants.map((x) => x.agentId));
    const options = this.colleagues.filter((c) => !inChat.has(c.id));
    return html`<div class="box">
      <h2>${t("collab.invite.title")}</h2>
      ${options.length
        ? html`<ul>${options.map((c) => html`<li><label><input type="radio" name="colleague" value=${c.id} .checked=${this.picked === c.id} @change=${() => (this.picked = c.id)}> ${c.name}</label></li>`)}</ul>`
        : html`<p class="muted">${t("collab.invite.none")}</p>`}
      ${this.status ? html`<p class="status" role="status">${this.status}</p>` : ""}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ""}
      <div class="actions"><button type="button" class="primary" ?disabled=${this.picked === null} @click=${this.invite}>${t("collab.invite.send")}</button></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-invite-colleague": YkInviteColleague;
  }
}
