/**
 * <yk-inbox-badge> — the header's unanswered leave-message count (H2), live from the agent
 * channel (`leave_new`, `leave_counts`; fetched again after each reconnect). At console start it
 * says once "N 条新留言（自上次登录）" when messages arrived since the agent's previous sign-in
 * (not again on a reload of the same sign-in). Renders nothing without leave.read.
 * Properties: none. Fires nothing (the shell switches to the inbox on a click).
 * Calls: GET /api/leave-messages/summary → {unanswered, newSinceLastSignIn, lastSignInAt}.
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can, getMe } from "../../lib/session.ts";
import { inboxStyles } from "./styles.ts";
import "./strings.ts";

interface Summary {
  unanswered: number;
  newSinceLastSignIn: number;
  lastSignInAt: number | null;
}

@customElement("yk-inbox-badge")
export class YkInboxBadge extends LitElement {
  static override styles = [
    inboxStyles,
    css`
      :host { display: inline-flex; align-items: center; gap: 0.4rem; }
      .counter { cursor: pointer; }
      .since { background: var(--warn-soft, #fff3dc); color: var(--warn-text, #7a4200); border-radius: var(--radius, 6px); padding: 0 0.4rem; display: inline-flex; gap: 0.4rem; align-items: center; }
      .since button { padding: 0 0.4rem; font-size: 0.85em; }
    `,
  ];
  @state() private unanswered: number | null = null;
  @state() private newSince = 0;
  private undo: (() => void)[] = [];
  private announced = false;

  override connectedCallback() {
    super.connectedCallback();
    if (!can("leave.read")) return;
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("leave_new", (f) => typeof f.unanswered === "number" && (this.unanswered = f.unanswered)),
      onFrame("leave_counts", (f) => (this.unanswered = f.unanswered)),
      onFrame("connected", () => void this.load()),
    );
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const u of this.undo.splice(0)) u();
  }

  private async load() {
    try {
      const s = await api<Summary>("GET", "/api/leave-messages/summary");
      this.unanswered = s.unanswered;
      this.announce(s);
    } catch {
      /* shown again on the next frame or reconnect */
    }
  }

  /** "N new since you last signed in", once per sign-in (a reload of the console does not repeat it). */
  private announce(s: Summary) {
    if (this.announced) return;
    this.announced = true;
    const key = `yk.inbox.since.${getMe().id}.${s.lastSignInAt ?? "first"}`;
    if (s.newSinceLastSignIn <= 0 || sessionStorage.getItem(key)) return;
    sessionStorage.setItem(key, "1");
    this.newSince = s.newSinceLastSignIn;
  }

  override render() {
    if (!can("leave.read") || this.unanswered === null) return nothing;
    return html`<span class="counter inbox-count" role="button" tabindex="0" title=${t("inboxBadge.title")}
        @keydown=${(e: KeyboardEvent) => e.key === "Enter" && this.click()}>${t("inboxBadge.label")} <b>${this.unanswered}</b></span>
      ${this.newSince > 0
        ? html`<span class="since" role="status">${t("inboxBadge.newSince", { n: this.newSince })}
            <button type="button" class="dismiss" @click=${(e: Event) => {
              e.stopPropagation();
              this.newSince = 0;
            }}>${t("inboxBadge.ok")}</button></span>`
        : nothing}`;
  }
}
