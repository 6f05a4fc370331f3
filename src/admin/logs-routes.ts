import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { htmlResponse } from "../platform/page.ts";
import type { FieldState } from "./forms.ts";
import { endOfLocalDate, parseLocalDate } from "./format.ts";
import { auditPage, loginLogPage, PAGE_SIZE } from "./logs-pages.ts";
import { scopeOf, type AdminScope } from "./respond.ts";
import { maskAuditRows } from "./audit-masking.ts";

const text = (v: unknown, max = 64) => (typeof v === "string" ? v.trim().slice(0, max) : "");

/** Reads the shared filters (date range, page) and the page's own text filters from the query. */
function readFilters(c: AdminScope, names: string[]) {
  const state: FieldState = { values: {}, errors: {} };
  for (const n of ["from", "to", ...names]) state.values[n] = text(c.query[n]);
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

/** /admin/login-log and /admin/audit: read-only, nothing can be edited or deleted here. */
export function logRoutes(s: Services) {
  return new Elysia({ name: "admin-logs" })
    .get("/admin/login-log", (ctx) => {
      const c = scopeOf(ctx);
      const f = readFilters(c, ["username", "ip", "result"]);
      const v = f.state.values;
      if (!["", "success", "failure", "logout"].includes(v.result)) v.result = "";
      const { rows, total } = s.auth.listLoginLog({ ...f.range, username: v.username || undefined, ip: v.ip || undefined, result: v.result || undefined, limit: PAGE_SIZE, offset: f.offset });
      return htmlResponse(loginLogPage({ principal: c.principal, filters: f.state, rows, paging: { page: f.page, total, shown: rows.length } }));
    })
    .get("/admin/audit", (ctx) => {
      const c = scopeOf(ctx);
      const f = readFilters(c, ["action", "actor"]);
      const v = f.state.values;
      const { rows, total } = s.audit.list({ ...f.range, action: v.action || undefined, actor: v.actor || undefined, limit: PAGE_SIZE, offset: f.offset });
      return htmlResponse(auditPage({ principal: c.principal, status: s.audit.verify(), filters: f.state, rows: maskAuditRows(rows, c.principal.permissions), paging: { page: f.page, total, shown: rows.length } }));
    });
}
