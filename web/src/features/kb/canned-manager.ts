/**
 * <yk-canned-manager>
 *
 * Keeps canned replies, quick links and common files: the agent's own (canned.personal) and,
 * for holders of canned.manage, the company's and each group's. Folders (add, rename, delete —
 * deleting keeps the items), items (add, edit, delete, move up/down), common-file upload.
 * Validation errors from the server are shown next to the field they name.
 *
 * Properties: none (reads the signed-in agent's permissions from lib/session).
 * Fires: `yk-canned-changed` {} (bubbles, composed) after any change, so an open picker can refresh.
 * Calls: GET /api/canned/bucket, POST/PUT/DELETE /api/canned/items[/:id], POST /api/canned/files,
 * POST/PUT/DELETE /api/canned/folders[/:id], POST /api/canned/reorder.
 */
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, ApiError } from "../../lib/api.ts";
import { onLangChange, t } from "../../lib/i18n.ts";
import { can } from "../../lib/session.ts";
import type { Folder, GroupRef, Item, Scope } from "./model.ts";
import "./strings.ts";

type Draft = { id: number | null; kind: "reply" | "link" | "file"; title: string; text: string; shortcut: string; url: string; folder_id: string };
const blank = (kind: Draft["kind"]): Draft => ({ id: null, kind, title: "", text: "", shortcut: "", url: "", folder_id: "" });

@customElement("yk-canned-manager")
export class YkCannedManager extends LitElement {
  static override styles = css`
    :host { display: block; font: inherit; }
    nav { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-bottom: 0.5rem; }
    button[aria-pressed="true"] { font-weight: 700; }
    section { border: 1px solid #e3e6ea; border-radius: 6px; padding: 0.5rem; margin-bottom: 0.5rem; }
    h3 { margin: 0.2rem 0; font-size: 1em; display: flex; gap: 0.5rem; align-items: center; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; gap: 0.5rem; align-items: baseline; padding: 0.2rem 0; border-bottom: 1px solid #f0f1f3; }
    .grow { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #5b6470; }
    form { display: grid; gap: 0.4rem; margin: 0.5rem 0; }
    label { display: grid; gap: 0.15rem; }
    .err { color: #b91c1c; font-size: 0.85em; }
    .alert { color: #b91c1c; }
  `;

