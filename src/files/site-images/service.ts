import type { Database } from "bun:sqlite";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Actor } from "../../audit/service.ts";
import type { Clock } from "../../platform/clock.ts";
import { invalid } from "../../platform/errors.ts";
import { randomToken, sha256Hex } from "../../platform/ids.ts";
import { KINDS } from "../sniff.ts";

export interface SiteImageRow {
  id: string;
  site_id: number;
  mime: string;
  size: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: number;
}

/** 512 KB: a logo or an entry image; anything larger slows every host page that shows it. */
export const MAX_IMAGE_BYTES = 512 * 1024;

/**
 * Raster formats every browser draws, by magic bytes. SVG is never accepted: it can carry
 * script, and these images are served publicly from our own origin.
 */
const IMAGE_KINDS = [KINDS.png, KINDS.jpg, KINDS.gif, KINDS.webp];

const ID = /^[A-Za-z0-9_-]{32}$/;

/** The checked type of an image upload, or the 422 that explains why it is refused. */
export function sniffImage(bytes: Uint8Array): string {
  if (bytes.length === 0) throw invalid("图片是空的 / the image is empty", "file");
  if (bytes.length > MAX_IMAGE_BYTES) throw invalid("图片不能超过 512 KB / images are limited to 512 KB", "file");
  const head = bytes.subarray(0, 64);
  const kind = IMAGE_KINDS.find((k) => k.matches(head));
  if (kind) return kind.mime;
  const text = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  if (text.startsWith("<svg") || text.startsWith("<?xml") || text.includes("<svg")) {
    throw invalid("不接受 SVG 图片，请上传 PNG、JPEG、GIF 或 WebP / SVG is not accepted; upload PNG, JPEG, GIF or WebP", "file");
  }
  throw invalid("只接受 PNG、JPEG、GIF 或 WebP 图片（按文件内容判断）/ only PNG, JPEG, GIF or WebP images are accepted (judged by content)", "file");
}

/**
 * Site images (V2 entry images, V16 logo, avatar, banner): bytes in the data folder under an
 * unguessable id, the type taken from the bytes. They are public by design (host pages of other
 * origins show them to every visitor), so the id is the only handle and uploads are audited.
 */
export function createSiteImages(deps: { db: Database; clock: Clock; dir: string; audit: { record(actor: Actor, e: { action: string; targetType?: string; targetId?: string | number; detail?: Record<string, unknown> }): unknown } }) {
  const insert = deps.db.prepare(
    `INSERT INTO site_images (id, site_id, mime, size, sha256, uploaded_by, created_at)
     VALUES ($id, $site_id, $mime, $size, $sha256, $uploaded_by, $created_at) RETURNING *`,
  );
  const byId = deps.db.prepare("SELECT * FROM site_images WHERE id = ?");
  const pathOf = (id: string) => join(deps.dir, id.slice(0, 2), id);

  function get(id: unknown): SiteImageRow | null {
    return typeof id === "string" && ID.test(id) ? ((byId.get(id) as SiteImageRow | null) ?? null) : null;
  }

  return {
    pathOf,
    get,
    /** Whether `id` names an image uploaded for this site (settings may only point at those). */
    ofSite: (id: unknown, siteId: number) => get(id)?.site_id === siteId,
    /** The public path the widget loads the image from, relative to the server's origin. */
    url: (id: string) => `/widget/assets/${id}`,

    async store(siteId: number, bytes: Uint8Array, actor: Actor, purpose: string): Promise<SiteImageRow> {
      const mime = sniffImage(bytes);
      const id = randomToken(24);
      const folder = join(deps.dir, id.slice(0, 2));
      if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
      await Bun.write(pathOf(id), bytes);
      try {
        return deps.db.transaction(() => {
          const row = insert.get({
            $id: id, $site_id: siteId, $mime: mime, $size: bytes.length, $sha256: sha256Hex(bytes),
            $uploaded_by: actor.id, $created_at: deps.clock.now(),
          }) as SiteImageRow;
          deps.audit.record(actor, { action: "site.image_upload", targetType: "site", targetId: siteId, detail: { image: id, purpose, mime, size: bytes.length } });
          return row;
        }).immediate();
      } catch (e) {
        rmSync(pathOf(id), { force: true }); // nothing half-written: no row, no orphan file
        throw e;
      }
    },
  };
}
export type SiteImages = ReturnType<typeof createSiteImages>;
