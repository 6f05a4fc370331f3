import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { forbidden, invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import type { ConversationRow } from "./repo.ts";
import { departmentInScope } from "../auth/permissions.ts";
import { supervisorOf } from "../supervision/model.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};

/**
 * The agent side of chat as HTTP (A5–A7 server side): the queue, accept, send, history after a
 * seq, end, files. The console builds on these; every one is permission-checked by the guard.
 */
export function chatRoutes(s: Services) {
  const me = (c: Ctx) => c.principal!.agent;
  const mustGet = (id: number) => {
    const c = s.chat.get(id);
    if (!c) throw notFound("对话不存在 / conversation not found");
    return c;
  };

  /**
   * Who may read a chat: anyone who took part in it; a supervisor whose reach is the whole
   * organisation; otherwise an agent serving the chat's site, and a department admin only within
   * their department (M1). Others get 404, as if it did not exist.
   */
  const readable = (c: Ctx, conversation: ConversationRow) => {
    const p = c.principal!;
    if (conversation.agent_id === p.agent.id || s.chat.participants.wasIn(conversation.id, p.agent.id)) return conversation;
    if (p.scope.kind === "all" && p.permissions.has("chat.monitor")) return conversation;
    if (!departmentInScope(p.scope, s.departments.ofConversation(conversation))) throw notFound("对话不存在 / conversation not found");
    if (!s.sites.servedBy(p.agent.department_id ?? null).some((site) => site.id === conversation.site_id)) throw notFound("对话不存在 / conversation not found");
    return conversation;
  };

  return new Elysia({ name: "chat-routes" })
    .get("/api/conversations", (ctx) => {
      const c = ctx as unknown as Ctx;
      const status = c.query.status ?? "waiting";
      if (status !== "waiting" && status !== "active" && status !== "ended") throw invalid("status must be waiting, active or ended", "status");
      const rows = status === "waiting" ? s.routing.waitingFor(me(c).id) : status === "active" && c.query.mine ? s.chat.mineActive(me(c).id) : s.chat.byStatus(status);
      // V24: the waiting list names the group a chat was routed to.
      return { conversations: rows.map((r) => (r.group_id ? { ...r, groupName: s.groups.get(r.group_id)?.name ?? "" } : r)) };
    })
    .get("/api/conversations/:id/messages", (ctx) => {
      const c = ctx as unknown as Ctx;
      const conversation = readable(c, mustGet(toId(c.params.id)));
      const messages = s.chat.messagesAfter(conversation.id, Number(c.query.after ?? 0) || 0, Number(c.query.limit ?? 500) || 500);
      return { conversation, messages: messages.map((m) => ({ ...m, file: m.file_id ? s.files.get(m.file_id) : null })) };
    })
    .post("/api/conversations/:id/accept", async (ctx) => {
      const c = ctx as unknown as Ctx;
      return { conversation: await s.chat.accept(me(c), toId(c.params.id), (conversation) => s.routing.checkAccept(me(c).id, conversation)) };
    })
    .post("/api/conversations/:id/messages", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const body = (c.body ?? {}) as Record<string, unknown>;
      const r = await s.chat.agentSend(me(c), toId(c.params.id), { cid: body.cid, body: body.body });
      return { conversationId: r.conversation.id, seq: r.message.seq, id: r.message.id, cid: r.message.cid, at: r.message.created_at, duplicate: r.duplicate };
    })
    .post("/api/conversations/:id/end", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const conversation = mustGet(toId(c.params.id));
      // Someone else's chat: a supervisor's end (chat.end_any, department scope, audited).
      if (conversation.agent_id !== me(c).id) return { conversation: await s.supervision.endAny(supervisorOf(c), conversation.id) };
      return { conversation: await s.chat.end(conversation.id, "agent") };
    })
    .post("/api/conversations/:id/files", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const conversation = mustGet(toId(c.params.id));
      if (!s.chat.participants.isActive(conversation, me(c).id)) throw forbidden("只有参与该对话的客服可以发送文件 / only the conversation's participants can send files");
      const upload = (c.body as { file?: unknown } | undefined)?.file;
      if (!(upload instanceof Blob)) throw invalid("请选择文件 / choose a file", "file");
      const file = await s.files.store({ name: (upload as File).name ?? "file", bytes: new Uint8Array(await upload.arrayBuffer()) }, { siteId: conversation.site_id, conversationId: conversation.id, kind: "agent", id: me(c).id });
      const cid = typeof (c.body as Record<string, unknown>).cid === "string" ? String((c.body as Record<string, unknown>).cid) : randomToken(12);
      const r = await s.chat.agentSend(me(c), conversation.id, { cid, body: file.name, fileId: file.id });
      return { file, seq: r.message.seq, id: r.message.id };
    })
    .put("/api/me/status", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { status: s.agents.setServiceStatus(me(c).id, (c.body as Record<string, unknown> | undefined)?.status) };
    });
}
