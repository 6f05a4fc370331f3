import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { FolderRow, ItemRow } from "../kb/model.ts";
import type { RowError } from "../kb/transfer.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, selectField, textArea, textField, type FieldState } from "./forms.ts";

/** Company and group canned replies and quick links (/admin/canned): list, edit, CSV. */
const ACTIVE = "/admin/canned";

export interface GroupRef {
  id: number;
  name: string;
}

export const itemValues = (i: ItemRow, folders: FolderRow[]): Record<string, string> => ({
  kind: i.kind, scope: i.scope, group_id: i.group_id ? String(i.group_id) : "", folder_name: folders.find((f) => f.id === i.folder_id)?.name ?? "",
  title: i.title, shortcut: i.shortcut ?? "", text: i.body, url: i.url ?? "", position: String(i.position),
});

const KIND_LABEL: Record<string, Html> = { reply: html`常用语 <small>Reply</small>`, link: html`链接 <small>Link</small>`, file: html`文件 <small>File</small>` };

function scopeLabel(i: { scope: string; group_id: number | null }, groups: GroupRef[]): Html {
  if (i.scope === "company") return html`公司 <small>Company</small>`;
  return html`分组 <small>Group</small>: ${groups.find((g) => g.id === i.group_id)?.name ?? "?"}`;
}

const preview = (i: ItemRow) => (i.kind === "link" ? i.url ?? "" : i.kind === "file" ? i.file_name ?? "" : i.body.length > 80 ? `${i.body.slice(0, 80)}…` : i.body);

export function cannedListPage(o: { principal: Principal; items: ItemRow[]; folders: FolderRow[]; groups: GroupRef[]; notice?: string; importErrors?: RowError[] }) {
  const folderName = (id: number | null) => o.folders.find((f) => f.id === id)?.name ?? "";
  const rows = o.items.map((i) => html`<tr>
  <td>${scopeLabel(i, o.groups)}</td>
  <td>${folderName(i.folder_id)}</td>
  <td>${KIND_LABEL[i.kind]}</td>
  <td>${i.kind === "file" ? i.title : html`<a href="/admin/canned/${i.id}">${i.title}</a>`}</td>
  <td>${i.shortcut ? html`<code>${i.shortcut}</code>` : ""}</td>
  <td>${preview(i)}</td>
</tr>`);
  const errors = o.importErrors?.length
    ? html`<div class="alert" role="alert"><p>未导入任何内容：请更正以下行后重新导入。 <small>Nothing was imported: correct these rows and import again.</small></p>
<ul class="import-errors">${o.importErrors.map((e) => html`<li>${e.row ? html`第 ${e.row} 行 <small>row ${e.row}</small> · ` : ""}<code>${e.field}</code>: ${e.message}</li>`)}</ul></div>`
    : "";
  return adminPage({
    principal: o.principal, title: "常用语 Canned replies", active: ACTIVE, notice: o.notice,
    body: html`<h1>常用语 <small>Canned replies</small></h1>
<p class="muted">公司和分组的常用语与常用链接，按文件夹整理；个人常用语和常用文件在工作台中维护。 <small>Company and group replies and quick links, in folders; personal replies and common files are kept in the console.</small></p>
<p><a class="button" href="/admin/canned/new">新建常用语 <small>New reply</small></a>
<a class="button" href="/admin/canned/new?kind=link">新建链接 <small>New link</small></a>
<a href="/admin/canned/export.csv" hx-boost="false" download>导出 CSV <small>Export CSV</small></a></p>
${errors}
<form method="post" action="/admin/canned/import" enctype="multipart/form-data" class="stack" hx-boost="false">
  ${csrfField(o.principal)}
  <label>导入 CSV（列：scope, group, folder, title, shortcut, text, kind；UTF-8） <small>Import CSV (columns scope, group, folder, title, shortcut, text, kind; UTF-8)</small>
  <input type="file" name="csv" accept=".csv,text/csv" required></label>
  <button type="submit">导入 <small>Import</small></button>
</form>
${o.items.length ? html`<table class="data" hx-disable>
<thead><tr><th>范围 <small>Scope</small></th><th>文件夹 <small>Folder</small></th><th>类型 <small>Kind</small></th><th>标题 <small>Title</small></th><th>快捷键 <small>Shortcut</small></th><th>内容 <small>Content</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有公共常用语。 <small>No company or group replies yet.</small></p>`}`,
  });
}

/** The scope is chosen when an item is created; editing keeps it (so the scope selects are left out). */
function itemFields(s: FieldState, groups: GroupRef[], kind: string, withScope: boolean): Html {
  return html`${withScope ? html`${selectField(s, "scope", html`范围 <small>Scope</small>`, [{ value: "company", label: "公司 Company" }, { value: "group", label: "分组 Group" }])}
${selectField(s, "group_id", html`分组（范围为分组时） <small>Group (for group scope)</small>`, [{ value: "", label: "—" }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))])}` : ""}
${textField(s, "folder_name", html`文件夹（不存在时自动创建，可留空） <small>Folder (created when missing; optional)</small>`, { maxlength: 40 })}
${textField(s, "title", html`标题 <small>Title</small>`, { required: true, maxlength: 100 })}
${kind === "link"
    ? textField(s, "url", html`网址 <small>URL</small>`, { type: "url", required: true, maxlength: 2000, hint: html`仅限 http:// 或 https:// <small>http:// or https:// only</small>` })
    : html`${textField(s, "shortcut", html`快捷键（可选，如 /hi） <small>Shortcut (optional, e.g. /hi)</small>`, { maxlength: 31 })}
${textArea(s, "text", html`内容（最多 2000 字） <small>Text (2,000 characters at most)</small>`, { rows: 6, maxlength: 2000 })}`}
${textField(s, "position", html`排序 <small>Position</small>`, { type: "number", min: 0, max: 99999 })}`;
}

export function newCannedPage(o: { principal: Principal; kind: string; groups: GroupRef[]; state: FieldState }) {
  return adminPage({
    principal: o.principal, title: "新建常用语 New canned reply", active: ACTIVE,
    body: html`<h1>${o.kind === "link" ? html`新建链接 <small>New quick link</small>` : html`新建常用语 <small>New canned reply</small>`}</h1>
${errorSummary(o.state)}
<form method="post" action="/admin/canned" class="stack">
  ${csrfField(o.principal)}
  <input type="hidden" name="kind" value="${o.kind}">
  ${itemFields(o.state, o.groups, o.kind, true)}
  <button type="submit">创建 <small>Create</small></button>
  <a href="/admin/canned">取消 <small>Cancel</small></a>
</form>`,
  });
}

export function editCannedPage(o: { principal: Principal; item: ItemRow; groups: GroupRef[]; state: FieldState }) {
  const i = o.item;
  return adminPage({
    principal: o.principal, title: "编辑常用语 Edit canned reply", active: ACTIVE,
    body: html`<h1>编辑${i.kind === "link" ? "链接" : "常用语"} <small>Edit ${i.kind === "link" ? "quick link" : "canned reply"}</small></h1>
<p>${scopeLabel(i, o.groups)}</p>
${errorSummary(o.state)}
<form method="post" action="/admin/canned/${i.id}" class="stack">
  ${csrfField(o.principal)}
  ${itemFields(o.state, o.groups, i.kind, false)}
  <button type="submit">保存 <small>Save</small></button>
</form>
<form method="post" action="/admin/canned/${i.id}/delete" class="inline">
  ${csrfField(o.principal)}
  <button type="submit" class="danger">删除 <small>Delete</small></button>
</form>
<p><a href="/admin/canned">返回列表 <small>Back to the list</small></a></p>`,
  });
}
