/**
 * <yk-notices> — notices for the signed-in agent (A21). Mounted once by the shell. An arriving
 * notice, and every unread active one at start or reconnect, pops up as a modal dialog until the
 * agent acknowledges it (Escape does not dismiss it); a bell button opens a panel listing the
 * current and past notices with their read state.
 *
 * Properties: none.
 * Events (bubbles, composed): yk-notice {id, title} — a notice the agent has not seen in this
 *   console yet arrived (the shell may notify: sound, desktop notification, title flash).
 * Calls: GET /api/notices, POST /api/notices/:id/ack; frames `notice`, `notice_read` and `connected`.
 * Titles and bodies are plain text rendered through lit bindings (escaped, line breaks kept by CSS).
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import "./strings.ts";

interface Notice { id: number; title: string; body: string; senderName: string; startsAt: number; endsAt: number; readAt: number | null }

const dateOf = (ms: number) => new Date(ms).toLocaleString([], { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

@customElement("yk-notices")
export class YkNotices extends LitElement {
  static override styles = css`
    :host { display: inline-block; position: relative; font: inherit; }
    .bell { font: inherit; }
    .badge { background: #cf222e; color: #fff; border-radius: 1rem; padding: 0 .4rem; font-size: .75rem; margin-left: .3rem; }
    .panel { position: absolute; right: 0; z-index: 10; width: 24rem; max-height: 28rem; overflow-y: auto; background: #fff; border: 1px solid #d0d7de; box-shadow: 0 4px 12px rgba(0,0,0,.15); padding: .6rem; }
    .panel h3 { font-size: .85rem; margin: .4rem 0; color: #57606a; }
    .panel ul { list-style: none; margin: 0; padding: 0; }
    .panel li { padding: .4rem 0; border-bottom: 1px solid #eaeef2; }
    .panel li.unread .t { font-weight: 600; }
    .state { font-size: .75rem; color: #57606a; margin-left: .4rem; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; }
    dialog { max-width: 32rem; border: 1px solid #d0d7de; border-radius: .4rem; }
    dialog h2 { margin-top: 0; }
    .meta { font-size: .8rem; color: #57606a; }
  `;

  @state() private active: Notice[] = [];
  @state() private past: Notice[] = [];
  @state() private showing: Notice | null = null;
  @state() private panelOpen = false;
  @query("dialog") private dialog!: HTMLDialogElement;
  private seen = new Set<number>();
  private off: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    this.off.push(
      onFrame("notice", (f) => this.arrived(f.notice as Notice)),
      onFrame("connected", () => void this.load()),
      onFrame("notice_read", (f) => this.readElsewhere(f.id, f.readAt)),
      onLangChange(() => this.requestUpdate()),
    );
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const f of this.off.splice(0)) f();
  }

  /** Opens or closes the list (the shell may call this from its own menu too). */
  togglePanel() {
    this.panelOpen = !this.panelOpen;
  }

  private async load() {
    try {
      const r = await api("GET", "/api/notices");
      this.active = r.active;
      this.past = r.past;
      for (const n of this.active) if (n.readAt === null) this.arrived(n);
    } catch {
      /* shown again at the next reconnect */
    }
  }

  private arrived(n: Notice) {
    if (!this.active.some((a) => a.id === n.id)) this.active = [n, ...this.active];
    if (n.readAt !== null) return;
    if (!this.seen.has(n.id)) {
      this.seen.add(n.id);
      this.dispatchEvent(new CustomEvent("yk-notice", { detail: { id: n.id, title: n.title }, bubbles: true, composed: true }));
    }
    if (!this.showing) this.show(n);
  }

  private async show(n: Notice) {
    this.showing = n;
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  /** Acknowledged in another console of this agent: mark it read and close it here too. */
  private readElsewhere(id: number, readAt: number) {
    this.active = this.active.map((a) => (a.id === id && a.readAt === null ? { ...a, readAt } : a));
    if (this.showing?.id !== id) return;
    this.dialog?.close();
    this.showing = null;
    const next = this.active.find((a) => a.readAt === null);
    if (next) void this.show(next);
  }

  private async ack() {
    const n = this.showing;
    if (!n) return;
    try {
      const r = await api("POST", `/api/notices/${n.id}/ack`);
      this.active = this.active.map((a) => (a.id === n.id ? { ...a, readAt: r.notice.readAt } : a));
    } catch {
      return; // stays up until the acknowledgement is stored
    }
    this.dialog.close();
    this.showing = null;
    const next = this.active.find((a) => a.readAt === null);
    if (next) void this.show(next);
  }

  private renderItem(n: Notice) {
    const read = n.readAt !== null;
    return html`<li class=${read ? "read" : "unread"} data-id=${n.id}>
      <span class="t">${n.title}</span><span class="state">${read ? t("notices.read") : t("notices.unread")}</span>
      <div class="meta">${t("notices.from", { name: n.senderName })} · ${dateOf(n.startsAt)}</div>
      <div class="body">${n.body}</div>
    </li>`;
  }

  override render() {
    const unread = this.active.filter((n) => n.readAt === null).length;
    return html`<button type="button" class="bell" aria-expanded=${this.panelOpen ? "true" : "false"} aria-label=${t("notices.open", { n: unread })} @click=${this.togglePanel}>
        ${t("notices.title")}${unread ? html`<span class="badge">${unread}</span>` : nothing}
      </button>
      ${this.panelOpen
        ? html`<div class="panel" role="region" aria-label=${t("notices.title")}>
            <h3>${t("notices.active")}</h3>
            ${this.active.length ? html`<ul>${this.active.map((n) => this.renderItem(n))}</ul>` : html`<p>${t("notices.none")}</p>`}
            ${this.past.length ? html`<h3>${t("notices.past")}</h3><ul>${this.past.map((n) => this.renderItem(n))}</ul>` : nothing}
          </div>`
        : nothing}
      <dialog aria-labelledby="notice-title" @cancel=${(e: Event) => e.preventDefault()}>
        ${this.showing
          ? html`<h2 id="notice-title">${this.showing.title}</h2>
              <p class="meta">${t("notices.from", { name: this.showing.senderName })} · ${dateOf(this.showing.startsAt)}</p>
              <div class="body">${this.showing.body}</div>
              <p><button type="button" class="ack" @click=${this.ack}>${t("notices.ack")}</button></p>`
          : nothing}
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-notices": YkNotices;
  }
}
