import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { notFound } from "../platform/errors.ts";
import { visitorRowWithTrail } from "./visitor-rows.ts";

/** The live visitor list of a site with every A3 column and each visitor's trail (A3, A4). */
export function consoleApi(s: Services) {
  return new Elysia({ name: "console-api" }).get("/api/sites/:id/visitors", ({ params }) => {
    const site = s.sites.get(Number((params as { id: string }).id));
    if (!site) throw notFound("网站不存在 / site not found");
    return { siteId: site.id, visitors: s.visitors.online(site.id).map((v) => visitorRowWithTrail(s, v)) };
  });
}
