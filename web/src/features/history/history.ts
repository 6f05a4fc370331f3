/**
 * <yk-history> — the 历史记录 History section (H1): a filter form (days, site, agent, group,
 * visitor, topic, rating, verdict, words in the text), the paged list of chats newest first
 * (with a snippet of the matching message when searching words), and the chosen chat's detail
 * (<yk-history-detail>). The list and its transcripts export with <yk-export-button> (the
 * exports feature; renders nothing until it exists). Renders nothing without a history permission.
 * Properties: none. Public method: openDetail(conversationId) shows that chat's detail.
 * Fires: `yk-open-customer` {visitorId} from a visitor's name (bubbles, composed); the detail's
 *   events bubble through.
 * Calls: GET /api/history/options, GET /api/history?filter&page&pageSize.
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../../lib/api.ts";
import { t } from "../../lib/i18n.ts";
import { LangElement } from "../../lib/lang-element.ts";
import { can } from "../../lib/session.ts";
import { EMPTY_FILTER, dateTime, duration, highlight, listQuery, pageCount, serverFilter, type FilterOptions, type FormFilter, type HistoryPage, type HistoryRow } from "./model.ts";
import { historyStyles } from "./styles.ts";
import "./strings.ts";
import "./detail.ts";

const seesHistory = () => can("history.own") || can("history.department") || can("history.all");
const PAGE_SIZES = [25, 50, 100];

@customElement("yk-history")
export class YkHistory extends LangElement {
  static override styles = historyStyles;
  @state() private options: FilterOptions = { sites: [], agents: [], groups: [], topics: [] };
  @state() private form: FormFilter = { ...EMPTY_FILTER };
  /** The filter of the list shown (the form may have changed since). */
  @state() private applied: FormFilter = { ...EMPTY_FILTER };
  @state() private result: HistoryPage | null = null;
  @state() private page = 1;
  @state() private pageSize = 25;
  @state() private loading = false;
  @state() private error = "";
  @state() private openId: number | null = null;
  private loaded = false;

  override connectedCallback() {
    super.connectedCallback();
    if (seesHistory() && !this.loaded) {
      this.loaded = true;
      void api<FilterOptions>("GET", "/api/history/options").then((o) => (this.options = o)).catch(() => {});
      void this.load();
    }
    this.addEventListener("yk-history-close", () => (this.openId = null));
    this.addEventListener("yk-history-changed", () => void this.load());
  }
  /** Shows one chat's detail (the shell calls this for `yk-open-history`). */
  openDetail(conversationId: number) {
    if (Number.isInteger(conversationId) && conversationId > 0) this.openId = conversationId;
  }

  private async load() {
    this.loading = true;
    this.error = "";
    const query = listQuery(this.applied, this.page, this.pageSize);
    try {
      const r = await api<HistoryPage>("GET", `/api/history?${query}`);
      if (query === listQuery(this.applied, this.page, this.pageSize)) this.result = r;
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  private search(ev: Event) {
    ev.preventDefault();
    this.applied = { ...this.form };
    this.page = 1;
    void this.load();
  }

  private reset() {
    this.form = { ...EMPTY_FILTER };
    this.applied = { ...EMPTY_FILTER };
    this.page = 1;
    void this.load();
  }

  private goPage(page: number) {
    this.page = page;
    void this.load();
  }

  private set(key: keyof FormFilter) {
    return (ev: Event) => (this.form = { ...this.form, [key]: (ev.target as HTMLInputElement | HTMLSelectElement).value });
  }

  private select(key: keyof FormFilter, label: string, options: { value: string; name: string }[]) {
    return html`<label>${t(label)}
      <select name=${key} @change=${this.set(key)}>
        <option value="" ?selected=${!this.form[key]}>${t("hist.any")}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${this.form[key] === o.value}>${o.name}</option>`)}
      </select></label>`;
  }

  private filters() {
    const opts = (list: { id: number; name: string }[]) => list.map((x) => ({ value: String(x.id), name: x.name }));
    return html`<form class="filters" @submit=${this.search}>
      <label>${t("hist.from")}<input type="date" name="fromDay" .value=${this.form.fromDay} @change=${this.set("fromDay")}></label>
      <label>${t("hist.to")}<input type="date" name="toDay" .value=${this.form.toDay} @change=${this.set("toDay")}></label>
      ${this.select("siteId", "hist.site", opts(this.options.sites))}
      ${this.select("agentId", "hist.agent", opts(this.options.agents))}
      ${this.select("groupId", "hist.group", opts(this.options.groups))}
      <label>${t("hist.visitor")}<input type="search" name="visitor" maxlength="64" placeholder=${t("hist.visitorHint")} .value=${this.form.visitor} @input=${this.set("visitor")}></label>
      ${this.select("topicId", "hist.topic", opts(this.options.topics))}
      ${this.select("rating", "hist.rating", [...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), name: t("hist.stars", { n }) })), { value: "none", name: t("hist.unrated") }])}
      ${this.select("verdict", "hist.verdict", [{ value: "valuable", name: t("hist.valuable") }, { value: "invalid", name: t("hist.invalid") }, { value: "none", name: t("hist.none") }])}
      <label>${t("hist.words")}<input type="search" class="words" name="q" maxlength="100" placeholder=${t("hist.wordsHint")} .value=${this.form.q} @input=${this.set("q")}></label>
      <div class="actions">
        <button type="submit" class="btn primary search">${t("hist.search")}</button>
        <button type="button" class="btn reset" @click=${this.reset}>${t("hist.reset")}</button>
      </div>
    </form>`;
  }

  private visitorCell(r: HistoryRow) {
    const label = r.visitorName || t("hist.unnamed", { id: r.visitorId });
    return html`<button type="button" class="link visitor-name" title=${t("hist.openCustomer")}
      @click=${(ev: Event) => {
        ev.stopPropagation();
        this.dispatchEvent(new CustomEvent("yk-open-customer", { detail: { visitorId: r.visitorId }, bubbles: true, composed: true }));
      }}>${label}</button>`;
  }

  private row(r: HistoryRow) {
    const open = () => (this.openId = r.id);
    return html`<tr data-id=${r.id} aria-selected=${this.openId === r.id ? "true" : "false"} tabindex="0" @click=${open} @keydown=${(ev: KeyboardEvent) => ev.key === "Enter" && open()}>
      <td>${dateTime(r.startedAt)}</td>
      <td>${r.siteName}</td>
      <td>${this.visitorCell(r)}${r.snippet ? html`<div class="snippet">${highlight(r.snippet, this.applied.q).map((p) => (p.hit ? html`<mark>${p.text}</mark>` : p.text))}</div>` : nothing}</td>
      <td>${r.agentName || "—"}</td>
      <td>${r.groupName}</td>
      <td>${r.endedAt ? duration(r.durationMs) : t(`hist.status.${r.status}`)}</td>
      <td>${r.messageCount}</td>
      <td>${r.topicName}</td>
      <td>${r.verdict ? t(`hist.${r.verdict}`) : ""}</td>
      <td>${r.rating ?? ""}</td>
    </tr>`;
  }

  private list() {
    const r = this.result;
    if (!r) return html`<p class="muted">${this.error ? html`<span class="error" role="alert">${this.error}</span>` : t("hist.loading")}</p>`;
    const pages = pageCount(r.total, r.pageSize);
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <table class="results" aria-busy=${this.loading ? "true" : "false"}>
        <thead><tr>
          <th>${t("hist.started")}</th><th>${t("hist.site")}</th><th>${t("hist.visitor")}</th><th>${t("hist.agent")}</th><th>${t("hist.group")}</th>
          <th>${t("hist.duration")}</th><th>${t("hist.messages")}</th><th>${t("hist.topic")}</th><th>${t("hist.verdict")}</th><th>${t("hist.rating")}</th>
        </tr></thead>
        <tbody>${r.rows.map((x) => this.row(x))}</tbody>
      </table>
      ${r.rows.length ? nothing : html`<p class="muted empty">${t("hist.empty")}</p>`}
      <div class="pager">
        <span class="total">${t("hist.total", { n: r.total })}</span>
        <button type="button" class="btn prev" ?disabled=${this.page <= 1 || this.loading} @click=${() => this.goPage(this.page - 1)}>${t("hist.prev")}</button>
        <span class="page">${t("hist.pageOf", { page: this.page, pages })}</span>
        <button type="button" class="btn next" ?disabled=${this.page >= pages || this.loading} @click=${() => this.goPage(this.page + 1)}>${t("hist.next")}</button>
        <label>${t("hist.perPage")}
          <select name="pageSize" @change=${(ev: Event) => { this.pageSize = Number((ev.target as HTMLSelectElement).value); this.goPage(1); }}>
            ${PAGE_SIZES.map((n) => html`<option value=${n} ?selected=${n === this.pageSize}>${n}</option>`)}
          </select></label>
      </div>`;
  }

  override render() {
    if (!seesHistory()) return nothing;
    const filter = serverFilter(this.applied);
    return html`
      ${this.filters()}
      ${customElements.get("yk-export-button") && can("data.export")
        ? html`<div class="actions exports">
            <span class="muted">${t("hist.export")}</span><yk-export-button source="history" .filter=${filter}></yk-export-button>
            <span class="muted">${t("hist.exportTranscripts")}</span><yk-export-button source="transcripts" .filter=${filter}></yk-export-button>
          </div>`
        : nothing}
      <div class="layout ${this.openId ? "" : "single"}">
        <div class="list">${this.list()}</div>
        ${this.openId ? html`<yk-history-detail .conversationId=${this.openId} .q=${this.applied.q}></yk-history-detail>` : nothing}
      </div>`;
  }
}
