import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import type { Actor } from "../audit/service.ts";
import { forbidden, notFound } from "../platform/errors.ts";
import { visitorMask } from "../platform/masking.ts";
import { leaveSiteIds } from "./scope.ts";
import { parseLeaveFilter } from "./filter.ts";
import type { InboxViewer } from "./model.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound("留言不存在 / leave message not found");
  return n;
};
const bodyOf = (c: Ctx) => (c.body && typeof c.body === "object" ? (c.body as Record<string, unknown>) : {});

/**
 * The leave-message inbox API (H2). Access per route is in ROUTE_POLICY (leave.read, leave.reply,
 * leave.delete); which messages an agent reaches is leaveSiteIds (the sites they serve); every
 * answer is masked for the agent (X8): phone and email without visitor.contact, IP without
 * visitor.full_ip. Replies use the stored address, so a masked agent can still answer by email.
 */
export function leaveRoutes(s: Services) {
  /**
   * Reading needs leave.read (403 without). The changing routes have their own permission; a
   * role holding it without leave.read reaches no message at all (404), never one it cannot read.
   */
  const viewer = (c: Ctx, mode: "read" | "change" = "read"): InboxViewer => {
    const p = c.principal!;
    const siteIds = leaveSiteIds(s, p);
    if (siteIds === null && mode === "read") throw forbidden("需要“查看留言”权限 / you need the leave.read permission");
    return { agentId: p.agent.id, siteIds: siteIds ?? [], contact: p.permissions.has("visitor.contact") };
  };
  const actor = (c: Ctx): Actor & { id: number } => ({ id: c.principal!.agent.id, name: c.principal!.agent.username, ip: c.ip });
  const mask = (c: Ctx) => visitorMask(c.principal!.permissions);
  const ctx = (x: unknown) => x as Ctx;

  return new Elysia({ name: "leave-routes" })
    .get("/api/leave-messages", (x) => {
      const c = ctx(x);
      const q = c.query;
      const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50) || 50));
      const page = Math.max(1, Math.trunc(Number(q.page ?? 1)) || 1);
      const offset = q.offset !== undefined ? Math.max(0, Math.trunc(Number(q.offset)) || 0) : (page - 1) * limit;
      const v = viewer(c);
      const list = s.leave.inbox.list(v, parseLeaveFilter(q), { limit, offset });
      // The sites this agent reads, for the site filter.
      const sites = v.siteIds.map((id) => ({ id, name: s.sites.get(id)?.name ?? "" }));
      return mask(c)({ ...list, page: Math.floor(offset / limit) + 1, sites });
    })
    .get("/api/leave-messages/summary", (x) => {
      const c = ctx(x);
      return s.leave.inbox.summary(viewer(c), c.principal!.session.previous_login_at ?? null);
    })
    .get("/api/leave-messages/:id", (x) => {
      const c = ctx(x);
      return mask(c)(s.leave.inbox.get(viewer(c), toId(c.params.id)));
    })
    .put("/api/leave-messages/:id", (x) => {
      const c = ctx(x);
      return mask(c)(s.leave.inbox.update(viewer(c, "change"), actor(c), toId(c.params.id), bodyOf(c)));
    })
    .post("/api/leave-messages/:id/reply", async (x) => {
      const c = ctx(x);
      return mask(c)(await s.leave.replies.reply(viewer(c, "change"), actor(c), toId(c.params.id), bodyOf(c)));
    })
    .delete("/api/leave-messages/:id", (x) => {
      const c = ctx(x);
      s.leave.inbox.remove(viewer(c, "change"), actor(c), toId(c.params.id));
      return { deleted: true };
    })
    // The types to choose from; disabled ones are listed (flagged) so a message keeps showing its own.
    .get("/api/leave-types", (x) => {
      viewer(ctx(x));
      return { types: s.leave.types.list().map((t) => ({ id: t.id, name: t.name, disabled: t.disabled === 1 })) };
    });
}
