import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
};

/** Same hardening as visitor-chat downloads: never run as a page or script on our origin. */
const FILE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
  "cache-control": "private, max-age=3600",
};
const attachmentName = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Internal chat, presence and notices over HTTP (A19, A21, M4's sending side). Every route is
 * "session" (members-only checks are in the service) except sending notices (notices.send).
 */
export function teamRoutes(s: Services) {
  const me = (c: Ctx) => c.principal!.agent;
  const bodyOf = (c: Ctx) => (c.body ?? {}) as Record<string, unknown>;

  return new Elysia({ name: "team-routes" })
    .get("/api/team/presence", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { agents: s.team.presence.list(c.principal!.permissions.has("chat.invisible")) };
    })
    .get("/api/team/channels", (ctx) => ({ channels: s.team.channels(me(ctx as unknown as Ctx).id) }))
    .post("/api/team/channels", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { channel: s.team.direct(me(c).id, bodyOf(c).agentId) };
    })
    .get("/api/team/channels/:id/messages", (ctx) => {
      const c = ctx as unknown as Ctx;
      const id = toId(c.params.id);
      return { channel: s.team.summary(me(c).id, id), messages: s.team.messages(me(c).id, id, c.query) };
    })
    .post("/api/team/channels/:id/messages", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const body = bodyOf(c);
      const r = await s.team.send(me(c).id, toId(c.params.id), { cid: body.cid, body: body.body });
      return { channelId: r.channel.id, seq: r.message.seq, id: r.message.id, cid: r.message.cid, at: r.message.created_at, duplicate: r.duplicate };
    })
    .post("/api/team/channels/:id/read", async (ctx) => {
      const c = ctx as unknown as Ctx;
      return s.team.markRead(me(c).id, toId(c.params.id), bodyOf(c).seq);
    })
    .post("/api/team/channels/:id/files", async (ctx) => {
      const c = ctx as unknown as Ctx;
      const body = bodyOf(c);
      const upload = body.file;
      if (!(upload instanceof Blob)) throw invalid("请选择文件 / choose a file", "file");
      const cid = typeof body.cid === "string" ? body.cid : randomToken(12);
      const r = await s.team.sendFile(me(c).id, toId(c.params.id), { name: (upload as File).name ?? "file", bytes: new Uint8Array(await upload.arrayBuffer()) }, cid);
      return { file: r.message.file_id === r.file.id ? r.file : null, channelId: r.channel.id, seq: r.message.seq, id: r.message.id, cid: r.message.cid, duplicate: r.duplicate };
    })
    .get("/api/team/files/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      const file = s.team.file(me(c).id, c.params.id);
      return new Response(Bun.file(s.team.filePath(file.id)), { headers: { ...FILE_HEADERS, "content-type": "application/octet-stream", "content-disposition": attachmentName(file.name) } });
    })
    .get("/api/team/files/:id/thumb", (ctx) => {
      const c = ctx as unknown as Ctx;
      const file = s.team.file(me(c).id, c.params.id);
      if (!file.is_image) throw notFound("没有缩略图 / no thumbnail");
      return new Response(Bun.file(s.team.filePath(file.id)), { headers: { ...FILE_HEADERS, "content-type": file.mime, "content-disposition": "inline" } });
    })
    .get("/api/notices", (ctx) => s.notices.mine(me(ctx as unknown as Ctx).id))
    .post("/api/notices", (ctx) => {
      const c = ctx as unknown as Ctx;
      const notice = s.notices.create(me(c), { id: me(c).id, name: me(c).username, ip: c.ip }, bodyOf(c), c.principal!.scope);
      return { notice: { ...s.notices.view(notice, me(c).id), audienceKind: notice.audience_kind, deliveredAt: notice.delivered_at } };
    })
    .post("/api/notices/:id/ack", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { notice: s.notices.ack(me(c).id, toId(c.params.id)) };
    })
    .get("/api/notices/:id/reads", (ctx) => {
      const c = ctx as unknown as Ctx;
      return s.notices.reads({ id: me(c).id, maySend: c.principal!.permissions.has("notices.send"), scope: c.principal!.scope }, toId(c.params.id));
    });
}
