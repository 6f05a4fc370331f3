import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { notFound } from "../platform/errors.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined> };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};

/**
 * Customer 360 (H3) for the console: search, and the 360 of a visitor. Both need customers.read
 * (ROUTE_POLICY); which sites, chats and leave messages appear is the service's viewer. A card
 * (C1) will add `GET /api/customers/:id` beside the visitor route, answering the same shape.
 */
export function customerRoutes(s: Services) {
  return new Elysia({ name: "customer-routes" })
    .get("/api/customers/search", (ctx) => {
      const c = ctx as unknown as Ctx;
      return s.customers.search(s.customers.viewerOf(c.principal!), { q: c.query.q, limit: c.query.limit, offset: c.query.offset });
    })
    .get("/api/customers/visitors/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      const p = s.customers.profile360(s.customers.viewerOf(c.principal!), { kind: "visitor", visitorId: toId(c.params.id) });
      // Outside the agent's sites looks exactly like a visitor that does not exist.
      if (!p) throw notFound("客户不存在 / customer not found");
      return p;
    });
}
