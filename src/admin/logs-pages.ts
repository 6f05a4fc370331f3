import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { LoginLogRow } from "../auth/repo.ts";
import type { AuditRow } from "../audit/repo.ts";
import type { ChainStatus } from "../audit/service.ts";
import { summariseUserAgent, WAY_LABELS } from "../platform/user-agent.ts";
import { adminPage } from "./layout.ts";
import { selectField, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";
import { LOGIN_REASON_LABELS, LOGIN_RESULT_LABELS } from "../auth/model.ts";

/** Read-only log pages: the login log and the operation (audit) log, each filtered and paged by GET. */
export const PAGE_SIZE = 50;

export interface Paging {
  page: number;
  total: number;
  shown: number;
}

/** A link to `path` with the filters that are set (values go through URLSearchParams, then the escaping template). */
function withFilters(path: string, filters: Record<string, string>, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(Object.entries({ ...filters, ...extra }).filter(([, v]) => v !== ""));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

function pager(path: string, filters: Record<string, string>, p: Paging): Html {
  const link = (page: number) => withFilters(path, filters, page > 1 ? { page: String(page) } : {});
  const start = p.total === 0 ? 0 : (p.page - 1) * PAGE_SIZE + 1;
  const hasNext = (p.page - 1) * PAGE_SIZE + p.shown < p.total;
  return html`<nav class="pager" aria-label="分页 Pages">
  <span>第 ${start}–${(p.page - 1) * PAGE_SIZE + p.shown} 条，共 ${p.total} 条 <small>${start}–${(p.page - 1) * PAGE_SIZE + p.shown} of ${p.total}</small></span>
  ${p.page > 1 ? html`<a rel="prev" href="${link(p.page - 1)}">上一页 <small>Previous</small></a>` : ""}
  ${hasNext ? html`<a rel="next" href="${link(p.page + 1)}">下一页 <small>Next</small></a>` : ""}
</nav>`;
}

/** Export links for the current filter; only for holders of data.export (the route checks it again). */
function exportLinks(principal: Principal, path: string, filters: Record<string, string>): Html {
  if (!principal.permissions.has("data.export")) return html``;
  return html`<p class="exports">
  <a href="${withFilters(path, filters, { format: "csv" })}" hx-boost="false" download>导出 CSV <small>Export CSV</small></a>
  <a href="${withFilters(path, filters, { format: "html" })}" hx-boost="false" download>导出 HTML 表格 <small>Export HTML table</small></a>
  <small class="hint">按当前筛选条件导出，导出操作记入审计日志。 Exports the current filter; every export is audited.</small>
</p>`;
}

const dateFields = (s: FieldState) => html`${textField(s, "from", html`起始日期 <small>From</small>`, { type: "date" })}
${textField(s, "to", html`截止日期 <small>To</small>`, { type: "date" })}`;

/** The labels live with the login log (auth/model.ts): the exports engine shows the same words. */
export const RESULT_LABELS = LOGIN_RESULT_LABELS;
export const REASON_LABELS = LOGIN_REASON_LABELS;

const options = (labels: Record<string, string>) => [{ value: "", label: "全部 All" }, ...Object.entries(labels).map(([value, label]) => ({ value, label }))];

export function loginLogPage(o: { principal: Principal; filters: FieldState; rows: LoginLogRow[]; paging: Paging }) {
  const rows = o.rows.map((r) => {
    const ua = summariseUserAgent(r.user_agent);
    return html`<tr class="${r.result}">
  <td>${formatTime(r.at)}</td><td>${r.username}</td><td>${r.ip}</td>
  <td class="ua" title="${r.user_agent}">${ua.browser} · ${ua.os}</td><td class="way">${WAY_LABELS[ua.way]}</td>
  <td>${RESULT_LABELS[r.result] ?? r.result}</td><td>${REASON_LABELS[r.reason] ?? ""} <code>${r.reason}</code></td>
</tr>`;
  });
  return adminPage({
    principal: o.principal, title: "登录日志 Login log", active: "/admin/login-log",
    body: html`<h1>登录日志 <small>Login log</small></h1>
<form method="get" action="/admin/login-log" class="filters">
  ${dateFields(o.filters)}
  ${textField(o.filters, "username", html`客服 / 用户名 <small>Agent / username</small>`, { maxlength: 64 })}
  ${textField(o.filters, "ip", html`IP`, { maxlength: 64 })}
  ${selectField(o.filters, "result", html`结果 <small>Result</small>`, options(RESULT_LABELS))}
  ${selectField(o.filters, "reason", html`原因 / 方式 <small>Reason / method</small>`, options(REASON_LABELS))}
  <button type="submit">筛选 <small>Filter</small></button>
</form>
${exportLinks(o.principal, "/admin/login-log/export", o.filters.values)}
<table class="data">
<thead><tr><th>时间 <small>Time</small></th><th>用户名 <small>Username</small></th><th>IP</th><th>浏览器 · 系统 <small>Browser · OS</small></th><th>登录方式 <small>Way</small></th><th>结果 <small>Result</small></th><th>原因 <small>Reason</small></th></tr></thead>
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
    principal: o.principal, title: "操作日志 Operation log", active: "/admin/audit",
    body: html`<h1>操作日志 <small>Operation (audit) log</small></h1>
${chainStatusBox(o.status)}
<form method="get" action="/admin/audit" class="filters">
  ${dateFields(o.filters)}
  ${textField(o.filters, "actor", html`操作人 <small>Actor</small>`, { maxlength: 64 })}
  ${textField(o.filters, "action", html`操作前缀 <small>Action prefix</small>`, { maxlength: 64, hint: "如 agent. 或 supervision. / e.g. agent. or supervision." })}
  ${textField(o.filters, "target_type", html`对象类型 <small>Target type</small>`, { maxlength: 64 })}
  ${textField(o.filters, "target_id", html`对象 ID <small>Target id</small>`, { maxlength: 64 })}
  ${textField(o.filters, "q", html`详情包含 <small>Detail contains</small>`, { maxlength: 100 })}
  <button type="submit">筛选 <small>Filter</small></button>
</form>
${exportLinks(o.principal, "/admin/audit/export", o.filters.values)}
<table class="data">
<thead><tr><th>ID</th><th>时间 <small>Time</small></th><th>操作人 <small>Actor</small></th><th>操作 <small>Action</small></th><th>对象 <small>Target</small></th><th>IP</th><th>详情 <small>Detail</small></th></tr></thead>
<tbody hx-disable>${rows}</tbody>
</table>
${pager("/admin/audit", o.filters.values, o.paging)}`,
  });
}
