import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { AuditService } from "../audit/service.ts";
import type { GroupsService } from "../agents/groups.ts";
import { AppError } from "../platform/errors.ts";
import { parseCsv, restore, toCsv } from "./csv.ts";
import type { KbRepo } from "./repo.ts";
import type { Bucket, Who } from "./model.ts";
import { checkFolderName, checkShortcut, checkText, checkTitle, checkUrl } from "./validate.ts";

export const CSV_COLUMNS = ["scope", "group", "folder", "title", "shortcut", "text", "kind"] as const;
const REQUIRED = CSV_COLUMNS.slice(0, 6);
export const MAX_IMPORT_ROWS = 5000;

export interface RowError {
  row: number;
  field: string;
  message: string;
}
export type ImportResult = { ok: true; imported: number; folders: number } | { ok: false; errors: RowError[] };

interface Planned extends Bucket {
  kind: "reply" | "link";
  folder: string;
  title: string;
  shortcut: string | null;
  body: string;
  url: string | null;
}

/**
 * CSV import and export of the company and group replies and links (admin pages). Rows are
 * numbered as a spreadsheet shows them (the header is row 1). Import is all or nothing: every
 * row is checked first and nothing is written while any row is wrong; folders named in the file
 * are created when missing. Personal items and common files are not part of the file.
 */
export function csvTransfer(deps: { db: Database; clock: Clock; audit: AuditService; groups: GroupsService; repo: KbRepo; changed: () => void }) {
  const { repo } = deps;

  /** The shared replies and links as CSV; the export itself is audited with its row count. */
  function exportCsv(who: Who): string {
    const groups = new Map(deps.groups.list().map((g) => [g.id, g.name]));
    const folders = new Map(repo.sharedFolders().map((f) => [f.id, f.name]));
    const rows: string[][] = [[...CSV_COLUMNS]];
    for (const i of repo.sharedItems()) {
      if (i.kind === "file") continue;
      rows.push([i.scope, i.group_id ? (groups.get(i.group_id) ?? "") : "", i.folder_id ? (folders.get(i.folder_id) ?? "") : "", i.title, i.shortcut ?? "", i.kind === "link" ? (i.url ?? "") : i.body, i.kind]);
    }
    deps.audit.record(who, { action: "canned.export", targetType: "canned", detail: { rows: rows.length - 1 } });
    return toCsv(rows);
  }

  function plan(text: string): { planned: Planned[]; errors: RowError[] } {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (e) {
      return { planned: [], errors: [{ row: 0, field: "file", message: `CSV 格式错误 / not valid CSV: ${(e as Error).message}` }] };
    }
    const header = (rows[0] ?? []).map((h) => restore(h).trim().toLowerCase());
    const missing = REQUIRED.filter((c) => !header.includes(c));
    if (missing.length) return { planned: [], errors: [{ row: 1, field: missing[0], message: `缺少列 / missing columns: ${missing.join(", ")}` }] };
    if (rows.length - 1 > MAX_IMPORT_ROWS) return { planned: [], errors: [{ row: 0, field: "file", message: `最多 ${MAX_IMPORT_ROWS} 行 / at most ${MAX_IMPORT_ROWS} rows` }] };
    const col = (r: string[], name: string) => restore(r[header.indexOf(name)] ?? "");
    const groupIds = new Map(deps.groups.list().map((g) => [g.name.toLowerCase(), g.id]));
    const seenShortcuts = new Set<string>();
    const planned: Planned[] = [];
    const errors: RowError[] = [];
    rows.slice(1).forEach((r, i) => {
      const row = i + 2;
      const fail = (field: string, message: string) => errors.push({ row, field, message });
      try {
        const scope = col(r, "scope").trim();
        let b: Bucket;
        if (scope === "company") b = { scope, group_id: null, owner_id: null };
        else if (scope === "group") {
          const gid = groupIds.get(col(r, "group").trim().toLowerCase());
          if (!gid) return fail("group", "分组不存在 / no group with this name");
          b = { scope, group_id: gid, owner_id: null };
        } else return fail("scope", "范围须为 company 或 group / scope must be company or group");
        const kind = (col(r, "kind").trim() || "reply") as Planned["kind"];
        if (kind !== "reply" && kind !== "link") return fail("kind", "类型须为 reply 或 link / kind must be reply or link");
        const folder = col(r, "folder").trim() ? checkFolderName(col(r, "folder")) : "";
        const title = checkTitle(col(r, "title"));
        const shortcut = kind === "reply" ? checkShortcut(col(r, "shortcut")) : null;
        const body = kind === "reply" ? checkText(col(r, "text")) : "";
        const url = kind === "link" ? checkUrl(col(r, "text")) : null;
        if (shortcut) {
          const key = `${b.scope}:${b.group_id}:${shortcut}`;
          if (seenShortcuts.has(key) || repo.shortcutOwner(b, shortcut) !== null) return fail("shortcut", "该快捷键已被使用 / this shortcut is already used");
          seenShortcuts.add(key);
        }
        planned.push({ ...b, kind, folder, title, shortcut, body, url });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // The CSV column for reply text and link URL is "text"; folder errors name "folder".
        const field = e.field === "url" ? "text" : e.field === "name" ? "folder" : (e.field ?? "row");
        fail(field, e.message);
      }
    });
    return { planned, errors };
  }

  function importCsv(who: Who, text: string): ImportResult {
    const { planned, errors } = plan(text);
    if (errors.length) return { ok: false, errors };
    const now = deps.clock.now();
    let folders = 0;
    deps.db.transaction(() => {
      for (const p of planned) {
        let folderId: number | null = null;
        if (p.folder) {
          const f = repo.folderByName(p, p.folder) ?? (folders++, repo.insertFolder(p, p.folder, repo.nextFolderPosition(p), now));
          folderId = f.id;
        }
        repo.insertItem({ kind: p.kind, scope: p.scope, group_id: p.group_id, owner_id: null, folder_id: folderId, title: p.title, body: p.body, shortcut: p.shortcut, url: p.url, file_blob: null, file_name: null, file_mime: null, file_size: null, position: repo.nextItemPosition(p, folderId), created_by: who.id }, now);
      }
      deps.audit.record(who, { action: "canned.import", targetType: "canned", detail: { rows: planned.length, folders_created: folders } });
      deps.changed();
    }).immediate();
    return { ok: true, imported: planned.length, folders };
  }

  return { exportCsv, importCsv };
}
