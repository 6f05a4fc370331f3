import { Elysia } from "elysia";
import type { Services } from "../../services.ts";
import type { RequestScope } from "../../auth/model.ts";
import { notFound } from "../../platform/errors.ts";
import type { Requester } from "../collab-model.ts";
import { participantsView } from "../participants-view.ts";

type Ctx = RequestScope & { params: Record<string, string>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};

const requester = (c: Ctx): Requester => {
  const p = c.principal!;
  return { id: p.agent.id, display_name: p.agent.display_name, username: p.agent.username, permissions: p.permissions, ip: c.ip };
};
const bodyOf = (c: Ctx) => (c.body ?? {}) as Record<string, unknown>;

const transferView = (t: { id: number; conversation_id: number; status: string; deadline_at: number; to_agent_id: number | null; to_group_id: number | null; note: string }) => ({
  id: t.id, conversationId: t.conversation_id, status: t.status, deadline: t.deadline_at, toAgentId: t.to_agent_id, toGroupId: t.to_group_id, note: t.note,
});

/** Working together on a chat (A8 transfer, A9 three-way chat); the guard checks each permission. */
export function collabRoutes(s: Services) {
  return new Elysia({ name: "chat-collab-routes" })
    .get("/api/transfer-targets", (ctx) => s.transfers.targets(requester(ctx as unknown as Ctx)))
    .get("/api/conversations/:id/participants", (ctx) => participantsView(s, toId((ctx as unknown as Ctx).params.id)))
    .post("/api/conversations/:id/transfers", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const b = bodyOf(c);
      return { transfer: transferView(await s.transfers.request(requester(c), toId(c.params.id), { toAgentId: b.toAgentId, toGroupId: b.toGroupId, note: b.note })), serverTime: s.clock.now() };
    })
    .post("/api/transfers/:id/accept", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const r = await s.transfers.accept(requester(c), toId(c.params.id));
      return { transfer: transferView(r.transfer), conversation: r.conversation };
    })
    .post("/api/transfers/:id/decline", async (ctx) => {
      const c = ctx as unknown as Ctx;
      return { transfer: transferView(await s.transfers.decline(requester(c), toId(c.params.id))) };
    })
    .post("/api/conversations/:id/guests", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const inv = await s.guests.invite(requester(c), toId(c.params.id), { agentId: bodyOf(c).agentId });
      return { invitation: { id: inv.id, conversationId: inv.conversation_id, toAgentId: inv.to_agent_id, status: inv.status, deadline: inv.deadline_at }, serverTime: s.clock.now() };
    })
    .post("/api/guest-invitations/:id/accept", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const r = await s.guests.accept(requester(c), toId(c.params.id));
      return { conversation: r.conversation, ...participantsView(s, r.conversation.id) };
    })
    .post("/api/guest-invitations/:id/decline", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const inv = await s.guests.decline(requester(c), toId(c.params.id));
      return { invitation: { id: inv.id, status: inv.status } };
    })
    .post("/api/conversations/:id/leave", async (ctx) => {
      const c = ctx as unknown as Ctx;
      await s.guests.leave(requester(c), toId(c.params.id));
      return { left: true };
    });
}
