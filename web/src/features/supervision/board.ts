/**
 * <yk-supervision> — the supervision section (A20): every agent in the supervisor's reach with
 * chosen and effective status and their current chats (visitor, site, waiting time, last
 * message); a chat opens in <yk-supervision-watch> beside the table; 强制下线 signs an agent out
 * after a confirm. Renders nothing without chat.monitor.
 * Properties: none. Calls GET /api/supervision/agents (again after each reconnect), listens for
 * `supervision_agent` frames, POST /api/supervision/agents/:id/signout.
 * Events: those of <yk-supervision-watch> bubble through (yk-open-conversation, yk-watch-closed).
 */
import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can, getMe } from "../../lib/session.ts";
import { applyAgentFrame, duration, type BoardAgent, type BoardChat } from "./model.ts";
import { supervisionStyles } from "./styles.ts";
import "./strings.ts";
import "./watch.ts";

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

@customElement("yk-supervision")
export class YkSupervision extends LitElement {
  static override styles = supervisionStyles;
  @state() private agents: BoardAgent[] = [];
  @state() private watched: { id: number; name: string } | null = null;
  @state() private error = "";
  @state() private flash = "";
  private undo: (() => void)[] = [];

  override connectedCallback() {
    super.connectedCallback();
    if (!can("chat.monitor")) return;
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("supervision_agent", (f) => (this.agents = applyAgentFrame(this.agents, f))),
      onFrame("connected", () => void this.load()),
    );
    this.addEventListener("yk-watch-closed", () => (this.watched = null));
    this.addEventListener("yk-open-conversation", () => (this.watched = null));
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.undo.splice(0).forEach((u) => u());
  }

  private async load() {
    try {
      const r = await api<{ agents: BoardAgent[] }>("GET", "/api/supervision/agents");
      this.agents = r.agents;
      this.error = "";
    } catch (e) {
      this.error = t("sup.loadFailed", { msg: (e as Error).message });
    }
  }

  private async signOut(a: BoardAgent) {
    if (!confirm(t("sup.signoutConfirm", { name: a.displayName }))) return;
    try {
      await api("POST", `/api/supervision/agents/${a.id}/signout`);
      this.flash = t("sup.signedOut", { name: a.displayName });
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  private visitorLabel(c: BoardChat) {
    return c.visitorName || t("sup.visitor", { id: c.visitorId });
  }

  private chatButton(c: BoardChat) {
    const waited = duration(c.waitedMs);
    const selected = this.watched?.id === c.id;
    return html`<button type="button" class="chat-link" data-conversation=${c.id} aria-pressed=${selected ? "true" : "false"}
        @click=${() => (this.watched = { id: c.id, name: this.visitorLabel(c) })}>
      <strong>${this.visitorLabel(c)}</strong> · ${c.siteName}${c.role === "guest" ? html` · ${t("sup.guest")}` : nothing}
      <br><small class="muted">${t("sup.waited", { t: t(waited.key, { n: waited.n }) })}${c.lastMessageAt ? html` · ${t("sup.last", { t: time(c.lastMessageAt) })}` : nothing}</small>
    </button>`;
  }

  override render() {
    if (!can("chat.monitor")) return nothing;
    const me = getMe().id;
    const statusText = (a: BoardAgent) => (a.connected ? t(`sup.status.${a.effective}`) : t("sup.status.offline"));
    return html`<div class="layout">
      <section class="box board" aria-label=${t("sup.title")}>
        <h2>${t("sup.title")}</h2>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.flash ? html`<p class="flash" role="status">${this.flash}</p>` : nothing}
        ${this.agents.length === 0
          ? html`<p class="muted">${t("sup.noAgents")}</p>`
          : html`<table>
              <thead><tr><th>${t("sup.agents")}</th><th>${t("sup.status")}</th><th>${t("sup.chats")}</th><th></th></tr></thead>
              <tbody>
                ${this.agents.map(
                  (a) => html`<tr class="agent-row" data-agent=${a.id}>
                    <td>${a.displayName}${a.id === me ? t("sup.me") : nothing}<br><small class="muted">${a.username}</small></td>
                    <td><span class="status ${a.connected ? a.effective : "offline"}">${statusText(a)}</span>
                      ${a.connected && a.effective !== a.status ? html`<br><small class="muted">${t(`sup.status.${a.status}`)}</small>` : nothing}</td>
                    <td>${a.chats.length ? a.chats.map((c) => this.chatButton(c)) : html`<span class="muted">${t("sup.noChats")}</span>`}
                      <small class="muted">${a.chats.length}/${a.maxChats}</small></td>
                    <td>${can("agents.signout") && a.id !== me
                      ? html`<button type="button" class="danger agent-signout" @click=${() => void this.signOut(a)}>${t("sup.signout")}</button>`
                      : nothing}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </section>
      ${this.watched ? html`<yk-supervision-watch .conversationId=${this.watched.id} .visitorName=${this.watched.name}></yk-supervision-watch>` : nothing}
    </div>`;
  }
}
