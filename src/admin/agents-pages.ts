import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { AgentRow } from "../agents/service.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, fieldError, selectField, textArea, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";
import type { DepartmentRow } from "../agents/departments.ts";

/** Agent administration pages: list, create, edit with account actions, one-time password. */
export type Role = { id: string; name: string };
/** Departments to choose from; `fixed` for a department admin, whose agents stay in their department. */
export type DepartmentChoice = { list: DepartmentRow[]; fixed: boolean };

const ACTIVE = "/admin/agents";
const roleName = (roles: Role[], id: string) => roles.find((r) => r.id === id)?.name ?? id;
const isLocked = (a: AgentRow, now: number) => a.locked_until > now;

function statusOf(a: AgentRow, now: number): Html {
  if (a.disabled) return html`<span class="badge off">已停用 <small>Disabled</small></span>`;
  if (isLocked(a, now)) return html`<span class="badge warn">已锁定 <small>Locked</small></span>`;
  return html`<span class="badge on">正常 <small>Enabled</small></span>`;
}

const ipLines = (text: string) => (text.trim() ? text.split("\n").map((l) => html`<code>${l}</code><br>`) : html`<span class="muted">不限 <small>Any</small></span>`);

export function agentListPage(o: { principal: Principal; agents: AgentRow[]; roles: Role[]; departments: DepartmentRow[]; now: number; notice?: string }) {
  const deptName = (id: number | null) => o.departments.find((d) => d.id === id)?.name ?? "—";
  const rows = o.agents.map((a) => html`<tr>
  <td><a href="/admin/agents/${a.id}">${a.username}</a></td>
  <td>${a.display_name}</td>
  <td>${roleName(o.roles, a.role_id)}</td>
  <td>${deptName(a.department_id)}</td>
  <td>${statusOf(a, o.now)}</td>
  <td>${a.totp_enabled ? html`是 <small>Yes</small>` : html`否 <small>No</small>`}</td>
  <td>${formatTime(a.last_login_at)}</td>
  <td>${ipLines(a.allowed_ips)}</td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "客服 Agents", active: ACTIVE, notice: o.notice,
    body: html`<h1>客服 <small>Agents</small></h1>
<p><a class="button" href="/admin/agents/new">新建客服 <small>New agent</small></a></p>
<table class="data">
<thead><tr><th>用户名 <small>Username</small></th><th>姓名 <small>Name</small></th><th>角色 <small>Role</small></th><th>部门 <small>Department</small></th><th>状态 <small>Status</small></th><th>动态口令 <small>TOTP</small></th><th>最近登录 <small>Last sign-in</small></th><th>允许的 IP <small>Allowed IPs</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>`,
  });
}

const roleOptions = (roles: Role[]) => roles.map((r) => ({ value: r.id, label: r.name }));

function departmentField(s: FieldState, d: DepartmentChoice): Html {
  const options = [{ value: "", label: "（无） (none)" }, ...d.list.map((x) => ({ value: String(x.id), label: x.name }))];
  if (!d.fixed) return selectField(s, "department_id", html`部门 <small>Department</small>`, options);
  // Shown but not posted: the service puts a department admin's agents into their own department.
  const current = d.list.find((x) => String(x.id) === s.values.department_id);
  return html`<label>部门 <small>Department</small>
  <select name="department_id" disabled${s.errors.department_id ? html` aria-invalid="true" aria-describedby="err-department_id"` : ""}><option value="${current ? String(current.id) : ""}" selected>${current ? current.name : "（无） (none)"}</option></select>
  <span class="hint">部门管理员只能管理本部门的客服 <small>A department admin manages their own department's agents only</small></span>${fieldError(s, "department_id")}</label>`;
}

function profileFields(s: FieldState, roles: Role[], departments: DepartmentChoice): Html {
  return html`${textField(s, "display_name", html`姓名 <small>Display name</small>`, { required: true, maxlength: 64 })}
${textField(s, "email", html`邮箱 <small>Email</small>`, { type: "email", maxlength: 254, autocomplete: "off" })}
${selectField(s, "role_id", html`角色 <small>Role</small>`, roleOptions(roles))}
${departmentField(s, departments)}
${textArea(s, "allowed_ips", html`允许登录的 IP <small>Allowed IPs</small>`, { rows: 3, maxlength: 4000, hint: html`每行一个 IP 或 CIDR，留空表示不限 <small>One IP or CIDR per line; empty allows any address</small>` })}`;
}

export function newAgentPage(o: { principal: Principal; roles: Role[]; departments: DepartmentChoice; state: FieldState; policy: string }) {
  return adminPage({
    principal: o.principal, title: "新建客服 New agent", active: ACTIVE,
    body: html`<h1>新建客服 <small>New agent</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/agents" class="stack">
  ${csrfField(o.principal)}
  ${textField(o.state, "username", html`用户名 <small>Username</small>`, { required: true, maxlength: 32, autocomplete: "off", hint: html`2–32 位字母、数字或 . _ - <small>letters, digits, . _ -</small>` })}
  ${profileFields(o.state, o.roles, o.departments)}
  ${textField(o.state, "password", html`初始密码 <small>Initial password</small>`, { type: "password", required: true, maxlength: 256, autocomplete: "new-password", hint: html`${o.policy} 首次登录须修改。 <small>The agent must change it at first sign-in.</small>` })}
  <button type="submit">创建 <small>Create</small></button>
  <a href="/admin/agents">取消 <small>Cancel</small></a>
</form>`,
  });
}

function actionButton(p: Principal, a: AgentRow, action: string, label: Html, confirm: string, cls = ""): Html {
  return html`<form method="post" action="/admin/agents/${a.id}/${action}" class="inline" hx-confirm="${confirm}">
  ${csrfField(p)}<button type="submit" class="${cls}">${label}</button></form>`;
}

export function editAgentPage(o: { principal: Principal; agent: AgentRow; roles: Role[]; departments: DepartmentChoice; state: FieldState; now: number; notice?: string; actionError?: string }) {
  const a = o.agent;
  const p = o.principal;
  const actions = [
    a.disabled
      ? actionButton(p, a, "enable", html`启用 <small>Enable</small>`, "启用该账号？ Enable this account?")
      : actionButton(p, a, "disable", html`停用 <small>Disable</small>`, "停用该账号并结束其所有会话？ Disable this account and end its sessions?", "danger"),
    actionButton(p, a, "reset-password", html`重置密码 <small>Reset password</small>`, "生成临时密码并结束其所有会话？ Generate a temporary password and end all sessions?", "danger"),
    a.totp_enabled ? actionButton(p, a, "reset-totp", html`重置动态口令 <small>Reset TOTP</small>`, "清除该账号的动态口令？ Remove this account's two-step verification?", "danger") : "",
    isLocked(a, o.now) ? actionButton(p, a, "unlock", html`解除锁定 <small>Unlock</small>`, "解除锁定？ Unlock this account?") : "",
  ];
  return adminPage({
    principal: p, title: "编辑客服 Edit agent", active: ACTIVE, notice: o.notice,
    body: html`<h1>编辑客服 <small>Edit agent</small> <code>${a.username}</code></h1>
<dl class="facts">
  <dt>状态 <small>Status</small></dt><dd>${statusOf(a, o.now)}${isLocked(a, o.now) ? html` 至 <small>until</small> ${formatTime(a.locked_until)}` : ""}</dd>
  <dt>动态口令 <small>TOTP</small></dt><dd>${a.totp_enabled ? html`已启用 <small>On</small>` : html`未启用 <small>Off</small>`}</dd>
  <dt>最近登录 <small>Last sign-in</small></dt><dd>${formatTime(a.last_login_at)}</dd>
  <dt>创建时间 <small>Created</small></dt><dd>${formatTime(a.created_at)}</dd>
</dl>
${errorSummary(o.state)}
<form method="post" action="/admin/agents/${a.id}" class="stack">
  ${csrfField(p)}
  ${profileFields(o.state, o.roles, o.departments)}
  <button type="submit">保存 <small>Save</small></button>
</form>
<section class="actions">
  <h2>账号操作 <small>Account actions</small></h2>
  ${o.actionError ? html`<p class="alert" role="alert">${o.actionError}</p>` : ""}
  ${actions}
</section>
<p><a href="/admin/agents">返回列表 <small>Back to the list</small></a></p>`,
  });
}

/** Shown once, as the answer to the reset POST; hx-history="false" keeps it out of htmx's history cache. */
export function tempPasswordPage(o: { principal: Principal; agent: AgentRow; password: string }) {
  return adminPage({
    principal: o.principal, title: "临时密码 Temporary password", active: ACTIVE,
    body: html`<section hx-history="false">
<h1>临时密码 <small>Temporary password</small></h1>
<p>已为 <code>${o.agent.username}</code> 生成临时密码，其所有会话已结束。请通过安全渠道告知本人；对方登录时须立即修改。此密码只显示这一次。<br>
<small>A temporary password was set and all of the agent's sessions were ended. Pass it on through a safe channel; it must be changed at sign-in. It is shown only now.</small></p>
<p class="secret"><code id="temp-password">${o.password}</code></p>
<p><a href="/admin/agents/${o.agent.id}">完成 <small>Done</small></a></p>
</section>`,
  });
}
