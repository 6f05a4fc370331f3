import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { visitorMask } from "../platform/masking.ts";

/** Leave messages for agents (the inbox pages come later); newest first, paged. */
export function leaveRoutes(s: Services) {
  return new Elysia({ name: "leave-routes" }).get("/api/leave-messages", (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    // X8: phone, email and IP masked unless the agent holds visitor.contact / visitor.full_ip.
    const mask = visitorMask((ctx as unknown as RequestScope).principal!.permissions);
    const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50) || 50));
    const offset = Math.max(0, Number(q.offset ?? 0) || 0);
    return mask(s.leave.list({ siteId: q.site ? Number(q.site) : undefined, limit, offset }));
  });
}
