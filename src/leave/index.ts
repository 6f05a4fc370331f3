import { Elysia } from "elysia";
import type { Services } from "../services.ts";

/** Leave messages for agents (the inbox pages come later); newest first, paged. */
export function leaveRoutes(s: Services) {
  return new Elysia({ name: "leave-routes" }).get("/api/leave-messages", ({ query }) => {
    const q = query as Record<string, string | undefined>;
    const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50) || 50));
    const offset = Math.max(0, Number(q.offset ?? 0) || 0);
    return s.leave.list({ siteId: q.site ? Number(q.site) : undefined, limit, offset });
  });
}
