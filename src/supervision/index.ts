import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { notFound } from "../platform/errors.ts";
import { supervisorOf } from "./model.ts";

type Ctx = RequestScope & { params: Record<string, string>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};

/**
 * Supervision over HTTP (A20); the guard checks the permission in ROUTE_POLICY, the service
 * checks it again together with the department scope. Live frames: docs/protocol.md.
 */
export function supervisionRoutes(s: Services) {
  const params = (ctx: unknown) => (ctx as Ctx).params;
  const body = (ctx: unknown) => ((ctx as Ctx).body ?? {}) as Record<string, unknown>;
  return new Elysia({ name: "supervision-routes" })
    .get("/api/supervision/agents", (ctx) => s.supervision.board(supervisorOf(ctx)))
    .post("/api/supervision/agents/:id/signout", (ctx) => s.supervision.signOut(supervisorOf(ctx), toId(params(ctx).id)))
    .post("/api/conversations/:id/monitor", (ctx) => {
      const r = s.supervision.monitor(supervisorOf(ctx), toId(params(ctx).id));
      return { ...r, messages: r.messages.map((m) => ({ ...m, file: m.file_id ? s.files.get(m.file_id) : null })) };
    })
    .delete("/api/conversations/:id/monitor", (ctx) => s.supervision.unmonitor(supervisorOf(ctx), toId(params(ctx).id)))
    .get("/api/conversations/:id/whispers", (ctx) => s.supervision.listWhispers(supervisorOf(ctx), toId(params(ctx).id)))
    .post("/api/conversations/:id/whispers", (ctx) => s.supervision.whisper(supervisorOf(ctx), toId(params(ctx).id), { cid: body(ctx).cid, body: body(ctx).body }))
    .post("/api/conversations/:id/takeover", (ctx) => s.supervision.takeover(supervisorOf(ctx), toId(params(ctx).id)));
}
