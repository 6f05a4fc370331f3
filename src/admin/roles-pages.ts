import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import { PERMISSIONS, type Permission } from "../auth/permissions.ts";
import { permissionsByArea, type RoleView } from "../auth/roles.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, fieldError, selectField, textArea, textField, type FieldState } from "./forms.ts";

/** Role administration (/admin/roles): built-in roles read-only, custom roles created and edited. */
const ACTIVE = "/admin/roles";

export interface RoleFormState extends FieldState {
  permissions: string[];
}

export const roleValues = (r: RoleView): RoleFormState => ({
  values: { id: r.id, name: r.name, description: r.description, scope: r.scope },
  errors: {},
  permissions: r.permissions,
});

const scopeLabel = (scope: string) => (scope === "department" ? html`本部门 <small>Own department</small>` : html`全组织 <small>Organisation</small>`);

export function roleListPage(o: { principal: Principal; roles: RoleView[]; notice?: string }) {
  const rows = o.roles.map((r) => html`<tr>
  <td><a href="/admin/roles/${r.id}"><code>${r.id}</code></a></td>
  <td>${r.name}</td>
  <td>${r.builtin ? html`内置 <small>Built-in</small>` : html`自定义 <small>Custom</small>`}</td>
  <td>${scopeLabel(r.scope)}</td>
  <td>${r.permissions.length}</td>
  <td>${r.holders}</td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "角色 Roles", active: ACTIVE, notice: o.notice,
    body: html`<h1>角色 <small>Roles</small></h1>
<p><a class="button" href="/admin/roles/new">新建角色 <small>New role</small></a></p>
<table class="data">
<thead><tr><th>标识 <small>Id</small></th><th>名称 <small>Name</small></th><th>类型 <small>Kind</small></th><th>范围 <small>Scope</small></th><th>权限数 <small>Permissions</small></th><th>客服人数 <small>Agents</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>`,
  });
}

/** Every permission as a checkbox (or, read-only, a tick), grouped by area, with its meaning. */
function permissionBoxes(s: RoleFormState, readOnly: boolean): Html {
  const groups = permissionsByArea().filter((g) => g.permissions.length).map(({ area, permissions }) => html`<fieldset class="permissions" data-area="${area.id}"><legend>${area.zh} <small>${area.en}</small></legend>
${permissions.map((p: Permission) => {
  const on = s.permissions.includes(p);
  return readOnly
    ? html`<div class="check">${on ? "✓" : "—"} <code>${p}</code> ${PERMISSIONS[p]}</div>`
    : html`<label class="check"><input type="checkbox" name="permissions" value="${p}"${on ? html` checked` : ""}> <code>${p}</code> ${PERMISSIONS[p]}</label>`;
})}</fieldset>`);
  return html`<div class="permission-groups"${s.errors.permissions ? html` aria-invalid="true" aria-describedby="err-permissions"` : ""}>${groups}${fieldError(s, "permissions")}</div>`;
}

const SCOPES = [
  { value: "all", label: "全组织 Organisation" },
  { value: "department", label: "本部门 Own department only" },
];

function roleFields(s: RoleFormState, isNew: boolean): Html {
  return html`${isNew ? textField(s, "id", html`标识 <small>Id</small>`, { required: true, maxlength: 32, autocomplete: "off", hint: html`2–32 位小写字母、数字、_ 或 -，创建后不可改 <small>2–32 of a-z 0-9 _ -; fixed once created</small>` }) : ""}
${textField(s, "name", html`名称 <small>Name</small>`, { required: true, maxlength: 40 })}
${textArea(s, "description", html`说明 <small>Description</small>`, { rows: 2, maxlength: 400 })}
${selectField(s, "scope", html`数据范围 <small>Scope</small>`, SCOPES)}
${permissionBoxes(s, false)}`;
}

export function newRolePage(o: { principal: Principal; state: RoleFormState }) {
  return adminPage({
    principal: o.principal, title: "新建角色 New role", active: ACTIVE,
    body: html`<h1>新建角色 <small>New role</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/roles" class="stack">
  ${csrfField(o.principal)}
  ${roleFields(o.state, true)}
  <button type="submit">创建 <small>Create</small></button>
  <a href="/admin/roles">取消 <small>Cancel</small></a>
</form>`,
  });
}

export function builtinRolePage(o: { principal: Principal; role: RoleView }) {
  const r = o.role;
  return adminPage({
    principal: o.principal, title: `角色 ${r.name}`, active: ACTIVE,
    body: html`<h1>${r.name} <small>(<code>${r.id}</code>)</small></h1>
<p class="muted">内置角色不能修改；其权限随版本更新。 <small>Built-in roles cannot be changed; their permissions follow the release.</small></p>
<dl class="facts">
  <dt>数据范围 <small>Scope</small></dt><dd>${scopeLabel(r.scope)}</dd>
  <dt>客服人数 <small>Agents</small></dt><dd>${r.holders}</dd>
</dl>
${permissionBoxes({ values: {}, errors: {}, permissions: r.permissions }, true)}
<p><a href="/admin/roles">返回列表 <small>Back to the list</small></a></p>`,
  });
}

export function editRolePage(o: { principal: Principal; role: RoleView; state: RoleFormState; notice?: string; deleteError?: string }) {
  const r = o.role;
  return adminPage({
    principal: o.principal, title: "编辑角色 Edit role", active: ACTIVE, notice: o.notice,
    body: html`<h1>编辑角色 <small>Edit role</small> <code>${r.id}</code></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/roles/${r.id}" class="stack">
  ${csrfField(o.principal)}
  ${roleFields(o.state, false)}
  <button type="submit">保存 <small>Save</small></button>
</form>
<form method="post" action="/admin/roles/${r.id}/delete" class="inline" hx-confirm="删除角色“${r.name}”？ Delete this role?">
  ${csrfField(o.principal)}
  <button type="submit" class="danger" name="id" value="${r.id}"${o.deleteError ? html` aria-invalid="true" aria-describedby="err-delete"` : ""}>删除角色 <small>Delete role</small></button>
  ${o.deleteError ? html`<span class="field-error" id="err-delete" role="alert">${o.deleteError}</span>` : ""}
</form>
<p><a href="/admin/roles">返回列表 <small>Back to the list</small></a></p>`,
  });
}
