import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { notFound } from "../platform/errors.ts";

type Ctx = RequestScope & { params: Record<string, string>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};
const bodyOf = (c: Ctx) => (c.body && typeof c.body === "object" ? (c.body as Record<string, unknown>) : {});

/**
 * Agents reaching out (V8, V9, V10, V13, A16). Invitations and proactive chats need chat.invite
 * (route policy); pushes need chat.accept and, checked by the service, a place in the chat.
 */
export function outreachRoutes(s: Services) {
  const me = (c: Ctx) => c.principal!.agent;
  return new Elysia({ name: "outreach-routes" })
    .post("/api/visitors/:id/invitations", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const inv = await s.outreach.invite(me(c), toId(c.params.id), bodyOf(c).text);
      return { invitation: { id: inv.id, visitorId: inv.visitor_id, status: inv.status, text: inv.text, createdAt: inv.created_at } };
    })
    .post("/api/visitors/:id/proactive", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const b = bodyOf(c);
      const r = await s.outreach.proactive(me(c), toId(c.params.id), { cid: b.cid, body: b.body });
      return { conversation: r.conversation, seq: r.message.seq, id: r.message.id, cid: r.message.cid, at: r.message.created_at, duplicate: r.duplicate };
    })
    .post("/api/conversations/:id/push-url", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const b = bodyOf(c);
      const r = await s.outreach.pushUrl(me(c), toId(c.params.id), { url: b.url, cid: b.cid });
      return { url: r.url, seq: r.message.seq, id: r.message.id };
    })
    .post("/api/conversations/:id/push-survey", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { pushed: "survey", survey: s.outreach.push(me(c), toId(c.params.id), "survey") };
    })
    .post("/api/conversations/:id/push-form", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { pushed: "info_form", form: s.outreach.push(me(c), toId(c.params.id), "info_form") };
    });
}
