/**
 * <yk-visitor-detail>: the visitor list's side panel (A3 details, A4 trail).
 * Properties: `row` (the visitor's list row, kept live by the list), `siteName`, `now` (a
 * function giving the server's current time).
 * Events: `yk-visitor-detail-close` (bubbles, composed) when the close button is pressed;
 * `yk-open-customer` {visitorId} (bubbles, composed) from the "客户档案 / Customer profile" link.
 * Calls: GET /api/visitors/:id/trail, again whenever the visitor's current page changes.
 * Everything the visitor supplied (titles, URLs, referrer, keyword, name) is rendered as text.
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import "../customers/strings.ts";
import { clockTime, duration, type VisitorRow } from "./model.ts";
import "./strings.ts";

interface TrailPage {
  url: string;
  title: string;
  at: number;
  dwellMs: number | null;
}
interface Detail extends VisitorRow {
  country: string;
  province: string;
  city: string;
  isp: string;
  device: string;
  referrer: string;
  landingUrl: string;
  screen: string;
  timezone: string;
  pageCount: number;
  trail: TrailPage[];
}

@customElement("yk-visitor-detail")
export class YkVisitorDetail extends LitElement {
  static override styles = css`
    :host { display: block; overflow: auto; padding: 12px 14px; box-sizing: border-box; font-size: 14px; }
    header { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
    h2 { font-size: 16px; margin: 0; }
    h3 { font-size: 14px; margin: 16px 0 6px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; margin: 10px 0 0; }
    dt { color: #57606a; }
    dd { margin: 0; overflow-wrap: anywhere; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { padding: 6px 0; border-top: 1px solid #e5e7eb; }
    .t { font-weight: 600; overflow-wrap: anywhere; }
    .u, .m { color: #57606a; font-size: 12px; overflow-wrap: anywhere; }
    button { font: inherit; cursor: pointer; }
    .verified { display: inline-block; padding: 0 4px; border-radius: 3px; background: #dafbe1; color: #116329; font-size: 12px; font-weight: 600; }
  `;

  @property({ attribute: false }) row: VisitorRow | null = null;
  @property({ attribute: false }) siteName = "";
  @property({ attribute: false }) now: () => number = () => Date.now();
  @state() private detail: Detail | null = null;
  @state() private error = "";
  private fetchedFor = "";
  private offLang: (() => void) | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.offLang = onLangChange(() => this.requestUpdate());
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.offLang?.();
  }

  protected override willUpdate() {
    const key = this.row ? `${this.row.id}|${this.row.currentUrl}|${this.row.currentTitle}|${this.row.status}` : "";
    if (key === this.fetchedFor) return;
    if (this.row?.id !== this.detail?.id) this.detail = null;
    this.fetchedFor = key;
    if (this.row) void this.fetchTrail(this.row.id, key);
  }

  private async fetchTrail(id: number, key: string) {
    try {
      const res = await api<{ visitor: Detail }>("GET", `/api/visitors/${id}/trail`);
      if (this.fetchedFor === key) {
        this.detail = res.visitor;
        this.error = "";
      }
    } catch {
      if (this.fetchedFor === key) this.error = t("visitors.detail.unavailable");
    }
  }

  private close() {
    this.dispatchEvent(new CustomEvent("yk-visitor-detail-close", { bubbles: true, composed: true }));
  }

  override render() {
    const r = this.row;
    if (!r) return nothing;
    const d = this.detail;
    const item = (label: string, value: string | number) => (value === "" ? nothing : html`<dt>${label}</dt><dd>${value}</dd>`);
    return html`
      <header>
        <h2>${t("visitors.detail.title")}</h2>
        <button type="button" @click=${this.close} aria-label=${t("visitors.detail.close")}>✕</button>
      </header>
      <dl>
        ${item(t("visitors.col.name"), r.name || t("visitors.anonymous", { id: r.id }))}
        ${item(t("visitors.col.id"), r.id)}
        ${can("customers.read") ? html`<dt></dt><dd><button type="button" class="open-customer" @click=${() => this.dispatchEvent(new CustomEvent("yk-open-customer", { detail: { visitorId: r.id }, bubbles: true, composed: true }))}>${t("cust.openProfile")}</button></dd>` : nothing}
        ${r.member ? html`<dt>${t("visitors.member")}</dt><dd><span class="verified">${t("visitors.verified")}</span> ${r.member.name} · ${t("visitors.memberId", { id: r.member.memberId })}</dd>` : nothing}
        ${item(t("visitors.col.status"), t(`visitors.status.${r.status}`))}
        ${item(t("visitors.col.site"), this.siteName)}
        ${item(t("visitors.col.keyword"), [r.searchEngine, r.searchKeyword].filter(Boolean).join(" · "))}
        ${item(t("visitors.col.visits"), r.visitCount)}
        ${item(t("visitors.col.ip"), r.ip)}
        ${item(t("visitors.col.region"), r.region)}
        ${item(t("visitors.detail.isp"), d?.isp ?? "")}
        ${item(t("visitors.col.entered"), clockTime(r.enteredAt))}
        ${item(t("visitors.col.wait"), r.waitingSince !== null ? duration(this.now() - r.waitingSince) : "")}
        ${item(t("visitors.col.agent"), r.agentName)}
        ${item(t("visitors.col.lastMessage"), r.lastMessage)}
        ${item(t("visitors.col.left"), clockTime(r.goneAt))}
        ${item(t("visitors.col.language"), r.language)}
        ${item(t("visitors.col.system"), [r.os, r.browser].filter(Boolean).join(" / "))}
        ${item(t("visitors.detail.device"), d?.device ?? "")}
        ${item(t("visitors.detail.screen"), d?.screen ?? "")}
        ${item(t("visitors.detail.timezone"), d?.timezone ?? "")}
        ${item(t("visitors.detail.referrer"), d?.referrer ?? "")}
        ${item(t("visitors.detail.landing"), d?.landingUrl ?? "")}
        ${item(t("visitors.detail.pages"), d?.pageCount ?? "")}
      </dl>
      <h3>${t("visitors.detail.trail")}</h3>
      ${this.error ? html`<p role="status">${this.error}</p>` : !d ? html`<p role="status">${t("visitors.detail.loading")}</p>` : html`
        <ol class="trail">
          ${d.trail.map((p) => html`<li>
            <div class="t">${p.title || p.url}</div>
            <div class="u">${p.url}</div>
            <div class="m">${clockTime(p.at)} · ${p.dwellMs === null ? (r.status === "gone" ? "" : t("visitors.detail.here")) : t("visitors.detail.dwell", { time: duration(p.dwellMs) })}</div>
          </li>`)}
        </ol>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-visitor-detail": YkVisitorDetail;
  }
}
