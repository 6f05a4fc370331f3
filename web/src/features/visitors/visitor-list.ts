/**
 * <yk-visitor-list>: the live list of every visitor on the agent's sites (A3, A4).
 * Properties: none required; needs setMe (for the remembered columns) and setCsrfToken done by
 * the shell, and the shell feeding agent-channel frames into emitFrame.
 * Events (bubbles, composed):
 *   `yk-open-visitor` {visitorId, siteId} — a row was opened (click or Enter); the shell may show
 *     its own visitor panels; this element shows the details and trail in its own side panel.
 *   `yk-open-conversation` {conversationId} — the accept/open button of a waiting or chatting
 *     row; the shell accepts or opens the chat.
 * Calls: GET /api/visitors/online (at start and after every `connected` frame), and through
 * <yk-visitor-detail> GET /api/visitors/:id/trail. Frames: `visitor`, `visitor_gone`, `message`.
 *
 * Rows are virtualised (fixed height; only the visible ones plus a small overscan are in the
 * DOM) and frames are applied at most once per animation frame. Columns chosen are remembered
 * per agent in localStorage. Visitor text is rendered only through lit bindings (as text).
 */
import { LitElement, html, nothing, type PropertyValues } from "lit";
import { customElement, state, query } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { cssProps } from "./css-props.ts";
import { getMe } from "../../lib/session.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import {
  COLUMNS, COLUMN_KEYS, DEFAULT_COLUMNS, STATUSES, buildView, clockTime, columnByKey, comparator, duration, patchView,
  type Column, type ColumnKey, type Filter, type Sort, type Status, type VisitorRow,
} from "./model.ts";
import { VisitorStore } from "./store.ts";
import { listStyles } from "./visitor-list-styles.ts";
import "./visitor-detail.ts";
import "./strings.ts";

export const ROW_HEIGHT = 32;
const OVERSCAN = 4;
/** The rendered window moves in steps of this many rows, so most scroll events render nothing. */
const STEP = 6;
/** Past this many changes in one frame, sorting the whole list again is cheaper than moving rows. */
const REBUILD_OVER = 400;
const ACTION_WIDTH = 96;

@customElement("yk-visitor-list")
export class YkVisitorList extends LitElement {
  static override styles = listStyles;

  @state() private columns: ColumnKey[] = DEFAULT_COLUMNS;
  @state() private sort: Sort = { key: "status", dir: "asc" };
  @state() private statuses = new Set<Status>(STATUSES);
  @state() private hideGone = false;
  @state() private text = "";
  private scrollPos = 0;
  @state() private viewportHeight = 600;
  @state() private selectedId: number | null = null;
  @state() private activeId: number | null = null;
  @state() private error = "";
  @query(".viewport") private viewport!: HTMLElement;

  private store = new VisitorStore(() => this.schedule());
  private view: VisitorRow[] = [];
  private counts: Record<Status, number> = { browsing: 0, waiting: 0, chatting: 0, gone: 0 };
  private frame = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private resize: ResizeObserver | null = null;
  private offLang: (() => void) | null = null;
  private siteName = (id: number) => this.store.sites.get(id) ?? "";

