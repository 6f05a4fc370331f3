/**
 * <yk-leave-inbox> — the 留言 Inbox section (H2): the unanswered count, filters (site, replied
 * or not, type, date range, words), the paged list newest first, and the selected message in
 * <yk-leave-detail>; the export button exports what the filter shows. Kept live by the agent
 * channel: `leave_new` and `leave_changed` refresh the list, `leave_counts` the count.
 * Renders nothing without leave.read.
 * Properties: none.
 * Fires (bubbles, composed): `yk-open-customer` {visitorId} from a visitor's name (list or
 * detail); the detail's events bubble through.
 * Calls: GET /api/leave-messages (with the filter), GET /api/leave-messages/summary,
 * GET /api/leave-types; renders <yk-export-button source="leave" .filter=${...}>.
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { onFrame } from "../../lib/channel.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import { EMPTY_FILTER, excerpt, filterParams, listQuery, pages, when, type InboxFilter, type LeaveMessage, type LeaveType } from "./model.ts";
import { inboxStyles } from "./styles.ts";
import type { YkLeaveDetail } from "./leave-detail.ts";
import "./strings.ts";
import "./leave-detail.ts";

const LIMIT = 20;

@customElement("yk-leave-inbox")
export class YkLeaveInbox extends LitElement {
  static override styles = [inboxStyles, css`:host { padding: 0.75rem 1rem; }`];
  @state() private rows: LeaveMessage[] = [];
  @state() private total = 0;
  @state() private page = 1;
  @state() private sites: { id: number; name: string }[] = [];
  @state() private types: LeaveType[] = [];
  @state() private unanswered: number | null = null;
  /** What the form shows, and what the list was last loaded with (the export uses the latter). */
  @state() private draft: InboxFilter = { ...EMPTY_FILTER };
  @state() private applied: InboxFilter = { ...EMPTY_FILTER };
  @state() private selected = 0;
  @state() private loading = false;
  @state() private error = "";
  @state() private errorField = "";
  @state() private notice = "";
  private undo: (() => void)[] = [];
  private seq = 0;

  override connectedCallback() {
    super.connectedCallback();
    if (!can("leave.read")) return;
    this.undo.push(
      onLangChange(() => this.requestUpdate()),
      onFrame("leave_new", (f) => {
        if (typeof f.unanswered === "number") this.unanswered = f.unanswered;
        void this.load();
      }),
      onFrame("leave_counts", (f) => (this.unanswered = f.unanswered)),
      onFrame("leave_changed", (f) => {
        if (this.rows.some((r) => r.id === f.id)) void this.load();
        if (f.id === this.selected) {
          if (f.action === "deleted") this.selected = 0;
          else void (this.renderRoot.querySelector("yk-leave-detail") as YkLeaveDetail | null)?.reload();
        }
      }),
      // After a reconnect, whatever happened meanwhile.
      onFrame("connected", () => void this.refresh()),
    );
    this.addEventListener("yk-leave-changed", () => void this.refresh());
    this.addEventListener("yk-leave-deleted", () => {
      this.selected = 0;
      this.notice = t("inbox.deleted");
      void this.refresh();
    });
    this.addEventListener("yk-leave-closed", () => (this.selected = 0));
    void api<{ types: LeaveType[] }>("GET", "/api/leave-types").then((r) => (this.types = r.types)).catch(() => {});
    void this.refresh();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const u of this.undo.splice(0)) u();
  }

  private async refresh() {
    await Promise.all([this.load(), this.loadCount()]);
  }

  private async loadCount() {
    try {
      this.unanswered = (await api<{ unanswered: number }>("GET", "/api/leave-messages/summary")).unanswered;
    } catch {
      /* the list shows the error */
    }
  }

  /** Loads the current page with the applied filter; a late answer to an older request is dropped. */
  private async load() {
    const mine = ++this.seq;
    this.loading = true;
    try {
      const r = await api<{ rows: LeaveMessage[]; total: number; sites: { id: number; name: string }[] }>("GET", `/api/leave-messages?${listQuery(this.applied, this.page, LIMIT)}`);
      if (mine !== this.seq) return;
      this.rows = r.rows;
      this.total = r.total;
      this.sites = r.sites;
      this.error = "";
      this.errorField = "";
      if (this.page > pages(r.total, LIMIT)) {
        this.page = pages(r.total, LIMIT);
        void this.load();
      }
    } catch (e) {
      if (mine !== this.seq) return;
      this.error = (e as Error).message;
      this.errorField = (e as { field?: string }).field ?? "";
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  }

  private search(ev: Event) {
    ev.preventDefault();
    this.applied = { ...this.draft };
    this.page = 1;
    this.notice = "";
    void this.load();
  }

  private reset() {
    this.draft = { ...EMPTY_FILTER };
    this.applied = { ...EMPTY_FILTER };
    this.page = 1;
    void this.load();
  }

  private go(page: number) {
    this.page = page;
    void this.load();
  }

  private set<K extends keyof InboxFilter>(key: K, value: InboxFilter[K]) {
    this.draft = { ...this.draft, [key]: value };
  }

  private openCustomer(ev: Event, visitorId: number) {
    ev.stopPropagation();
    this.dispatchEvent(new CustomEvent("yk-open-customer", { detail: { visitorId }, bubbles: true, composed: true }));
  }

  private renderFilters() {
    const d = this.draft;
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<form class="filters" role="search" aria-label=${t("inbox.filters")} @submit=${this.search}>
      <label>${t("inbox.site")}
        <select name="site" .value=${d.site} @change=${(e: Event) => this.set("site", value(e))}>
          <option value="">${t("inbox.allSites")}</option>
          ${this.sites.map((s) => html`<option value=${String(s.id)} ?selected=${String(s.id) === d.site}>${s.name}</option>`)}
        </select>
      </label>
      <label>${t("inbox.state")}
        <select name="state" .value=${d.state} @change=${(e: Event) => this.set("state", value(e) as InboxFilter["state"])}>
          <option value="">${t("inbox.allStates")}</option>
          <option value="unreplied" ?selected=${d.state === "unreplied"}>${t("inbox.unreplied")}</option>
          <option value="replied" ?selected=${d.state === "replied"}>${t("inbox.replied")}</option>
        </select>
      </label>
      <label>${t("inbox.type")}
        <select name="type" .value=${d.type} @change=${(e: Event) => this.set("type", value(e))}>
          <option value="">${t("inbox.allTypes")}</option>
          <option value="none" ?selected=${d.type === "none"}>${t("inbox.noType")}</option>
          ${this.types.map((x) => html`<option value=${String(x.id)} ?selected=${String(x.id) === d.type}>${x.name}</option>`)}
        </select>
      </label>
      <label>${t("inbox.from")}<input type="date" name="from" .value=${d.from} @change=${(e: Event) => this.set("from", value(e))}></label>
      <label>${t("inbox.to")}<input type="date" name="to" .value=${d.to} @change=${(e: Event) => this.set("to", value(e))}></label>
      <label>${t("inbox.words")}<input type="search" name="q" maxlength="200" placeholder=${t("inbox.wordsHint")} .value=${d.q} @input=${(e: Event) => this.set("q", value(e))}></label>
      <button type="submit" class="primary search">${t("inbox.search")}</button>
      <button type="button" class="reset" @click=${() => this.reset()}>${t("inbox.reset")}</button>
      <yk-export-button source="leave" .filter=${filterParams(this.applied)}></yk-export-button>
    </form>`;
  }

  private renderList() {
    if (!this.rows.length) return html`<p class="muted empty">${this.loading ? t("inbox.loading") : t("inbox.empty")}</p>`;
    const last = pages(this.total, LIMIT);
    return html`<table class="list">
        <thead><tr><th>${t("inbox.time")}</th><th>${t("inbox.name")}</th><th>${t("inbox.contact")}</th><th>${t("inbox.content")}</th><th>${t("inbox.type")}</th><th>${t("inbox.state")}</th></tr></thead>
        <tbody>${this.rows.map((m) => html`<tr class="row ${m.replied ? "replied" : "unreplied"}" data-id=${String(m.id)} aria-selected=${m.id === this.selected ? "true" : "false"}
            tabindex="0" @click=${() => (this.selected = m.id)} @keydown=${(e: KeyboardEvent) => e.key === "Enter" && (this.selected = m.id)}>
          <td>${when(m.createdAt)}<div class="muted">${m.siteName}</div></td>
          <td><button type="button" class="link visitor-name" @click=${(e: Event) => this.openCustomer(e, m.visitorId)}>${m.name || t("inbox.unnamed")}</button></td>
          <td>${m.phone}${m.phone && m.email ? html`<br>` : nothing}${m.email}</td>
          <td class="content">${excerpt(m.content)}</td>
          <td>${m.typeName ?? ""}</td>
          <td><span class="state ${m.replied ? "replied" : "unreplied"}">${m.replied ? t("inbox.replied") : t("inbox.unreplied")}</span></td>
        </tr>`)}</tbody>
      </table>
      <div class="pager">
        <button type="button" class="prev" ?disabled=${this.page <= 1} @click=${() => this.go(this.page - 1)}>${t("inbox.prev")}</button>
        <span class="muted">${t("inbox.page", { page: this.page, pages: last, total: this.total })}</span>
        <button type="button" class="next" ?disabled=${this.page >= last} @click=${() => this.go(this.page + 1)}>${t("inbox.next")}</button>
      </div>`;
  }

  override render() {
    if (!can("leave.read")) return nothing;
    return html`<div class="head">
        <h2>${t("inbox.title")}</h2>
        ${this.unanswered !== null ? html`<span class="count unanswered" data-count=${String(this.unanswered)}>${t("inbox.unanswered", { n: this.unanswered })}</span>` : nothing}
      </div>
      ${this.renderFilters()}
      ${this.error ? html`<p class="error" role="alert" data-field=${this.errorField}>${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="banner" role="status">${this.notice}</p>` : nothing}
      <div class="layout">
        <div>${this.renderList()}</div>
        <div>${this.selected
          ? html`<yk-leave-detail .messageId=${this.selected} .types=${this.types}></yk-leave-detail>`
          : html`<p class="muted">${t("inbox.pick")}</p>`}</div>
      </div>`;
  }
}
