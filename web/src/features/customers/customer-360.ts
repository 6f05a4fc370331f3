/**
 * <yk-customer-360 .visitorId=${id}> — one customer on one page (H3): the profile (contact masked
 * by the server unless the agent holds visitor.contact, X8; region, device, search words, pre-chat
 * answers, blocks, the other visitors of a verified member), every chat the agent may see in
 * history, every leave message they may read, and the follow-ups placeholder (C3).
 * Properties: visitorId (number).
 * Fires: `yk-open-history` {conversationId} (bubbles, composed) when a chat is clicked; the shell
 * opens it in 历史记录 History.
 * Calls: GET /api/customers/visitors/:id.
 * Everything visitors typed is rendered as text (lit escapes it).
 */
import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { displayName, type Chat, type Customer360 } from "./model.ts";
import { when } from "./strings.ts";
import { LangElement } from "../../lib/lang-element.ts";

@customElement("yk-customer-360")
export class YkCustomer360 extends LangElement {
  static override styles = css`
    :host { display: block; font-size: 14px; color: #1f2328; }
    h2 { font-size: 18px; margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
    h3 { font-size: 15px; margin: 18px 0 6px; }
    h4 { font-size: 13px; margin: 10px 0 4px; color: #57606a; }
    .sub { color: #57606a; font-size: 12px; margin: 4px 0 0; }
    .verified { display: inline-block; padding: 0 5px; border-radius: 3px; background: #dafbe1; color: #116329; font-size: 12px; font-weight: 600; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 10px 0 0; }
    dt { color: #57606a; }
    dd { margin: 0; overflow-wrap: anywhere; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { border-top: 1px solid #e5e7eb; }
    .chat button { all: unset; box-sizing: border-box; display: grid; grid-template-columns: 11em 7em 1fr auto; gap: 2px 10px; width: 100%; padding: 7px 4px; cursor: pointer; }
    .chat button:hover, .chat button:focus-visible { background: #f3f6fa; outline: 2px solid #0969da33; }
    .chat .first { grid-column: 1 / -1; color: #57606a; overflow-wrap: anywhere; }
    .chat .meta { color: #57606a; font-size: 12px; text-align: right; }
    .leave { padding: 7px 4px; }
    .leave .content { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 0; }
    .muted { color: #57606a; }
    .error { color: #cf222e; }
    .blocks li, .linked li, .prechat li { padding: 4px 0; }
    .badge { font-size: 12px; padding: 0 4px; border-radius: 3px; background: #eaeef2; }
    .badge.active { background: #ffebe9; color: #a40e26; }
    button.retry { font: inherit; cursor: pointer; }
    section { margin-top: 4px; }
  `;

  @property({ type: Number }) visitorId = 0;
  @state() private data: Customer360 | null = null;
  @state() private failed = "";

  protected override updated(changed: Map<string, unknown>) {
    if (changed.has("visitorId") && this.visitorId) void this.load();
  }

  /** Reloads the 360 (e.g. after the shell brings the drawer back). */
  async load() {
    const id = this.visitorId;
    this.failed = "";
    try {
      const data = await api<Customer360>("GET", `/api/customers/visitors/${id}`);
      if (id === this.visitorId) this.data = data;
    } catch (e) {
      if (id === this.visitorId) {
        this.data = null;
        this.failed = (e as Error).message || t("cust.loadFailed");
      }
    }
  }

  private openChat(c: Chat) {
    this.dispatchEvent(new CustomEvent("yk-open-history", { detail: { conversationId: c.id }, bubbles: true, composed: true }));
  }

  private renderChat(c: Chat) {
    const evaluation = [c.topic, c.verdict ? t(`cust.verdict.${c.verdict}`) : ""].filter(Boolean).join(" / ");
    return html`<li class="chat" data-id=${String(c.id)}>
      <button type="button" aria-label=${t("cust.openChat", { id: c.id })} @click=${() => this.openChat(c)}>
        <time>${when(c.startedAt)}</time>
        <span class="agent">${c.agentName || t("cust.none")}</span>
        <span class="topic">${evaluation || t("cust.none")}${c.rating ? html` · <span class="rating">${t("cust.stars", { n: c.rating.level })}</span>` : nothing}</span>
        <span class="meta">${t(`cust.status.${c.status}`)} · ${t("cust.chatMessages")} ${c.messageCount}</span>
        <span class="first">${c.firstMessage || t("cust.none")}</span>
      </button>
    </li>`;
  }

