import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { AppError, invalid, notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { imageField, isImageField } from "../sites/settings/sections/image-field.ts";
import { actorOf, idParam, scopeOf } from "./respond.ts";

/**
 * POST /admin/sites/:id/images?field=NAME — uploads one site image (multipart, the file in
 * `upload_NAME`, or `file` for API clients). From an htmx form it answers the image block of
 * the settings form with the new id (422 with the error beside the field when refused); any
 * other client gets JSON `{id, url, field}` or the usual `{"error":{…,"field":"file"}}`.
 */
export function siteImageAdminRoutes(s: Services) {
  return new Elysia({ name: "admin-site-images" }).post("/admin/sites/:id/images", async (ctx) => {
    const c = scopeOf(ctx);
    const siteId = idParam(c);
    if (!s.sites.get(siteId)) throw notFound();
    const name = c.query.field;
    if (!isImageField(name)) throw invalid("未知的图片字段 / unknown image field", "field");
    const fromForm = Boolean((ctx.request as Request).headers.get("hx-request"));
    const body = (c.body ?? {}) as Record<string, unknown>;
    const upload = body[`upload_${name}`] ?? body.file;
    try {
      if (!(upload instanceof Blob) || upload.size === 0) throw invalid("请选择一个图片文件 / choose an image file", "file");
      const row = await s.siteImages.store(siteId, new Uint8Array(await upload.arrayBuffer()), actorOf(c), name);
      if (fromForm) return htmlResponse(imageField({ siteId, name, value: row.id, refreshPreview: true }).value);
      return { id: row.id, url: s.siteImages.url(row.id), field: name };
    } catch (e) {
      if (!fromForm || !(e instanceof AppError) || e.status !== 422) throw e;
      // Keep the image that was there: the hidden input comes back from the form's own value.
      const previous = typeof body[name] === "string" && s.siteImages.ofSite(body[name], siteId) ? (body[name] as string) : "";
      return htmlResponse(imageField({ siteId, name, value: previous, error: e.message }).value, 422);
    }
  });
}
