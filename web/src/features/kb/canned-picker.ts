/**
 * <yk-canned-picker .conversationId=${id} .query=${"text after /"}>
 *
 * Search-as-you-type over the agent's canned replies, quick links and common files (company,
 * own groups, own), grouped by scope and folder. ↑/↓ choose, Enter uses the chosen entry,
 * Escape closes. How the shell opens it: when the agent types "/" as the first character of
 * the composer, or presses Ctrl+K (see `isPickerKey` in ./index.ts); call `.focus()` after
 * mounting it.
 *
 * Properties: conversationId (number | null: where links and files go), query (initial text).
 * Fires (all bubble and are composed):
 *  - `yk-insert` {text}: a reply was chosen; the composer inserts the text (nothing is sent).
 *  - `yk-push-url` {url, title, conversationId}: a quick link was chosen. Cancelable: whoever
 *    implements the push-URL API calls preventDefault(); when nobody does, the picker sends the
 *    link as a chat message (POST /api/conversations/:id/messages) instead.
 *  - `yk-picker-close` {}: the picker is done (used or Escape); the shell removes or hides it.
 * Calls: GET /api/canned?q=…, POST /api/conversations/:id/common-files/:itemId,
 * POST /api/conversations/:id/messages.
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { sections, type Folder, type GroupRef, type Item } from "./model.ts";
import "./strings.ts";

const newCid = () => `kb${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

@customElement("yk-canned-picker")
export class YkCannedPicker extends LitElement {
  static override styles = css`
    :host { display: block; font: inherit; background: #fff; border: 1px solid #c8ced6; border-radius: 6px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.12); max-width: 36rem; }
    input { box-sizing: border-box; width: 100%; padding: 0.5rem 0.6rem; border: 0; border-bottom: 1px solid #e3e6ea; font: inherit; }
    input:focus { outline: 2px solid #2563eb; outline-offset: -2px; }
    ul { list-style: none; margin: 0; padding: 0; max-height: 18rem; overflow: auto; }
    li.head { padding: 0.3rem 0.6rem; font-size: 0.8em; color: #5b6470; background: #f6f7f9; }
    li.opt { padding: 0.35rem 0.6rem; cursor: pointer; display: flex; gap: 0.5rem; align-items: baseline; }
    li.opt[aria-selected="true"] { background: #e8f0fe; }
    .title { font-weight: 600; white-space: nowrap; }
    .sc { color: #2563eb; font-family: monospace; }
    .text { color: #5b6470; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .kind { font-size: 0.75em; border: 1px solid #c8ced6; border-radius: 3px; padding: 0 0.25em; }
    .foot { padding: 0.3rem 0.6rem; font-size: 0.8em; color: #5b6470; border-top: 1px solid #e3e6ea; }
    .status[role="alert"] { color: #b91c1c; }
  `;

  @property({ type: Number }) conversationId: number | null = null;
  @property() query = "";
  @state() private items: Item[] = [];
  @state() private folders: Folder[] = [];
  @state() private groups: GroupRef[] = [];
  @state() private active = 0;
  @state() private loading = true;
  @state() private status = "";
  @state() private error = false;
  @query("input") private input!: HTMLInputElement;
  private asked = 0;
  private offLang: (() => void) | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.offLang = onLangChange(() => this.requestUpdate());
    void this.search(this.query);
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.offLang?.();
  }

  override focus() {
    this.updateComplete.then(() => this.input?.focus());
  }

  /** Asks the server; an answer to an older query than the newest one is dropped. */
  private async search(q: string) {
    const mine = ++this.asked;
    try {
      const r = await api<{ items: Item[]; folders: Folder[]; groups: GroupRef[] }>("GET", `/api/canned?q=${encodeURIComponent(q)}&limit=100`);
      if (mine !== this.asked) return;
      Object.assign(this, { items: r.items, folders: r.folders, groups: r.groups, active: 0, loading: false });
    } catch (e) {
      if (mine === this.asked) this.say((e as Error).message, true);
    }
  }

  private say(text: string, error = false) {
    this.status = text;
    this.error = error;
  }

  private onInput(e: Event) {
    this.query = (e.target as HTMLInputElement).value;
    void this.search(this.query);
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!this.items.length) return;
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : -1) + this.items.length) % this.items.length;
      this.updateComplete.then(() => this.renderRoot.querySelector(`#opt-${this.items[this.active]?.id}`)?.scrollIntoView({ block: "nearest" }));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const item = this.items[this.active];
      if (item) void this.use(item);
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.fire("yk-picker-close", {});
    }
  }

  private fire(type: string, detail: object, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  private async use(item: Item) {
    if (item.kind === "reply") {
      this.fire("yk-insert", { text: item.body });
      this.fire("yk-picker-close", {});
      return;
    }
    if (this.conversationId === null) return this.say(t("kb.noConversation"), true);
    try {
      if (item.kind === "link") {
        const handled = !this.fire("yk-push-url", { url: item.url, title: item.title, conversationId: this.conversationId }, true);
        if (!handled) await api("POST", `/api/conversations/${this.conversationId}/messages`, { cid: newCid(), body: `${item.title} ${item.url}` });
        this.say(t("kb.pushed"));
      } else {
        await api("POST", `/api/conversations/${this.conversationId}/common-files/${item.id}`, { cid: newCid() });
        this.say(t("kb.sent"));
      }
      this.fire("yk-picker-close", {});
    } catch (e) {
      this.say(e instanceof ApiError ? e.message : String(e), true);
    }
  }

  override render() {
    const activeItem = this.items[this.active];
    return html`<input type="search" role="combobox" aria-expanded="true" aria-controls="kb-list" aria-autocomplete="list"
        aria-activedescendant=${activeItem ? `opt-${activeItem.id}` : nothing} .value=${this.query}
        placeholder=${t("kb.search")} aria-label=${t("kb.search")} @input=${this.onInput} @keydown=${this.onKey}>
      <ul id="kb-list" role="listbox" aria-label=${t("kb.search")}>
        ${sections(this.items, this.folders, this.groups).map((s) => html`<li class="head" role="presentation">${s.label}</li>
          ${s.items.map((i) => html`<li class="opt" role="option" id="opt-${i.id}" data-id=${i.id} aria-selected=${i === activeItem ? "true" : "false"}
              @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.use(i)}>
            ${i.kind !== "reply" ? html`<span class="kind">${t(`kb.${i.kind}`)}</span>` : nothing}
            <span class="title">${i.title}</span>
            ${i.shortcut ? html`<span class="sc">${i.shortcut}</span>` : nothing}
            <span class="text">${i.kind === "link" ? i.url : i.kind === "file" ? i.file_name : i.body}</span>
          </li>`)}`)}
      </ul>
      ${!this.loading && !this.items.length ? html`<p class="foot">${t("kb.none")}</p>` : nothing}
      <p class="foot status" role=${this.error ? "alert" : "status"}>${this.status || t("kb.searchHint")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-canned-picker": YkCannedPicker;
  }
}
