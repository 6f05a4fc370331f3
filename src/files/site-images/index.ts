import { Elysia } from "elysia";
import type { Services } from "../../services.ts";
import { notFound } from "../../platform/errors.ts";

/**
 * Site images for widgets on host pages (V2, V16): public, from our own origin, by unguessable
 * id. An id never changes its bytes (a new upload gets a new id), so they are cached for a year;
 * the type is the one checked from the bytes, and nosniff plus a sandbox CSP keep a browser from
 * ever treating one as anything but an image.
 */
export function siteImageRoutes(s: Services) {
  return new Elysia({ name: "site-image-routes" }).get("/widget/assets/:id", ({ params }) => {
    const image = s.siteImages.get(params.id);
    if (!image) throw notFound("图片不存在 / image not found");
    return new Response(Bun.file(s.siteImages.pathOf(image.id)), {
      headers: {
        "content-type": image.mime,
        "content-length": String(image.size),
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox; default-src 'none'",
        "cross-origin-resource-policy": "cross-origin",
        "content-disposition": "inline",
        "cache-control": "public, max-age=31536000, immutable",
      },
    });
  });
}
