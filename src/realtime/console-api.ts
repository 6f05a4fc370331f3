import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { notFound } from "../platform/errors.ts";
import { visitorRows, visitorRowWithTrail } from "./visitor-rows.ts";
import { canSeeSite, visibleSiteIds } from "./visitor-scope.ts";
import { visitorMask } from "../platform/masking.ts";

type Ctx = RequestScope & { params: Record<string, string> };

/**
 * The live visitor list for the console (A3, A4). `/api/visitors/online` is every visitor on the
 * agent's sites in one compact list (no trails; `visitor` frames keep it current); the trail and
 * details of one visitor come from `/api/visitors/:id/trail` when the agent opens them.
 */
export function consoleApi(s: Services) {
  const agentOf = (ctx: unknown) => (ctx as Ctx).principal!.agent.id;
  // X8: IPs (and any contact field a row carries) masked unless the agent may see them.
  const maskFor = (ctx: unknown) => visitorMask((ctx as Ctx).principal!.permissions);
  return new Elysia({ name: "console-api" })
    .get("/api/sites/:id/visitors", (ctx) => {
      const site = s.sites.get(Number((ctx as unknown as Ctx).params.id));
      if (!site || !canSeeSite(s, agentOf(ctx), site.id)) throw notFound("网站不存在 / site not found");
      return { siteId: site.id, visitors: maskFor(ctx)(s.visitors.online(site.id).map((v) => visitorRowWithTrail(s, v))) };
    })
    .get("/api/visitors/online", (ctx) => {
      const ids = visibleSiteIds(s, agentOf(ctx));
      const visitors = maskFor(ctx)(visitorRows(s, ids.flatMap((id) => s.visitors.online(id))));
      const sites = ids.map((id) => ({ id, name: s.sites.get(id)?.name ?? "" }));
      return { serverTime: s.clock.now(), sites, visitors };
    })
    .get("/api/visitors/:id/trail", (ctx) => {
      const v = s.visitors.presenceOf(Number((ctx as unknown as Ctx).params.id));
      if (!v || !canSeeSite(s, agentOf(ctx), v.siteId)) throw notFound("访客不在列表中 / visitor not on the list");
      return { visitor: maskFor(ctx)(visitorRowWithTrail(s, v)) };
    });
}
