/**
 * <yk-customer-search> — the 客户 Customers section (H3): a search box (name, phone, email,
 * member id or name, visitor id or key), the matching customers newest first with "more
 * results", and a click on one shows its <yk-customer-360> inline (with a way back to the list).
 * Properties: none.
 * Fires: nothing itself; the inline 360 fires `yk-open-history` {conversationId}.
 * Calls: GET /api/customers/search?q=&offset=.
 */
import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { LangElement } from "../../lib/lang-element.ts";
import { displayName, type CustomerHit, type SearchResult } from "./model.ts";
import { when } from "./strings.ts";
import "./customer-360.ts";

@customElement("yk-customer-search")
export class YkCustomerSearch extends LangElement {
  static override styles = css`
    :host { display: block; padding: 12px 16px; font-size: 14px; color: #1f2328; max-width: 1100px; }
    form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    label { font-weight: 600; }
    input[type="search"] { flex: 1 1 20em; font: inherit; padding: 6px 8px; border: 1px solid #d0d7de; border-radius: 6px; }
    button { font: inherit; cursor: pointer; padding: 5px 12px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
    button.primary { background: #1f6feb; border-color: #1f6feb; color: #fff; }
    ul { list-style: none; margin: 12px 0 0; padding: 0; }
    li { border-top: 1px solid #e5e7eb; }
    li button.hit { all: unset; box-sizing: border-box; display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; width: 100%; padding: 8px 4px; cursor: pointer; }
    li button.hit:hover, li button.hit:focus-visible { background: #f3f6fa; outline: 2px solid #0969da33; }
    .name { font-weight: 600; }
    .sub, .when { color: #57606a; font-size: 12px; }
    .when { text-align: right; }
    .verified { display: inline-block; padding: 0 5px; border-radius: 3px; background: #dafbe1; color: #116329; font-size: 12px; font-weight: 600; }
    .muted { color: #57606a; }
    .error { color: #cf222e; }
    .more, .back { margin-top: 10px; }
  `;

  @state() private q = "";
  @state() private hits: CustomerHit[] = [];
  @state() private next: number | null = null;
  @state() private searched = "";
  @state() private busy = false;
  @state() private failed = "";
  @state() private open: number | null = null;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
  }

  /** Runs a search (from the first page unless `more`); a newer search wins over a slower older one. */
  async search(q = this.q, more = false) {
    clearTimeout(this.debounce);
    const term = q.trim();
    const seq = ++this.seq;
    if (!term) {
      this.hits = [];
      this.next = null;
      this.searched = "";
      return;
    }
    this.busy = true;
    this.failed = "";
    try {
      const offset = more && this.next !== null ? this.next : 0;
      const r = await api<SearchResult>("GET", `/api/customers/search?q=${encodeURIComponent(term)}&offset=${offset}`);
      if (seq !== this.seq) return;
      this.hits = more ? [...this.hits, ...r.customers] : r.customers;
      this.next = r.next;
      this.searched = term;
      if (!more) this.open = null;
    } catch (e) {
      if (seq === this.seq) this.failed = (e as Error).message || t("cust.loadFailed");
    } finally {
      if (seq === this.seq) this.busy = false;
    }
  }

  private onInput(e: Event) {
    this.q = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.search(), 400);
  }

  private onSubmit(e: Event) {
    e.preventDefault();
    void this.search();
  }

  private renderHit(c: CustomerHit) {
    const contact = [c.phone, c.email, c.company].filter(Boolean).join(" · ");
    return html`<li class="customer-hit" data-visitor=${String(c.visitorId)}>
      <button type="button" class="hit" @click=${() => (this.open = c.visitorId)}>
        <span><span class="name">${displayName(c, t("cust.unnamed", { id: c.visitorId }))}</span>
          ${c.member ? html` <span class="verified">${t("cust.verified")}</span> <span class="sub">${c.member.name} · ${t("cust.memberId", { id: c.member.memberId })}</span>` : nothing}</span>
        <span class="when">${t("cust.lastSeen", { time: when(c.lastSeenAt) })}</span>
        <span class="sub">${c.siteName} · ${t("cust.visitorId", { id: c.visitorId })}${contact ? ` · ${contact}` : ""}${c.visitors > 1 ? ` · ${t("cust.visitors", { n: c.visitors })}` : ""}</span>
      </button>
    </li>`;
  }

  override render() {
    return html`
      <form role="search" @submit=${this.onSubmit}>
        <label for="customer-q">${t("cust.searchLabel")}</label>
        <input id="customer-q" type="search" name="q" maxlength="100" autocomplete="off" placeholder=${t("cust.searchPlaceholder")} .value=${this.q} @input=${this.onInput}>
        <button type="submit" class="primary">${t("cust.searchButton")}</button>
      </form>
      ${this.open !== null
        ? html`<button type="button" class="back" @click=${() => (this.open = null)}>← ${t("cust.back")}</button>
            <yk-customer-360 .visitorId=${this.open}></yk-customer-360>`
        : html`
          ${this.failed ? html`<p class="error" role="alert">${this.failed}</p>` : nothing}
          ${this.busy && !this.hits.length ? html`<p class="muted" role="status">${t("cust.searching")}</p>` : nothing}
          ${!this.searched && !this.busy ? html`<p class="muted">${t("cust.hint")}</p>` : nothing}
          ${this.searched && !this.busy && !this.hits.length && !this.failed ? html`<p class="muted" role="status">${t("cust.noResults")}</p>` : nothing}
          ${this.hits.length ? html`<ul class="results" aria-label=${t("cust.title")}>${this.hits.map((c) => this.renderHit(c))}</ul>` : nothing}
          ${this.next !== null ? html`<button type="button" class="more" ?disabled=${this.busy} @click=${() => void this.search(this.searched, true)}>${t("cust.more")}</button>` : nothing}`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-customer-search": YkCustomerSearch;
  }
}
