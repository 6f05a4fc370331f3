import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { LoginLogFilter } from "../auth/login-log.ts";
import type { AuditFilter } from "../audit/query.ts";
import { forbidden, invalid } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { summariseUserAgent, WAY_LABELS } from "../platform/user-agent.ts";
import type { FieldState } from "./forms.ts";
import { endOfLocalDate, formatTime, parseLocalDate } from "./format.ts";
import { auditPage, loginLogPage, PAGE_SIZE, REASON_LABELS, RESULT_LABELS } from "./logs-pages.ts";
import { exportFilename, exportResponse, type ExportFormat } from "./export.ts";
import { actorOf, scopeOf, type AdminScope } from "./respond.ts";
import { maskAuditRows } from "./audit-masking.ts";

const text = (v: unknown, max = 64) => (typeof v === "string" ? v.trim().slice(0, max) : "");

/** Reads the shared filters (date range, page) and the page's own text filters from the query. */
function readFilters(c: AdminScope, names: string[]) {
  const state: FieldState = { values: {}, errors: {} };
  for (const n of ["from", "to", ...names]) state.values[n] = text(c.query[n], n === "q" ? 100 : 64);
  const range: { from?: number; to?: number } = {};
  if (state.values.from) {
    const v = parseLocalDate(state.values.from);
    if (v === null) state.errors.from = "日期格式应为 YYYY-MM-DD / use YYYY-MM-DD";
    else range.from = v;
  }
  if (state.values.to) {
    const v = endOfLocalDate(state.values.to);
    if (v === null) state.errors.to = "日期格式应为 YYYY-MM-DD / use YYYY-MM-DD";
    else range.to = v;
  }
  const pageText = text(c.query.page, 7);
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  return { state, range, page, offset: (page - 1) * PAGE_SIZE };
}

function loginFilter(c: AdminScope) {
  const f = readFilters(c, ["username", "ip", "result", "reason"]);
  const v = f.state.values;
  if (!Object.hasOwn(RESULT_LABELS, v.result)) v.result = "";
  if (!Object.hasOwn(REASON_LABELS, v.reason)) v.reason = "";
  const filter: LoginLogFilter = { ...f.range, username: v.username || undefined, ip: v.ip || undefined, result: v.result || undefined, reason: v.reason || undefined, scope: c.principal.scope };
  return { ...f, filter };
}

function auditFilter(c: AdminScope) {
  const f = readFilters(c, ["actor", "action", "target_type", "target_id", "q"]);
  const v = f.state.values;
  const filter: AuditFilter = { ...f.range, actor: v.actor || undefined, action: v.action || undefined, targetType: v.target_type || undefined, targetId: v.target_id || undefined, text: v.q || undefined };
  return { ...f, filter };
}

/**
 * An export needs data.export besides the page's own permission, and a valid filter (a wrong
 * date must not silently widen the file to the whole log).
 */
function exportable(c: AdminScope, state: FieldState): ExportFormat {
  if (!c.principal.permissions.has("data.export")) throw forbidden("没有导出权限 / exporting needs the data.export permission");
  const [field, message] = Object.entries(state.errors)[0] ?? [];
  if (field) throw invalid(message, field);
  const format = c.query.format ?? "csv";
  if (format !== "csv" && format !== "html") throw invalid("格式须为 csv 或 html / format must be csv or html", "format");
  return format;
}

/** The filter as the audit entry records it: only what was set. */
const setFilters = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));

/** /admin/login-log and /admin/audit: read-only, nothing can be edited or deleted here; exports are audited. */
export function logRoutes(s: Services) {
  function* loginRows(filter: LoginLogFilter) {
    const names = new Map<number, string>();
    const nameOf = (id: number | null) => {
      if (id === null) return "";
      if (!names.has(id)) names.set(id, s.agents.get(id)?.display_name ?? "");
      return names.get(id)!;
    };
    for (const r of s.auth.loginLog.all(filter)) {
      const ua = summariseUserAgent(r.user_agent);
      yield [formatTime(r.at), r.username, nameOf(r.agent_id), r.ip, ua.browser, ua.os, WAY_LABELS[ua.way], RESULT_LABELS[r.result] ?? r.result, r.reason, r.user_agent];
    }
  }
  function* auditRows(filter: AuditFilter, permissions: Set<string>) {
    for (const raw of s.audit.search.all(filter)) {
      const [r] = maskAuditRows([raw], permissions);
      yield [String(r.id), formatTime(r.at), r.actor_name, r.actor_id === null ? "" : String(r.actor_id), r.action, r.target_type, r.target_id, r.ip, r.detail, r.hash];
    }
  }

  return new Elysia({ name: "admin-logs" })
    .get("/admin/login-log", (ctx) => {
      const c = scopeOf(ctx);
      const f = loginFilter(c);
      const { rows, total } = s.auth.loginLog.page(f.filter, { limit: PAGE_SIZE, offset: f.offset });
      return htmlResponse(loginLogPage({ principal: c.principal, filters: f.state, rows, paging: { page: f.page, total, shown: rows.length } }));
    })
    .get("/admin/login-log/export", (ctx) => {
      const c = scopeOf(ctx);
      const f = loginFilter(c);
      const format = exportable(c, f.state);
      const actor = actorOf(c);
      return exportResponse({
        format, title: "登录日志 Login log", filename: exportFilename("login-log", s.clock.now(), format),
        header: ["时间 Time", "用户名 Username", "客服 Agent", "IP", "浏览器 Browser", "系统 OS", "登录方式 Way", "结果 Result", "原因 Reason", "User-Agent"],
        rows: loginRows(f.filter),
        done: (r) => s.audit.record(actor, { action: "loginlog.export", targetType: "login_log", detail: { format, filter: setFilters(f.state.values), scope: c.principal.scope, ...r } }),
      });
    })
    .get("/admin/audit", (ctx) => {
      const c = scopeOf(ctx);
      const f = auditFilter(c);
      const { rows, total } = s.audit.search.page(f.filter, { limit: PAGE_SIZE, offset: f.offset });
      return htmlResponse(auditPage({ principal: c.principal, status: s.audit.verify(), filters: f.state, rows: maskAuditRows(rows, c.principal.permissions), paging: { page: f.page, total, shown: rows.length } }));
    })
    .get("/admin/audit/export", (ctx) => {
      const c = scopeOf(ctx);
      const f = auditFilter(c);
      const format = exportable(c, f.state);
      const actor = actorOf(c);
      return exportResponse({
        format, title: "操作日志 Operation log", filename: exportFilename("audit-log", s.clock.now(), format),
        header: ["ID", "时间 Time", "操作人 Actor", "操作人 ID Actor id", "操作 Action", "对象类型 Target type", "对象 ID Target id", "IP", "详情 Detail", "哈希 Hash"],
        rows: auditRows(f.filter, c.principal.permissions),
        done: (r) => s.audit.record(actor, { action: "audit.export", targetType: "audit_log", detail: { format, filter: setFilters(f.state.values), ...r } }),
      });
    });
}
