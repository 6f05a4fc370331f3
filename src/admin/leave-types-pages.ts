import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { LeaveTypeRow } from "../leave/model.ts";
import { MAX_TYPE_NAME } from "../leave/model.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, textField, type FieldState } from "./forms.ts";

/** Leave-message types (/admin/leave-types, H2): the list agents sort leave messages by in the inbox. */
const ACTIVE = "/admin/leave-types";

/** The add form's state, and a rename error on one row (shown next to that row's field). */
export interface LeaveTypesPageState {
  add: FieldState;
  rename?: { id: number; value: string; message: string };
}

function renameForm(p: Principal, t: LeaveTypeRow, err: LeaveTypesPageState["rename"]): Html {
  const mine = err?.id === t.id ? err : undefined;
  const errId = `err-name-${t.id}`;
  return html`<form method="post" action="/admin/leave-types/${t.id}" class="inline topic-rename">
  ${csrfField(p)}
  <label><span class="sr-only">类型名称 Type name</span>
  <input name="name" value="${mine ? mine.value : t.name}" maxlength="${MAX_TYPE_NAME}" required${mine ? html` aria-invalid="true" aria-describedby="${errId}"` : ""}>
  ${mine ? html`<span class="field-error" id="${errId}" role="alert">${mine.message}</span>` : ""}</label>
  <button type="submit">改名 <small>Rename</small></button>
</form>`;
}

const action = (p: Principal, t: LeaveTypeRow, path: string, label: Html, extra: Html = html``) =>
  html`<form method="post" action="/admin/leave-types/${t.id}/${path}" class="inline">${csrfField(p)}${extra}<button type="submit">${label}</button></form>`;

export function leaveTypesPage(o: { principal: Principal; types: LeaveTypeRow[]; state: LeaveTypesPageState; notice?: string }) {
  const p = o.principal;
  const rows = o.types.map((t, i) => html`<tr${t.disabled ? html` class="muted"` : ""}>
  <td>${renameForm(p, t, o.state.rename)}</td>
  <td>${t.disabled ? html`<span class="badge off">已停用 <small>Disabled</small></span>` : html`<span class="badge on">使用中 <small>In use</small></span>`}</td>
  <td class="actions">
    ${i > 0 ? action(p, t, "move", html`上移 <small>Up</small>`, html`<input type="hidden" name="direction" value="up">`) : ""}
    ${i < o.types.length - 1 ? action(p, t, "move", html`下移 <small>Down</small>`, html`<input type="hidden" name="direction" value="down">`) : ""}
    ${t.disabled ? action(p, t, "enable", html`启用 <small>Enable</small>`) : action(p, t, "disable", html`停用 <small>Disable</small>`)}
  </td>
</tr>`);
  return adminPage({
    principal: p, title: "留言类型 Leave message types", active: ACTIVE, notice: o.notice,
    body: html`<h1>留言类型 <small>Leave message types</small></h1>
<p class="muted">客服在留言箱中从这里为留言选择类型（如咨询、投诉、建议）。停用的类型不再可选，已分类的留言保留其类型。 <small>Agents give leave messages a type from this list in the inbox (e.g. enquiry, complaint, suggestion). A disabled type can no longer be chosen; messages that have it keep it.</small></p>
${errorSummary(o.state.add)}
<form method="post" action="/admin/leave-types" class="stack">
  ${csrfField(p)}
  ${textField(o.state.add, "name", html`新类型 <small>New type</small>`, { required: true, maxlength: MAX_TYPE_NAME })}
  <button type="submit">添加 <small>Add</small></button>
</form>
${o.types.length ? html`<table class="data">
<thead><tr><th>名称 <small>Name</small></th><th>状态 <small>Status</small></th><th>操作 <small>Actions</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有留言类型。 <small>No types yet.</small></p>`}`,
  });
}