  override render() {
    if (this.failed) return html`<p class="error" role="alert">${this.failed} <button type="button" class="retry" @click=${() => void this.load()}>${t("cust.retry")}</button></p>`;
    const d = this.data;
    if (!d) return html`<p class="muted" role="status">${t("cust.loading")}</p>`;
    const p = d.profile;
    const item = (label: string, value: string | number, cls = "") => (value === "" ? nothing : html`<dt>${label}</dt><dd class=${cls}>${value}</dd>`);
    const device = [p.device, p.browser, p.os].filter(Boolean).join(" / ");
    const keywords = p.keywords.length ? p.keywords.map((k) => k.keyword).join("、") : [p.searchEngine, p.searchKeyword].filter(Boolean).join(" / ");
    return html`<article class="customer-360" aria-label=${t("cust.profile")}>
      <header>
        <h2><span class="customer-name">${displayName(p, t("cust.unnamed", { id: p.visitorId }))}</span>
          ${p.member ? html`<span class="verified">${t("cust.verified")}</span>` : nothing}</h2>
        <p class="sub">${p.siteName} · ${t("cust.visitorId", { id: p.visitorId })}${d.visitors.length > 1 ? html` · ${t("cust.visitors", { n: d.visitors.length })}` : nothing}</p>
      </header>
      <section class="profile">
        <dl>
          ${p.member ? html`<dt>${t("cust.member")}</dt><dd class="member">${p.member.name} · ${t("cust.memberId", { id: p.member.memberId })}</dd>` : nothing}
          ${item(t("cust.phone"), p.phone, "phone")}
          ${item(t("cust.email"), p.email, "email")}
          ${item(t("cust.company"), p.company, "company")}
          ${item(t("cust.note"), p.note, "note")}
          ${item(t("cust.visitCount"), p.visitCount, "visit-count")}
          ${item(t("cust.firstSeen"), when(p.firstSeenAt))}
          ${item(t("cust.lastSeenLabel"), when(p.lastSeenAt))}
          ${item(t("cust.region"), [p.region, p.isp].filter(Boolean).join(" · "), "region")}
          ${item(t("cust.ip"), p.ip, "ip")}
          ${item(t("cust.device"), device, "device")}
          ${item(t("cust.keyword"), keywords, "keyword")}
          ${item(t("cust.landing"), p.landingUrl, "landing")}
        </dl>
        ${p.prechat.length
          ? html`<h4>${t("cust.prechat")}</h4><ul class="prechat">${p.prechat.map((a) => html`<li><time>${when(a.at)}</time>
              ${a.questionType ? html` · ${t("cust.questionType")}: <span class="question-type">${a.questionType}</span>` : nothing}
              ${a.custom.map((c) => html` · ${c.label}: <span class="answer">${c.value}</span>`)}</li>`)}</ul>`
          : nothing}
        ${p.blocks.length
          ? html`<h4>${t("cust.blocks")}</h4><ul class="blocks">${p.blocks.map((b) => html`<li>
              <span class="badge ${b.active ? "active" : ""}">${t(b.active ? "cust.blockActive" : b.liftedAt ? "cust.blockLifted" : "cust.blockExpired")}</span>
              ${t(`cust.block.${b.mode}`)} · <time>${when(b.createdAt)}</time> · ${b.reason}</li>`)}</ul>`
          : nothing}
        ${d.visitors.length > 1
          ? html`<h4>${t("cust.linked")}</h4><ul class="linked">${d.visitors.map((v) => html`<li>${v.name || t("cust.unnamed", { id: v.id })} · ${t("cust.visitorId", { id: v.id })} · ${t("cust.lastSeen", { time: when(v.lastSeenAt) })}</li>`)}</ul>`
          : nothing}
      </section>
      <section class="chats">
        <h3>${t("cust.chatsCount", { n: d.chats.length })}</h3>
        ${!d.access.chats ? html`<p class="muted">${t("cust.noChatAccess")}</p>`
          : d.chats.length ? html`<ul>${d.chats.map((c) => this.renderChat(c))}</ul>` : html`<p class="muted">${t("cust.noChats")}</p>`}
      </section>
      <section class="leave-messages">
        <h3>${t("cust.leaveCount", { n: d.leaveMessages.length })}</h3>
        ${!d.access.leaveMessages ? html`<p class="muted">${t("cust.noLeaveAccess")}</p>`
          : d.leaveMessages.length
            ? html`<ul>${d.leaveMessages.map((m) => html`<li class="leave" data-id=${String(m.id)}>
                <div><time>${when(m.createdAt)}</time> · ${[m.name, m.phone, m.email, m.company].filter(Boolean).join(" · ") || t("cust.none")}</div>
                <p class="content">${m.content}</p>
                ${m.pageUrl ? html`<div class="muted">${t("cust.leavePage")}: ${m.pageUrl}</div>` : nothing}
              </li>`)}</ul>`
            : html`<p class="muted">${t("cust.noLeave")}</p>`}
      </section>
      <section class="follow-ups">
        <h3>${t("cust.followUps")}</h3>
        <p class="muted">${t("cust.followUpsLater")}</p>
      </section>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-customer-360": YkCustomer360;
  }
}
