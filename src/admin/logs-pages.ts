import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { LoginLogRow } from "../auth/repo.ts";
import type { AuditRow } from "../audit/repo.ts";
import type { ChainStatus } from "../audit/service.ts";
import { adminPage } from "./layout.ts";
import { selectField, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";

/** Read-only log pages: the login log and the audit log, each filtered and paged by GET. */
export const PAGE_SIZE = 50;

export interface Paging {
  page: number;
  total: number;
  shown: number;
}

/** Previous/next links that keep the filters (values go through URLSearchParams, then the escaping template). */
function pager(path: string, filters: Record<string, string>, p: Paging): Html {
  const link = (page: number) => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ""));
    if (page > 1) q.set("page", String(page));
    const qs = q.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const start = p.total === 0 ? 0 : (p.page - 1) * PAGE_SIZE + 1;
  const hasNext = (p.page - 1) * PAGE_SIZE + p.shown < p.total;
  return html`<nav class="pager" aria-label="分页 Pages">
  <span>第 ${start}–${(p.page - 1) * PAGE_SIZE + p.shown} 条，共 ${p.total} 条 <small>${start}–${(p.page - 1) * PAGE_SIZE + p.shown} of ${p.total}</small></span>
  ${p.page > 1 ? html`<a rel="prev" href="${link(p.page - 1)}">上一页 <small>Previous</small></a>` : ""}
  ${hasNext ? html`<a rel="next" href="${link(p.page + 1)}">下一页 <small>Next</small></a>` : ""}
</nav>`;
}

const dateFields = (s: FieldState) => html`${textField(s, "from", html`起始日期 <small>From</small>`, { type: "date" })}
${textField(s, "to", html`截止日期 <small>To</small>`, { type: "date" })}`;

const RESULT_LABELS: Record<string, string> = { success: "成功 Success", failure: "失败 Failure", logout: "退出 Sign-out" };

export function loginLogPage(o: { principal: Principal; filters: FieldState; rows: LoginLogRow[]; paging: Paging }) {
  const rows = o.rows.map((r) => html`<tr class="${r.result}">
  <td>${formatTime(r.at)}</td><td>${r.username}</td><td>${r.ip}</td><td class="ua">${r.user_agent}</td>
  <td>${RESULT_LABELS[r.result] ?? r.result}</td><td>${r.reason}</td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "登录日志 Login log", active: "/admin/login-log",
    body: html`<h1>登录日志 <small>Login log</small></h1>
<form method="get" action="/admin/login-log" class="filters">
  ${dateFields(o.filters)}
  ${textField(o.filters, "username", html`用户名 <small>Username</small>`, { maxlength: 64 })}
  ${textField(o.filters, "ip", html`IP`, { maxlength: 64 })}
  ${selectField(o.filters, "result", html`结果 <small>Result</small>`, [{ value: "", label: "全部 All" }, ...Object.entries(RESULT_LABELS).map(([value, label]) => ({ value, label }))])}
  <button type="submit">筛选 <small>Filter</small></button>
</form>
<table class="data">
<thead><tr><th>时间 <small>Time</small></th><th>用户名 <small>Username</small></th><th>IP</th><th>浏览器 <small>User agent</small></th><th>结果 <small>Result</small></th><th>原因 <small>Reason</small></th></tr></thead>
<tbody hx-disable>${rows}</tbody>
</table>
${pager("/admin/login-log", o.filters.values, o.paging)}`,
  });
}

export function chainStatusBox(status: ChainStatus): Html {
  return status.ok
    ? html`<div class="chain ok" role="status" id="chain-status">审计链完整：已校验 ${status.checked} 条记录。 <small>Audit chain intact: ${status.checked} entries verified.</small></div>`
    : html`<div class="chain broken alert" role="alert" id="chain-status">审计链已损坏！首个异常记录 <small>Audit chain BROKEN at entry</small> #${status.firstBrokenId ?? "?"}: ${status.problem ?? ""}（此前已校验 ${status.checked} 条 <small>${status.checked} verified before it</small>）</div>`;
}

export function auditPage(o: { principal: Principal; status: ChainStatus; filters: FieldState; rows: AuditRow[]; paging: Paging }) {
  const rows = o.rows.map((r) => html`<tr>
  <td>${r.id}</td><td>${formatTime(r.at)}</td><td>${r.actor_name}${r.actor_id !== null ? html` <small>#${r.actor_id}</small>` : ""}</td>
  <td><code>${r.action}</code></td><td>${r.target_type}${r.target_id ? html` ${r.target_id}` : ""}</td><td>${r.ip}</td>
  <td><pre class="detail">${r.detail}</pre></td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "审计日志 Audit log", active: "/admin/audit",
    body: html`<h1>审计日志 <small>Audit log</small></h1>
${chainStatusBox(o.status)}
<form method="get" action="/admin/audit" class="filters">
  ${dateFields(o.filters)}
  ${textField(o.filters, "action", html`操作前缀 <small>Action prefix</small>`, { maxlength: 64 })}
  ${textField(o.filters, "actor", html`操作人 <small>Actor</small>`, { maxlength: 64 })}
  <button type="submit">筛选 <small>Filter</small></button>
</form>
<table class="data">
<thead><tr><th>ID</th><th>时间 <small>Time</small></th><th>操作人 <small>Actor</small></th><th>操作 <small>Action</small></th><th>对象 <small>Target</small></th><th>IP</th><th>详情 <small>Detail</small></th></tr></thead>
<tbody hx-disable>${rows}</tbody>
</table>
${pager("/admin/audit", o.filters.values, o.paging)}`,
  });
}