  @state() private scope: Scope = can("canned.personal") ? "personal" : "company";
  @state() private groupId: number | null = null;
  @state() private groups: GroupRef[] = [];
  @state() private folders: Folder[] = [];
  @state() private items: Item[] = [];
  @state() private draft: Draft | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private message = "";
  private offLang: (() => void) | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.offLang = onLangChange(() => this.requestUpdate());
    void this.load();
  }
  override disconnectedCallback() {
    super.disconnectedCallback();
    this.offLang?.();
  }

  private get bucketQuery() {
    return `scope=${this.scope}${this.scope === "group" && this.groupId ? `&group_id=${this.groupId}` : ""}`;
  }
  private get bucketBody() {
    return { scope: this.scope, group_id: this.scope === "group" ? this.groupId : null };
  }

  private async load() {
    if (this.scope === "group" && !this.groupId) {
      // The group list comes with any bucket the agent may read; the company one is enough.
      const r = await api<{ groups: GroupRef[] }>("GET", "/api/canned/bucket?scope=company");
      this.groups = r.groups;
      this.groupId = r.groups[0]?.id ?? null;
      if (!this.groupId) return void (this.items = [], this.folders = []);
    }
    try {
      const r = await api<{ folders: Folder[]; items: Item[]; groups: GroupRef[] }>("GET", `/api/canned/bucket?${this.bucketQuery}`);
      Object.assign(this, { folders: r.folders, items: r.items, groups: r.groups, message: "" });
    } catch (e) {
      this.message = (e as Error).message;
    }
  }

  /** Runs a change; a field error goes next to its field, anything else above the list. */
  private async run(fn: () => Promise<unknown>) {
    this.errors = {};
    this.message = "";
    try {
      await fn();
      this.draft = null;
      await this.load();
      this.dispatchEvent(new CustomEvent("yk-canned-changed", { detail: {}, bubbles: true, composed: true }));
    } catch (e) {
      if (e instanceof ApiError && e.field) this.errors = { [e.field]: e.message };
      else this.message = (e as Error).message;
    }
  }

  private setScope(scope: Scope) {
    this.scope = scope;
    this.draft = null;
    void this.load();
  }

  private saveDraft(e: Event) {
    e.preventDefault();
    const d = this.draft!;
    const form = e.target as HTMLFormElement;
    if (d.kind === "file" && d.id === null) {
      const data = new FormData(form);
      data.set("scope", this.scope);
      if (this.scope === "group" && this.groupId) data.set("group_id", String(this.groupId));
      return this.run(() => api("POST", "/api/canned/files", data));
    }
    const body = { ...this.bucketBody, kind: d.kind, title: d.title, text: d.text, shortcut: d.shortcut, url: d.url, folder_id: d.folder_id || null };
    return this.run(() => (d.id === null ? api("POST", "/api/canned/items", body) : api("PUT", `/api/canned/items/${d.id}`, body)));
  }

  private move(item: Item, by: number) {
    const same = this.items.filter((i) => i.folder_id === item.folder_id);
    const at = same.indexOf(item);
    const to = at + by;
    if (to < 0 || to >= same.length) return;
    [same[at], same[to]] = [same[to], same[at]];
    return this.run(() => api("POST", "/api/canned/reorder", { type: "items", ids: same.map((i) => i.id) }));
  }

  private addFolder() {
    const name = prompt(t("kb.folderName"));
    if (name) return this.run(() => api("POST", "/api/canned/folders", { ...this.bucketBody, name }));
  }
  private renameFolder(f: Folder) {
    const name = prompt(t("kb.folderName"), f.name);
    if (name) return this.run(() => api("PUT", `/api/canned/folders/${f.id}`, { name }));
  }
  private deleteFolder(f: Folder) {
    if (confirm(t("kb.confirmDelete", { title: f.name }))) return this.run(() => api("DELETE", `/api/canned/folders/${f.id}`));
  }
  private deleteItem(i: Item) {
    if (confirm(t("kb.confirmDelete", { title: i.title }))) return this.run(() => api("DELETE", `/api/canned/items/${i.id}`));
  }

  private field(name: keyof Draft, label: string, o: { area?: boolean; type?: string } = {}) {
    const d = this.draft!;
    const err = this.errors[name === "text" ? "text" : name];
    const set = (e: Event) => (this.draft = { ...d, [name]: (e.target as HTMLInputElement).value });
    return html`<label>${label}
      ${o.area
        ? html`<textarea name=${name} rows="4" maxlength="2000" .value=${String(d[name] ?? "")} @input=${set} aria-invalid=${err ? "true" : "false"}></textarea>`
        : html`<input name=${name} type=${o.type ?? "text"} .value=${String(d[name] ?? "")} @input=${set} aria-invalid=${err ? "true" : "false"}>`}
      ${err ? html`<span class="err" role="alert">${err}</span>` : nothing}</label>`;
  }

  private renderForm() {
    const d = this.draft!;
    const folderErr = this.errors.folder_id;
    return html`<form @submit=${this.saveDraft}>
      ${d.kind === "file" && d.id === null
        ? html`<label>${t("kb.fileField")} <input type="file" name="file" required></label>${this.errors.file ? html`<span class="err" role="alert">${this.errors.file}</span>` : nothing}
            <label>${t("kb.title")} <input name="title"></label>
            <label>${t("kb.folder")} <select name="folder_id"><option value="">${t("kb.unfiled")}</option>${this.folders.map((f) => html`<option value=${f.id}>${f.name}</option>`)}</select></label>`
        : html`${this.field("title", t("kb.title"))}
            ${d.kind === "reply" ? html`${this.field("shortcut", t("kb.shortcut"))}${this.field("text", t("kb.text"), { area: true })}` : nothing}
            ${d.kind === "link" ? this.field("url", t("kb.url"), { type: "url" }) : nothing}
            <label>${t("kb.folder")} <select @change=${(e: Event) => (this.draft = { ...d, folder_id: (e.target as HTMLSelectElement).value })}>
              <option value="">${t("kb.unfiled")}</option>
              ${this.folders.map((f) => html`<option value=${f.id} ?selected=${String(f.id) === d.folder_id}>${f.name}</option>`)}
            </select>${folderErr ? html`<span class="err" role="alert">${folderErr}</span>` : nothing}</label>`}
      <div><button type="submit">${t("kb.save")}</button> <button type="button" @click=${() => (this.draft = null)}>${t("kb.cancel")}</button></div>
    </form>`;
  }

  private renderItems(folderId: number | null) {
    const items = this.items.filter((i) => i.folder_id === folderId);
    if (!items.length) return html`<p class="grow">${t("kb.empty")}</p>`;
    return html`<ul>${items.map((i) => html`<li>
      <strong>${i.title}</strong>${i.shortcut ? html` <code>${i.shortcut}</code>` : nothing}
      <span class="grow">${i.kind === "link" ? i.url : i.kind === "file" ? i.file_name : i.body}</span>
      <button type="button" aria-label=${t("kb.up")} @click=${() => this.move(i, -1)}>↑</button>
      <button type="button" aria-label=${t("kb.down")} @click=${() => this.move(i, 1)}>↓</button>
      <button type="button" @click=${() => { this.errors = {}; this.draft = { id: i.id, kind: i.kind, title: i.title, text: i.body, shortcut: i.shortcut ?? "", url: i.url ?? "", folder_id: i.folder_id ? String(i.folder_id) : "" }; }}>${t("kb.edit")}</button>
      <button type="button" @click=${() => this.deleteItem(i)}>${t("kb.delete")}</button>
    </li>`)}</ul>`;
  }

  override render() {
    const scopes: Scope[] = [...(can("canned.personal") ? (["personal"] as const) : []), ...(can("canned.manage") ? (["company", "group"] as const) : [])];
    const start = (kind: Draft["kind"]) => () => {
      this.errors = {};
      this.draft = blank(kind);
    };
    return html`<h2>${t("kb.manager")}</h2>
      <nav>${scopes.map((s) => html`<button type="button" aria-pressed=${this.scope === s ? "true" : "false"} @click=${() => this.setScope(s)}>${t(`kb.${s}`)}</button>`)}
        ${this.scope === "group" ? html`<label>${t("kb.chooseGroup")} <select @change=${(e: Event) => { this.groupId = Number((e.target as HTMLSelectElement).value); void this.load(); }}>
          ${this.groups.map((g) => html`<option value=${g.id} ?selected=${g.id === this.groupId}>${g.name}</option>`)}</select></label>` : nothing}
      </nav>
      ${this.message ? html`<p class="alert" role="alert">${this.message}</p>` : nothing}
      <div>
        <button type="button" @click=${start("reply")}>${t("kb.newReply")}</button>
        <button type="button" @click=${start("link")}>${t("kb.newLink")}</button>
        <button type="button" @click=${start("file")}>${t("kb.upload")}</button>
        <button type="button" @click=${() => this.addFolder()}>${t("kb.newFolder")}</button>
      </div>
      ${this.draft ? this.renderForm() : nothing}
      <section><h3>${t("kb.unfiled")}</h3>${this.renderItems(null)}</section>
      ${this.folders.map((f) => html`<section><h3>${f.name}
        <button type="button" @click=${() => this.renameFolder(f)}>${t("kb.rename")}</button>
        <button type="button" @click=${() => this.deleteFolder(f)}>${t("kb.delete")}</button></h3>
        ${this.renderItems(f.id)}</section>`)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "yk-canned-manager": YkCannedManager;
  }
}
