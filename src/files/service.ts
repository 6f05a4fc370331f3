import type { Database } from "bun:sqlite";
import { mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../platform/clock.ts";
import { AppError, invalid } from "../platform/errors.ts";
import { randomToken, sha256Hex } from "../platform/ids.ts";
import { checkFile } from "./sniff.ts";

export interface FileRow {
  id: string;
  site_id: number;
  conversation_id: number | null;
  uploader_kind: "visitor" | "agent";
  uploader_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  is_image: number;
  created_at: number;
}

export interface FileLimits {
  maxBytes: number;
  allowedTypes: string[];
}

const safeName = (name: string) => name.replace(/[\u0000-\u001f\u007f/\\]/g, "_").slice(-120) || "file";

/**
 * Uploaded files live in the data folder under unguessable ids (never the user's file name),
 * with their checked type recorded; who may read one is decided by the route from the row.
 */
export function createFilesService(deps: { db: Database; clock: Clock; dir: string; limits: FileLimits }) {
  const insert = deps.db.prepare(
    `INSERT INTO files (id, site_id, conversation_id, uploader_kind, uploader_id, name, mime, size, sha256, is_image, created_at)
     VALUES ($id, $site_id, $conversation_id, $uploader_kind, $uploader_id, $name, $mime, $size, $sha256, $is_image, $created_at) RETURNING *`,
  );
  const byId = deps.db.prepare("SELECT * FROM files WHERE id = ?");
  const attach = deps.db.prepare("UPDATE files SET conversation_id = ? WHERE id = ? AND conversation_id IS NULL");
  const pathOf = (id: string) => join(deps.dir, id.slice(0, 2), id);

  function check(file: { name: string; bytes: Uint8Array }): { name: string; mime: string; image: boolean } {
    if (file.bytes.length === 0) throw invalid("文件是空的 / the file is empty", "file");
    if (file.bytes.length > deps.limits.maxBytes) {
      throw new AppError(413, "too_large", `文件不能超过 ${Math.round(deps.limits.maxBytes / 1048576)} MB / files are limited to ${Math.round(deps.limits.maxBytes / 1048576)} MB`, "file");
    }
    const checked = checkFile(file.name, file.bytes, deps.limits.allowedTypes);
    if (!checked.ok) throw new AppError(415, "unsupported_type", checked.reason, "file");
    return { name: safeName(file.name), mime: checked.kind.mime, image: checked.kind.image };
  }

  /** Unguessable id, also the storage name, in a two-character fan-out folder. */
  async function writeBytes(bytes: Uint8Array): Promise<string> {
    const id = randomToken(24);
    const folder = join(deps.dir, id.slice(0, 2));
    if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
    await Bun.write(pathOf(id), bytes);
    return id;
  }

  return {
    limits: deps.limits,
    get: (id: string) => (typeof id === "string" && /^[A-Za-z0-9_-]{20,64}$/.test(id) ? (byId.get(id) as FileRow | null) : null),
    pathOf,
    attach: (id: string, conversationId: number) => attach.run(conversationId, id),

    /**
     * The checks every stored file passes (not empty, size limit, type by content). Common files
     * (src/kb) run them before keeping bytes of their own, so the rules are the chat files' rules.
     */
    check,

    /**
     * Checks and stores bytes like `store` but records no row: for files owned by another domain
     * (internal chat keeps its own table and access rule). Returns what that row needs.
     */
    async keep(file: { name: string; bytes: Uint8Array }): Promise<Omit<FileRow, "site_id" | "conversation_id" | "uploader_kind" | "uploader_id">> {
      const checked = check(file);
      const id = await writeBytes(file.bytes);
      return { id, name: checked.name, mime: checked.mime, size: file.bytes.length, sha256: sha256Hex(file.bytes), is_image: checked.image ? 1 : 0, created_at: deps.clock.now() };
    },

    async store(file: { name: string; bytes: Uint8Array }, owner: { siteId: number; conversationId: number | null; kind: "visitor" | "agent"; id: number }): Promise<FileRow> {
      const kept = await this.keep(file);
      return insert.get({ ...kept, site_id: owner.siteId, conversation_id: owner.conversationId, uploader_kind: owner.kind, uploader_id: owner.id }) as FileRow;
    },
  };
}
export type FilesService = ReturnType<typeof createFilesService>;
