import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { notFound } from "../platform/errors.ts";
import type { FileRow } from "./service.ts";

/** Headers that keep a served file from ever running as a page or script on our origin. */
const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
  "cross-origin-resource-policy": "cross-origin",
  "cache-control": "private, max-age=3600",
};

const attachmentName = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Downloads and thumbnails. A file is reachable only by its conversation's visitor (with the
 * visitor token) and by agents who may see that conversation; the id alone is not enough.
 */
export function fileRoutes(s: Services) {
  function mayRead(c: RequestScope & { query: Record<string, string | undefined> }, file: FileRow): boolean {
    const conversation = file.conversation_id ? s.chat.get(file.conversation_id) : null;
    const principal = c.principal && !c.principal.pending ? c.principal : null;
    if (principal) {
      if (file.uploader_kind === "agent" && file.uploader_id === principal.agent.id) return true;
      if (principal.permissions.has("chat.accept") && conversation !== null && (conversation.agent_id === null || conversation.agent_id === principal.agent.id || s.chat.participants.isActive(conversation, principal.agent.id))) return true;
      // H1: whoever sees the chat in history sees its files (own / department / all, as the list).
      return s.history.canSee(principal, conversation);
    }
    const visitor = c.query.token ? s.visitors.verifyToken(file.site_id, c.query.token) : null;
    if (!visitor) return false;
    if (file.uploader_kind === "visitor" && file.uploader_id === visitor.id) return true;
    return conversation !== null && conversation.visitor_id === visitor.id;
  }

  function load(ctx: unknown): FileRow {
    const c = ctx as RequestScope & { params: { id: string }; query: Record<string, string | undefined> };
    const file = s.files.get(c.params.id);
    // Unknown and forbidden look the same, so ids cannot be probed.
    if (!file || !mayRead(c, file)) throw notFound("文件不存在 / file not found");
    return file;
  }

  return new Elysia({ name: "file-routes" })
    .get("/files/:id", (ctx) => {
      const file = load(ctx);
      return new Response(Bun.file(s.files.pathOf(file.id)), {
        headers: { ...BASE_HEADERS, "content-type": "application/octet-stream", "content-disposition": attachmentName(file.name) },
      });
    })
    .get("/files/:id/thumb", (ctx) => {
      const file = load(ctx);
      // Only raster images are shown inline; SVG and everything else stay downloads.
      if (!file.is_image) throw notFound("没有缩略图 / no thumbnail");
      return new Response(Bun.file(s.files.pathOf(file.id)), { headers: { ...BASE_HEADERS, "content-type": file.mime, "content-disposition": "inline" } });
    });
}