  override connectedCallback() {
    super.connectedCallback();
    this.columns = this.savedColumns();
    this.offLang = onLangChange(() => this.requestUpdate());
    this.store.start();
    void this.reload();
    // Moved in the DOM by the shell: watch the viewport's size again.
    if (this.resize && this.viewport) this.resize.observe(this.viewport);
    // Wait times and the side panel's durations move with the clock; only visible rows re-render.
    let ticks = 0;
    this.ticker = setInterval(() => {
      if (++ticks % 30 === 0) this.store.pruneGone();
      this.requestUpdate();
    }, 1000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.store.stop();
    this.offLang?.();
    if (this.ticker) clearInterval(this.ticker);
    this.resize?.disconnect();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  protected override firstUpdated() {
    this.resize = new ResizeObserver(() => (this.viewportHeight = this.viewport.clientHeight));
    this.resize.observe(this.viewport);
  }

  private async reload() {
    try {
      await this.store.load();
      this.error = "";
    } catch (e) {
      this.error = t("visitors.loadFailed", { error: (e as Error).message });
    }
  }

  /** Many frames, one render: changes are folded into the view on the next animation frame. */
  private schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  private get filter(): Filter {
    return { statuses: this.statuses, hideGone: this.hideGone, text: this.text.trim().toLowerCase() };
  }

  private flush() {
    const changes = this.store.take();
    if (changes === "reload" || changes.length > REBUILD_OVER) this.rebuild();
    else if (changes.length) {
      patchView(this.view, changes, this.filter, comparator(this.sort, this.siteName));
      for (const c of changes) {
        if (c.before) this.counts[c.before.status]--;
        if (c.after) this.counts[c.after.status]++;
      }
      this.requestUpdate();
    }
  }

  private rebuild() {
    this.view = buildView(this.store.rows.values(), this.filter, comparator(this.sort, this.siteName));
    this.counts = { browsing: 0, waiting: 0, chatting: 0, gone: 0 };
    for (const r of this.store.rows.values()) this.counts[r.status]++;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // Sorting or filtering rebuilds the view from every row; frames only patch it.
    const keys = ["sort", "statuses", "hideGone", "text"] as const;
    if (keys.some((k) => changed.has(k as keyof YkVisitorList))) this.rebuild();
  }

  // Column choice, remembered per agent.
  private columnsKey() {
    try {
      return `yk.visitors.columns.${getMe().id}`;
    } catch {
      return "yk.visitors.columns.anonymous";
    }
  }

  private savedColumns(): ColumnKey[] {
    try {
      const saved = JSON.parse(localStorage.getItem(this.columnsKey()) ?? "null");
      if (Array.isArray(saved)) {
        const known = saved.filter((k): k is ColumnKey => COLUMN_KEYS.includes(k));
        if (known.length) return COLUMN_KEYS.filter((k) => known.includes(k));
      }
    } catch {
      /* a damaged entry falls back to the defaults */
    }
    return DEFAULT_COLUMNS;
  }

  private toggleColumn(key: ColumnKey, on: boolean) {
    const next = COLUMN_KEYS.filter((k) => (k === key ? on : this.columns.includes(k)));
    if (!next.length) return;
    this.columns = next;
    localStorage.setItem(this.columnsKey(), JSON.stringify(next));
  }

  private sortBy(key: ColumnKey) {
    this.sort = this.sort.key === key ? { key, dir: this.sort.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" };
  }

  private toggleStatus(s: Status, on: boolean) {
    const next = new Set(this.statuses);
    if (on) next.add(s);
    else next.delete(s);
    this.statuses = next;
  }

  // Opening rows and conversations.
  private open(row: VisitorRow) {
    this.selectedId = row.id;
    this.activeId = row.id;
    this.dispatchEvent(new CustomEvent("yk-open-visitor", { detail: { visitorId: row.id, siteId: row.siteId }, bubbles: true, composed: true }));
  }

  private openConversation(e: Event, row: VisitorRow) {
    e.stopPropagation();
    if (row.conversationId === null) return;
    this.dispatchEvent(new CustomEvent("yk-open-conversation", { detail: { conversationId: row.conversationId }, bubbles: true, composed: true }));
  }

  private onRowClick(e: Event) {
    const el = (e.target as HTMLElement).closest<HTMLElement>("[role=row][data-id]");
    const row = el ? this.store.rows.get(Number(el.dataset.id)) : undefined;
    if (row) this.open(row);
  }

  private async onKey(e: KeyboardEvent) {
    const el = e.target as HTMLElement;
    if (el.getAttribute("role") !== "row") return;
    const index = Number(el.dataset.index);
    const page = Math.max(1, Math.floor(this.viewportHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: this.view.length - 1 };
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      const row = this.view[index];
      if (row) this.open(row);
      return;
    }
    if (!(e.key in moves) || !this.view.length) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(this.view.length - 1, moves[e.key]));
    this.activeId = this.view[next].id;
    // Scroll just enough to show the row, then focus it once rendered.
    const top = next * ROW_HEIGHT;
    const head = ROW_HEIGHT;
    const vp = this.viewport;
    if (top < vp.scrollTop) vp.scrollTop = top;
    else if (top + ROW_HEIGHT > vp.scrollTop + vp.clientHeight - head) vp.scrollTop = top + ROW_HEIGHT + head - vp.clientHeight;
    this.scrollPos = vp.scrollTop;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[role=row][data-index="${next}"]`)?.focus();
  }

  // Rendering.
  /** Rows [from, to) to render at this scroll position: the visible ones plus overscan, in steps. */
  private window(top: number): [number, number] {
    const from = Math.max(0, Math.floor((Math.floor(top / ROW_HEIGHT) - OVERSCAN) / STEP) * STEP);
    const to = Math.ceil((Math.ceil((top + this.viewportHeight) / ROW_HEIGHT) + OVERSCAN) / STEP) * STEP;
    return [from, to];
  }

  private onScroll = (e: Event) => {
    const top = (e.target as HTMLElement).scrollTop;
    const [a, b] = this.window(this.scrollPos);
    const [c, d] = this.window(top);
    this.scrollPos = top;
    if (a !== c || b !== d) this.requestUpdate();
  };

  private cell(col: Column, r: VisitorRow) {
    const now = this.store.now();
    switch (col.key) {
      case "status":
        return html`<span class="badge ${r.status}"><span class="dot" aria-hidden="true"></span>${t(`visitors.status.${r.status}`)}</span>`;
      case "id":
        return r.id;
      case "name":
        // V25: a verified member shows the badge and the name the host site signed.
        return r.member
          ? html`<span class="verified" title=${t("visitors.memberId", { id: r.member.memberId })}>${t("visitors.verified")}</span> ${r.member.name || r.name || r.member.memberId}`
          : r.name || t("visitors.anonymous", { id: r.id });
      case "keyword":
        return [r.searchEngine, r.searchKeyword].filter(Boolean).join(" · ");
      case "visits":
        return r.visitCount;
      case "ip":
        return r.ip;
      case "region":
        return r.region;
      case "entered":
        return clockTime(r.enteredAt);
      case "wait":
        return r.waitingSince !== null ? duration(now - r.waitingSince) : "";
      case "lastMessage":
        return r.lastMessageAt !== null ? html`<span class="muted">${clockTime(r.lastMessageAt)}</span> ${r.lastMessage}` : "";
      case "left":
        return clockTime(r.goneAt);
      case "agent":
        return r.agentName;
      case "page":
        return html`<span title=${r.currentUrl}>${r.currentTitle || r.currentUrl}</span> <span class="muted">${r.currentUrl}</span>`;
      case "language":
        return r.language;
      case "system":
        return [r.os, r.browser].filter(Boolean).join(" / ");
      case "site":
        return this.siteName(r.siteId);
    }
  }

  private renderRow(r: VisitorRow, i: number, cols: Column[], focusable: boolean) {
    const action = r.status === "waiting" ? "visitors.accept" : r.status === "chatting" ? "visitors.open" : "";
    return html`<div role="row" class="row ${r.status} ${r.id === this.selectedId ? "selected" : ""}" data-id=${r.id} data-index=${i}
        aria-rowindex=${i + 2} aria-selected=${r.id === this.selectedId ? "true" : "false"} tabindex=${focusable ? 0 : -1}
        ${cssProps({ transform: `translateY(${i * ROW_HEIGHT}px)` })}>
      ${cols.map((c) => html`<div role="gridcell" class="cell c-${c.key}">${this.cell(c, r)}</div>`)}
      <div role="gridcell" class="cell c-action">${action && r.conversationId !== null
        ? html`<button type="button" class="act" @click=${(e: Event) => this.openConversation(e, r)}>${t(action)}</button>`
        : nothing}</div>
    </div>`;
  }

  override render() {
    const cols = this.columns.map((k) => columnByKey.get(k)!);
    const template = [...cols.map((c) => `${c.width}px`), `${ACTION_WIDTH}px`].join(" ");
    const width = cols.reduce((n, c) => n + c.width, ACTION_WIDTH);
    const total = this.view.length;
    const [from, to] = this.window(this.scrollPos);
    const first = Math.min(from, total);
    const last = Math.min(total, to);
    const activeIndex = this.activeId === null ? -1 : this.view.findIndex((r) => r.id === this.activeId);
    const tabIndexAt = activeIndex >= first && activeIndex < last ? activeIndex : first;
    const selected = this.selectedId === null ? undefined : this.store.rows.get(this.selectedId);
    const sortState = (k: ColumnKey) => (this.sort.key !== k ? "none" : this.sort.dir === "asc" ? "ascending" : "descending");
    return html`
      <div class="wrap">
        <section class="main" aria-label=${t("visitors.title")}>
          <div class="toolbar">
            ${STATUSES.map((s) => html`<label class="filter ${s}"><input type="checkbox" name="status-${s}" .checked=${this.statuses.has(s)}
              @change=${(e: Event) => this.toggleStatus(s, (e.target as HTMLInputElement).checked)}><span class="dot" aria-hidden="true"></span>${t(`visitors.status.${s}`)} <span class="n">${this.counts[s]}</span></label>`)}
            <label class="filter"><input type="checkbox" name="hide-gone" .checked=${this.hideGone} @change=${(e: Event) => (this.hideGone = (e.target as HTMLInputElement).checked)}>${t("visitors.hideGone")}</label>
            <input class="search" type="search" name="search" .value=${this.text} placeholder=${t("visitors.search")} aria-label=${t("visitors.search")}
              @input=${(e: Event) => (this.text = (e.target as HTMLInputElement).value)}>
            <details class="chooser">
              <summary>${t("visitors.columns")}</summary>
              <div class="menu">${COLUMNS.map((c) => html`<label><input type="checkbox" name="col-${c.key}" .checked=${this.columns.includes(c.key)}
                @change=${(e: Event) => this.toggleColumn(c.key, (e.target as HTMLInputElement).checked)}>${t(`visitors.col.${c.key}`)}</label>`)}</div>
            </details>
            <span class="count" role="status">${this.store.loaded ? t("visitors.count", { shown: total, total: this.store.rows.size }) : t("visitors.loading")}</span>
          </div>
          ${this.error ? html`<p class="error" role="alert">${this.error} <button type="button" @click=${() => this.reload()}>${t("visitors.retry")}</button></p>` : nothing}
          <div class="viewport" role="grid" aria-label=${t("visitors.title")} aria-rowcount=${total + 1} aria-colcount=${cols.length + 1}
            ${cssProps({ "--cols": template, "--width": `${width}px` })}
            @scroll=${this.onScroll}>
            <div class="head" role="row" aria-rowindex="1">
              ${cols.map((c) => html`<div role="columnheader" class="cell c-${c.key}" aria-sort=${sortState(c.key)}>
                <button type="button" class="sort" @click=${() => this.sortBy(c.key)}>${t(`visitors.col.${c.key}`)}<span class="arrow" aria-hidden="true">${this.sort.key === c.key ? (this.sort.dir === "asc" ? "▲" : "▼") : ""}</span></button>
              </div>`)}
              <div role="columnheader" class="cell c-action"></div>
            </div>
            <div class="body" ${cssProps({ height: `${total * ROW_HEIGHT}px` })} @click=${this.onRowClick} @keydown=${this.onKey}>
              ${repeat(this.view.slice(first, last), (r) => r.id, (r, k) => this.renderRow(r, first + k, cols, first + k === tabIndexAt))}
            </div>
            ${this.store.loaded && !total ? html`<p class="empty">${t("visitors.empty")}</p>` : nothing}
          </div>
        </section>
        ${selected ? html`<yk-visitor-detail class="side" .row=${selected} .siteName=${this.siteName(selected.siteId)} .now=${this.store.now}
          @yk-visitor-detail-close=${() => (this.selectedId = null)}></yk-visitor-detail>` : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-visitor-list": YkVisitorList;
  }
}
