import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { emptyState, type FieldState } from "./forms.ts";
import { editSitePage, newSitePage, siteListPage, siteValues, type EntryLists } from "./sites-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

/** Confirmations after a redirect, by fixed code (no URL text reaches the page). */
const NOTICES: Record<string, string> = {
  created: "已创建网站。将下面的嵌入代码粘贴到网站页面中。 Site created; paste the embed code below into the site's pages.",
  saved: "已保存。 Saved.",
};
const noticeFor = (code: string | undefined) => (code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);

/** A host as a browser sends it: a DNS name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/**
 * The server's address as this admin reached it, for the embed snippet. A Host header that is
 * not a plain host[:port] is not trusted into the snippet; a placeholder shows what to fill in.
 */
function baseUrl(c: AdminScope & { headers?: Record<string, string | undefined> }): string {
  const host = c.headers?.host ?? "";
  return `${c.https ? "https" : "http"}://${HOST.test(host) ? host : "your-server"}`;
}

/** A validation error from the service (422 with its field), or null for anything else. */
function formError(e: unknown): { field: string; message: string } | null {
  return e instanceof AppError && e.status === 422 ? { field: e.field ?? "name", message: e.message } : null;
}

type SiteForm = { name: string; allowed_origins: string; default_language: string; department_id: string; route_group_id: string; route_agent_id: string; entry_choice: string };

function formValues(c: AdminScope): SiteForm {
  return {
    name: field(c.body, "name", 300),
    allowed_origins: field(c.body, "allowed_origins", 4000),
    default_language: field(c.body, "default_language", 20),
    department_id: field(c.body, "department_id", 20),
    route_group_id: field(c.body, "route_group_id", 20),
    route_agent_id: field(c.body, "route_agent_id", 20),
    entry_choice: field(c.body, "entry_choice", 20) || "none",
  };
}

/** /admin/sites: list, create, edit (including disable) and the embed snippet. */
export function siteRoutes(s: Services) {
  const lists = (): EntryLists => ({ departments: s.departments.list(), groups: s.groups.list(), agents: s.agents.list().filter((a) => !a.disabled) });

  function renderEdit(c: AdminScope, site: SiteRow, o: { state?: FieldState; notice?: string } = {}) {
    return editSitePage({
      principal: c.principal, site, snippet: s.sites.snippet(site, baseUrl(c)),
      state: o.state ?? emptyState(siteValues(site)), lists: lists(), notice: o.notice,
    });
  }

  return new Elysia({ name: "admin-sites" })
    .get("/admin/sites", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(siteListPage({ principal: c.principal, sites: s.sites.list(), notice: noticeFor(c.query.done) }));
    })
    .get("/admin/sites/new", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(newSitePage({ principal: c.principal, state: emptyState({ default_language: "zh-CN", entry_choice: "none" }), lists: lists() }));
    })
    .post("/admin/sites", (ctx) => {
      const c = scopeOf(ctx);
      const values = formValues(c);
      try {
        const site = s.sites.create(values, actorOf(c));
        return see(`/admin/sites/${site.id}?done=created`);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(newSitePage({ principal: c.principal, state: { values, errors: { [err.field]: err.message } }, lists: lists() }), 422);
      }
    })
    .get("/admin/sites/:id", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(renderEdit(c, s.sites.mustGet(idParam(c)), { notice: noticeFor(c.query.done) }));
    })
    .post("/admin/sites/:id", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      // An unticked checkbox is absent from the post: absence means "enabled", stated explicitly.
      const values: SiteForm & { disabled: string } = { ...formValues(c), disabled: field(c.body, "disabled") ? "1" : "" };
      try {
        s.sites.update(site.id, { ...values, disabled: values.disabled === "1" }, actorOf(c));
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(renderEdit(c, site, { state: { values, errors: { [err.field]: err.message } } }), 422);
      }
      return see(`/admin/sites/${site.id}?done=saved`);
    });
}
