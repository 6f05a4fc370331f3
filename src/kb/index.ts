import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { AppError, forbidden, invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import { publicItem, type Who } from "./model.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};
const bodyOf = (c: Ctx) => (c.body && typeof c.body === "object" ? (c.body as Record<string, unknown>) : {});
const attachmentName = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Canned replies, quick links and common files for the console (A13), as JSON. The guard lets
 * any signed-in agent in (ROUTE_POLICY "session"); the service decides per scope: canned.manage
 * for company and group items, canned.personal for the agent's own. Sending a common file needs
 * chat.accept and the conversation's agent, exactly like sending a chat file.
 */
export function kbRoutes(s: Services) {
  const who = (c: Ctx): Who => ({ id: c.principal!.agent.id, name: c.principal!.agent.username, ip: c.ip, permissions: c.principal!.permissions });

  return new Elysia({ name: "kb-routes" })
    .get("/api/canned", (ctx) => {
      const c = ctx as unknown as Ctx;
      const limit = Math.min(Math.max(Number(c.query.limit ?? 200) || 200, 1), 1000);
      return s.kb.view(c.principal!.agent.id, String(c.query.q ?? "").slice(0, 200), limit);
    })
    .get("/api/canned/bucket", (ctx) => {
      const c = ctx as unknown as Ctx;
      const r = s.kb.bucket(who(c), { scope: c.query.scope, group_id: c.query.group_id });
      return { ...r, groups: s.groups.list().map((g) => ({ id: g.id, name: g.name })) };
    })
    .post("/api/canned/items", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { item: publicItem(s.kb.createItem(who(c), bodyOf(c))) };
    })
    .put("/api/canned/items/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { item: publicItem(s.kb.updateItem(who(c), toId(c.params.id), bodyOf(c))) };
    })
    .delete("/api/canned/items/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      s.kb.removeItem(who(c), toId(c.params.id));
      return { ok: true };
    })
    .post("/api/canned/files", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const body = bodyOf(c);
      const upload = body.file;
      if (!(upload instanceof Blob)) throw invalid("请选择文件 / choose a file", "file");
      const item = await s.kb.uploadFile(who(c), body, { name: (upload as File).name ?? "file", bytes: new Uint8Array(await upload.arrayBuffer()) });
      return { item: publicItem(item) };
    })
    .get("/api/canned/files/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      const item = s.kb.visible(c.principal!.agent.id, toId(c.params.id));
      if (item.kind !== "file" || !item.file_blob) throw notFound();
      return new Response(Bun.file(s.kb.blobPath(item.file_blob)), {
        headers: { "content-type": "application/octet-stream", "content-disposition": attachmentName(item.file_name ?? "file"), "x-content-type-options": "nosniff", "content-security-policy": "sandbox; default-src 'none'", "cache-control": "private, no-store" },
      });
    })
    .post("/api/canned/folders", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { folder: s.kb.createFolder(who(c), bodyOf(c)) };
    })
    .put("/api/canned/folders/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { folder: s.kb.updateFolder(who(c), toId(c.params.id), bodyOf(c)) };
    })
    .delete("/api/canned/folders/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      s.kb.removeFolder(who(c), toId(c.params.id));
      return { ok: true };
    })
    .post("/api/canned/reorder", (ctx) => {
      const c = ctx as unknown as Ctx;
      s.kb.reorder(who(c), bodyOf(c));
      return { ok: true };
    })
    .post("/api/conversations/:id/common-files/:itemId", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const me = c.principal!.agent;
      const conversation = s.chat.get(toId(c.params.id));
      if (!conversation) throw notFound("对话不存在 / conversation not found");
      if (conversation.status === "ended") throw new AppError(409, "ended", "对话已结束 / the conversation has ended");
      if (!s.chat.participants.isActive(conversation, me.id)) throw forbidden("只有参与该对话的客服可以发送文件 / only the conversation's participants can send files");
      const item = s.kb.visible(me.id, toId(c.params.itemId));
      if (item.kind !== "file" || !item.file_blob) throw notFound("常用文件不存在 / common file not found");
      // A copy per conversation through the files service: the visitor's access is then decided
      // by exactly the chat-file rules, and deleting the common file later leaves sent copies.
      const bytes = new Uint8Array(await Bun.file(s.kb.blobPath(item.file_blob)).arrayBuffer());
      const file = await s.files.store({ name: item.file_name ?? "file", bytes }, { siteId: conversation.site_id, conversationId: conversation.id, kind: "agent", id: me.id });
      const cid = typeof bodyOf(c).cid === "string" ? String(bodyOf(c).cid) : randomToken(12);
      const r = await s.chat.agentSend(me, conversation.id, { cid, body: file.name, fileId: file.id });
      return { file, seq: r.message.seq, id: r.message.id };
    });
}
