import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { AgentRow } from "../agents/service.ts";
import type { GroupRow } from "../agents/groups.ts";
import type { DepartmentRow } from "../agents/departments.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, fieldError, selectField, textField, type FieldState } from "./forms.ts";

/** Skill group administration (/admin/groups): list, create, edit members and default agent, delete. */
const ACTIVE = "/admin/groups";

export interface GroupFormState extends FieldState {
  members: number[];
}

export const groupValues = (g: GroupRow, members: number[]): GroupFormState => ({
  values: { name: g.name, position: String(g.position), default_agent_id: g.default_agent_id === null ? "" : String(g.default_agent_id), department_id: g.department_id === null ? "" : String(g.department_id) },
  errors: {},
  members,
});

export function groupListPage(o: { principal: Principal; groups: { group: GroupRow; members: AgentRow[]; defaultAgent: AgentRow | null }[]; notice?: string }) {
  const rows = o.groups.map(({ group, members, defaultAgent }) => html`<tr>
  <td><a href="/admin/groups/${group.id}">${group.name}</a></td>
  <td>${group.position}</td>
  <td>${members.map((m, i) => html`${i ? "、" : ""}${m.display_name}`)}</td>
  <td>${defaultAgent ? defaultAgent.display_name : html`<span class="muted">—</span>`}</td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "分组 Groups", active: ACTIVE, notice: o.notice,
    body: html`<h1>分组 <small>Groups</small></h1>
<p><a class="button" href="/admin/groups/new">新建分组 <small>New group</small></a></p>
${o.groups.length ? html`<table class="data" hx-disable>
<thead><tr><th>名称 <small>Name</small></th><th>排序 <small>Position</small></th><th>成员 <small>Members</small></th><th>默认客服 <small>Default agent</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有分组。分组用于转接和访客选择服务。 <small>No groups yet. Groups are used for transfers and the visitor's choice of service.</small></p>`}`,
  });
}

/** The department select shared by the group and agent forms; "" = none. */
export const departmentOptions = (departments: DepartmentRow[]) => [{ value: "", label: "（无） (none)" }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))];

function groupFields(s: GroupFormState, agents: AgentRow[], departments: DepartmentRow[]): Html {
  const options = [{ value: "", label: "（无） (none)" }, ...agents.map((a) => ({ value: String(a.id), label: `${a.display_name} (${a.username})` }))];
  const boxes = agents.map((a) => html`<label class="check"><input type="checkbox" name="member_ids" value="${a.id}"${s.members.includes(a.id) ? html` checked` : ""}> ${a.display_name} <small>(${a.username})</small></label>`);
  return html`${textField(s, "name", html`分组名称 <small>Group name</small>`, { required: true, maxlength: 40 })}
${textField(s, "position", html`排序 <small>Position</small>`, { type: "number", min: 0, max: 9999, hint: html`数字小的排在前面 <small>Lower numbers come first</small>` })}
${selectField(s, "default_agent_id", html`默认客服 <small>Default agent</small>`, options)}
${selectField(s, "department_id", html`部门 <small>Department</small>`, departmentOptions(departments))}
<fieldset${s.errors.member_ids ? html` aria-invalid="true" aria-describedby="err-member_ids"` : ""}><legend>成员 <small>Members</small></legend>
${boxes.length ? boxes : html`<p class="muted">没有客服 <small>No agents</small></p>`}
${fieldError(s, "member_ids")}</fieldset>`;
}

export function newGroupPage(o: { principal: Principal; agents: AgentRow[]; departments: DepartmentRow[]; state: GroupFormState }) {
  return adminPage({
    principal: o.principal, title: "新建分组 New group", active: ACTIVE,
    body: html`<h1>新建分组 <small>New group</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/groups" class="stack">
  ${csrfField(o.principal)}
  ${groupFields(o.state, o.agents, o.departments)}
  <button type="submit">创建 <small>Create</small></button>
  <a href="/admin/groups">取消 <small>Cancel</small></a>
</form>`,
  });
}

export function editGroupPage(o: { principal: Principal; group: GroupRow; agents: AgentRow[]; departments: DepartmentRow[]; state: GroupFormState; notice?: string }) {
  const g = o.group;
  return adminPage({
    principal: o.principal, title: "编辑分组 Edit group", active: ACTIVE, notice: o.notice,
    body: html`<h1>编辑分组 <small>Edit group</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/groups/${g.id}" class="stack">
  ${csrfField(o.principal)}
  ${groupFields(o.state, o.agents, o.departments)}
  <button type="submit">保存 <small>Save</small></button>
</form>
<form method="post" action="/admin/groups/${g.id}/delete" class="inline" hx-confirm="删除分组“${g.name}”？ Delete this group?">
  ${csrfField(o.principal)}
  <button type="submit" class="danger">删除分组 <small>Delete group</small></button>
</form>
<p><a href="/admin/groups">返回列表 <small>Back to the list</small></a></p>`,
  });
}
