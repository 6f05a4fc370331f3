import { html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { DepartmentRow } from "../agents/departments.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, textField, type FieldState } from "./forms.ts";

/** Department administration (/admin/departments): list with member counts, create, edit, delete. */
const ACTIVE = "/admin/departments";

export const departmentValues = (d: DepartmentRow): FieldState => ({ values: { name: d.name, position: String(d.position) }, errors: {} });

export function departmentListPage(o: { principal: Principal; departments: { department: DepartmentRow; members: number; groups: number }[]; notice?: string }) {
  const rows = o.departments.map(({ department: d, members, groups }) => html`<tr>
  <td><a href="/admin/departments/${d.id}">${d.name}</a></td>
  <td>${d.position}</td>
  <td class="count-members">${members}</td>
  <td>${groups}</td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "部门 Departments", active: ACTIVE, notice: o.notice,
    body: html`<h1>部门 <small>Departments</small></h1>
<p><a class="button" href="/admin/departments/new">新建部门 <small>New department</small></a></p>
${o.departments.length ? html`<table class="data">
<thead><tr><th>名称 <small>Name</small></th><th>排序 <small>Position</small></th><th>客服人数 <small>Agents</small></th><th>分组数 <small>Groups</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有部门。部门管理员只能管理本部门的客服、对话和数据。 <small>No departments yet. A department admin manages only their own department's agents, chats and data.</small></p>`}`,
  });
}

const fields = (s: FieldState) => html`${textField(s, "name", html`部门名称 <small>Department name</small>`, { required: true, maxlength: 40 })}
${textField(s, "position", html`排序 <small>Position</small>`, { type: "number", min: 0, max: 9999, hint: html`数字小的排在前面 <small>Lower numbers come first</small>` })}`;

export function newDepartmentPage(o: { principal: Principal; state: FieldState }) {
  return adminPage({
    principal: o.principal, title: "新建部门 New department", active: ACTIVE,
    body: html`<h1>新建部门 <small>New department</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/departments" class="stack">
  ${csrfField(o.principal)}
  ${fields(o.state)}
  <button type="submit">创建 <small>Create</small></button>
  <a href="/admin/departments">取消 <small>Cancel</small></a>
</form>`,
  });
}

export function editDepartmentPage(o: { principal: Principal; department: DepartmentRow; members: number; state: FieldState; notice?: string }) {
  const d = o.department;
  return adminPage({
    principal: o.principal, title: "编辑部门 Edit department", active: ACTIVE, notice: o.notice,
    body: html`<h1>编辑部门 <small>Edit department</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/departments/${d.id}" class="stack">
  ${csrfField(o.principal)}
  ${fields(o.state)}
  <button type="submit">保存 <small>Save</small></button>
</form>
<form method="post" action="/admin/departments/${d.id}/delete" class="inline" hx-confirm="删除部门“${d.name}”？其 ${o.members} 位客服、分组和网站将不再属于任何部门。 Delete this department? Its agents, groups and sites will belong to no department.">
  ${csrfField(o.principal)}
  <button type="submit" class="danger">删除部门 <small>Delete department</small></button>
</form>
<p><a href="/admin/departments">返回列表 <small>Back to the list</small></a></p>`,
  });
}
