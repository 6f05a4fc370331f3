import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { htmlResponse } from "../platform/page.ts";
import { routingPage } from "./routing-pages.ts";
import { actorOf, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

/** /admin/routing: assignment mode per site and group, previous-agent preference, offer timeout (settings.manage). */
export function routingRoutes(s: Services) {
  const stored = () => {
    const values: Record<string, string> = {};
    for (const site of s.sites.list()) {
      const r = s.routing.siteSettings(site.id);
      values[`site_${site.id}_assign_mode`] = r.assign_mode;
      values[`site_${site.id}_prefer_previous_agent`] = r.prefer_previous_agent ? "1" : "";
      values[`site_${site.id}_offer_timeout_seconds`] = String(r.offer_timeout_seconds);
    }
    for (const g of s.groups.list()) values[`group_${g.id}_assign_mode`] = s.routing.groupMode(g.id);
    return values;
  };
  /** The form as posted, as the service's per-site and per-group inputs (absent box = off). */
  const posted = (c: AdminScope) => {
    const body = (c.body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string).slice(0, 20) : "");
    const values: Record<string, string> = {};
    const sites: Record<number, Record<string, unknown>> = {};
    const groups: Record<number, unknown> = {};
    for (const site of s.sites.list()) {
      const k = (f: string) => `site_${site.id}_${f}`;
      sites[site.id] = { assign_mode: str(k("assign_mode")), prefer_previous_agent: str(k("prefer_previous_agent")), offer_timeout_seconds: str(k("offer_timeout_seconds")) };
      for (const f of ["assign_mode", "prefer_previous_agent", "offer_timeout_seconds"]) values[k(f)] = str(k(f));
    }
    for (const g of s.groups.list()) {
      groups[g.id] = str(`group_${g.id}_assign_mode`);
      values[`group_${g.id}_assign_mode`] = str(`group_${g.id}_assign_mode`);
    }
    return { values, sites, groups };
  };
  const render = (c: AdminScope, values: Record<string, string>, errors: Record<string, string> = {}, notice?: string) =>
    routingPage({ principal: c.principal, sites: s.sites.list(), groups: s.groups.list(), state: { values, errors }, notice });

  return new Elysia({ name: "admin-routing" })
    .get("/admin/routing", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(render(c, stored(), {}, c.query.done === "saved" ? "已保存。 Saved." : undefined));
    })
    .post("/admin/routing", (ctx) => {
      const c = scopeOf(ctx);
      const p = posted(c);
      const errors = s.routing.validateAll(p.sites, p.groups);
      if (Object.keys(errors).length) return postAnswer(render(c, p.values, errors), 422);
      s.routing.saveAll(actorOf(c), p.sites, p.groups);
      return see("/admin/routing?done=saved");
    });
}
