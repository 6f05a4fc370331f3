import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import type { Actor } from "../audit/service.ts";
import { notFound } from "../platform/errors.ts";
import { blockView } from "./model.ts";
import { maskRights } from "../platform/masking.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};
const bodyOf = (c: Ctx) => (c.body && typeof c.body === "object" ? (c.body as Record<string, unknown>) : {});

/**
 * The console's visitor care API: the visitor panel and its edits, blocks, evaluations, topics
 * and the agent's counters. Access per route is in ROUTE_POLICY; ownership rules are in the services.
 */
export function careRoutes(s: Services) {
  const actor = (c: Ctx): Actor => ({ id: c.principal!.agent.id, name: c.principal!.agent.username, ip: c.ip });
  // X8: IP, phone and email are masked unless the agent holds visitor.full_ip / visitor.contact.
  const viewer = (c: Ctx) => maskRights(c.principal!.permissions);
  const evaluator = (c: Ctx) => ({ agentId: c.principal!.agent.id, any: c.principal!.permissions.has("history.evaluate") });
  const panel = (c: Ctx, id: number) => {
    const p = s.care.panel.get(id, viewer(c));
    if (!p) throw notFound("访客不存在 / visitor not found");
    // V7: the question type and custom answers of the visitor's pre-chat forms (src/prechat).
    return { ...p, prechat: s.prechat.forVisitor(id) };
  };

  return new Elysia({ name: "care-routes" })
    .get("/api/visitors/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      return panel(c, toId(c.params.id));
    })
    .put("/api/visitors/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      const id = toId(c.params.id);
      s.visitorEditor.update(actor(c), id, bodyOf(c), viewer(c));
      return panel(c, id);
    })
    .post("/api/visitors/:id/block", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const b = bodyOf(c);
      const row = await s.care.blocks.block(actor(c), toId(c.params.id), { mode: b.mode, reason: b.reason, expiresMinutes: b.expiresMinutes });
      return { block: blockView(row) };
    })
    .delete("/api/blocks/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      const r = s.care.blocks.lift(actor(c), toId(c.params.id));
      return { block: { ...blockView(r.block), liftedAt: r.block.lifted_at }, lifted: r.lifted };
    })
    .get("/api/conversations/:id/evaluation", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { evaluation: s.care.evaluations.get(evaluator(c), toId(c.params.id)) };
    })
    .put("/api/conversations/:id/evaluation", (ctx) => {
      const c = ctx as unknown as Ctx;
      const b = bodyOf(c);
      return { evaluation: s.care.evaluations.save(evaluator(c), toId(c.params.id), { topicId: b.topicId, verdict: b.verdict, note: b.note }) };
    })
    .get("/api/topics", () => ({ topics: s.care.topics.enabled().map((t) => ({ id: t.id, name: t.name })) }))
    .get("/api/me/counters", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { toEvaluate: s.care.evaluations.toEvaluate(c.principal!.agent.id) };
    })
    .get("/api/me/unevaluated", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { conversations: s.care.evaluations.unevaluated(c.principal!.agent.id) };
    });
}
