import { html, nothing } from "lit";
import { customElement } from "lit/decorators.js";
import { ShellElement } from "../shell/base.ts";
import { register, t } from "../lib/i18n.ts";
import { workspace } from "./store.ts";
import "./chat-view.ts";

register({ "zh-CN": { "ws.offered": "已分配给您" }, en: { "ws.offered": "Offered to you" } });

/**
 * The 对话 section (A5–A7): the waiting list with accept, my chats as tabs with unread badges,
 * and the current chat. Re-renders from the workspace store.
 */
@customElement("yk-workspace")
export class YkWorkspace extends ShellElement {
  private off: (() => void) | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.off = workspace.changed.on(() => this.requestUpdate());
    this.clock = setInterval(() => this.requestUpdate(), 30_000);
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.off?.();
    if (this.clock) clearInterval(this.clock);
  }

  override render() {
    const waiting = [...workspace.waiting.values()].sort((a, b) => a.createdAt - b.createdAt);
    const cur = workspace.current;
    return html`<div class="workspace">
      <nav class="ws-side">
        <h2>${t("ws.waiting")} <span class="count">${waiting.length}</span></h2>
        <ul class="waiting-list">
          ${waiting.length === 0 ? html`<li class="empty">${t("ws.noWaiting")}</li>` : nothing}
          ${waiting.map(
            (w) => html`<li class="waiting-item ${w.offeredToMe ? "offered" : ""}" data-id=${w.id}>
              ${w.offeredToMe ? html`<span class="badge offer">${t("ws.offered")}</span>` : nothing}
              <div><strong>${workspace.visitorName(w.visitorId)}</strong>
                <small>${t("ws.waitedFor", { min: Math.max(0, Math.floor((Date.now() - w.createdAt) / 60000)) })}</small>
                ${w.groupName ? html`<small class="group">${w.groupName}</small>` : nothing}</div>
              ${w.lastMessage ? html`<div class="last">${w.lastMessage}</div>` : nothing}
              <button type="button" class="btn primary accept" @click=${() => workspace.accept(w.id)}>${t("ws.accept")}</button>
            </li>`,
          )}
        </ul>
        <h2>${t("ws.myChats")}</h2>
        <ul class="chat-tabs" role="tablist">
          ${workspace.order.map((id) => {
            const c = workspace.chats.get(id)!;
            return html`<li role="presentation"><button type="button" role="tab" class="chat-tab ${c.status}" data-id=${id} aria-selected=${id === cur ? "true" : "false"}
                @click=${() => workspace.focus(id)}>
              <span class="name">${workspace.visitorName(c.visitorId)}</span>
              ${c.unread ? html`<span class="badge unread" aria-label=${`${t("count.unread")} ${c.unread}`}>${c.unread}</span>` : nothing}
            </button></li>`;
          })}
        </ul>
      </nav>
      <div class="ws-main">
        ${workspace.notice ? html`<p class="toast" role="alert">${workspace.notice}</p>` : nothing}
        ${cur === null ? html`<p class="empty-chat">${t("ws.noChats")}</p>` : html`<yk-chat-view .chatId=${cur}></yk-chat-view>`}
      </div>
    </div>`;
  }
}
