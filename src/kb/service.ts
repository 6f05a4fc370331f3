import type { Database } from "bun:sqlite";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../platform/clock.ts";
import type { AuditService } from "../audit/service.ts";
import type { GroupsService } from "../agents/groups.ts";
import type { FilesService } from "../files/service.ts";
import { conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import { createKbRepo, type NewItem } from "./repo.ts";
import { csvTransfer } from "./transfer.ts";
import { indexItems, searchIndex, type IndexedItem } from "./search.ts";
import { publicItem, sameBucket, type Bucket, type FolderRow, type ItemRow, type Kind, type Who } from "./model.ts";
import { checkFolderName, checkPosition, checkScope, checkShortcut, checkText, checkTitle, checkUrl, optionalId, str } from "./validate.ts";

export interface ItemInput {
  kind?: unknown;
  scope?: unknown;
  group_id?: unknown;
  folder_id?: unknown;
  title?: unknown;
  text?: unknown;
  shortcut?: unknown;
  url?: unknown;
  position?: unknown;
  /** Instead of folder_id (admin form, CSV): a folder of this name in the item's scope, created if missing. */
  folder_name?: unknown;
}

const SHARED = (b: Bucket) => b.scope !== "personal";

/**
 * Canned replies, quick links and common files in three scopes. Company and group items are kept
 * by holders of canned.manage, personal ones by their owner (canned.personal). An agent reads the
 * company's, their own groups' and their own. Another agent's personal item is "not found", not
 * "forbidden", so ids cannot be probed. Changes to shared items are audited.
 */
export function createKbService(deps: { db: Database; clock: Clock; audit: AuditService; groups: GroupsService; files: FilesService; dir: string }) {
  const { db } = deps;
  const repo = createKbRepo(db);
  const blobDir = join(deps.dir, "common");
  const blobPath = (blob: string) => join(blobDir, blob);

  // Deleting a group or an agent removes their items by cascade, which leaves those common
  // files' bytes behind; they are swept once at start-up (a handful of files, rarely any).
  if (existsSync(blobDir)) {
    const used = new Set(repo.usedBlobs());
    for (const name of readdirSync(blobDir)) if (!used.has(name)) rmSync(blobPath(name), { force: true });
  }

  // One search index per agent view, rebuilt on first use after any change (version) or after
  // the agent's group membership changed (groupKey). See search.ts for why this is enough.
  let version = 0;
  const views = new Map<number, { version: number; groupKey: string; index: IndexedItem[]; folders: FolderRow[] }>();
  const changed = () => void version++;

  function viewOf(agentId: number) {
    const groups = deps.groups.groupsOf(agentId);
    const groupKey = groups.map((g) => g.id).join(",");
    let v = views.get(agentId);
    if (!v || v.version !== version || v.groupKey !== groupKey) {
      const ids = groups.map((g) => g.id);
      v = { version, groupKey, index: indexItems(repo.viewItems(ids, agentId)), folders: repo.viewFolders(ids, agentId) };
      views.set(agentId, v);
    }
    return { ...v, groups: groups.map((g) => ({ id: g.id, name: g.name })) };
  }

  function bucketOf(who: Who, input: { scope?: unknown; group_id?: unknown }): Bucket {
    const scope = checkScope(input.scope);
    if (scope === "company") return { scope, group_id: null, owner_id: null };
    if (scope === "personal") return { scope, group_id: null, owner_id: who.id };
    const groupId = optionalId(input.group_id, "group_id");
    if (groupId === null || !deps.groups.get(groupId)) throw invalid("请选择分组 / choose a group", "group_id");
    return { scope, group_id: groupId, owner_id: null };
  }

  function mayManage(who: Who, b: Bucket) {
    if (b.scope === "personal") {
      if (b.owner_id !== who.id || !who.permissions.has("canned.personal")) throw forbidden("无权维护个人常用语 / you may not keep personal canned replies");
    } else if (!who.permissions.has("canned.manage")) {
      throw forbidden("只有管理员可以维护公共和分组常用语 / only administrators keep company and group canned replies");
    }
  }

  /** An existing item or folder the agent may change; someone else's personal one is not found. */
  function own<T extends Bucket>(who: Who, row: T | null, what: string): T {
    if (!row || (row.scope === "personal" && row.owner_id !== who.id)) throw notFound(`${what}不存在 / ${what === "文件夹" ? "folder" : "item"} not found`);
    mayManage(who, row);
    return row;
  }

  function folderIn(b: Bucket, raw: unknown): number | null {
    const id = optionalId(raw, "folder_id");
    if (id === null) return null;
    const f = repo.folder(id);
    if (!f || !sameBucket(f, b)) throw invalid("文件夹不存在或不属于该范围 / the folder does not exist in this scope", "folder_id");
    return id;
  }

  function shortcutFree(b: Bucket, shortcut: string | null, selfId: number | null) {
    if (!shortcut) return;
    const holder = repo.shortcutOwner(b, shortcut);
    if (holder !== null && holder !== selfId) throw conflict("该快捷键已被使用 / this shortcut is already used", "shortcut");
  }

  /** The checked fields of a reply or link (files keep their bytes; only title, folder, position change). */
  function fields(kind: Kind, b: Bucket, input: ItemInput, selfId: number | null) {
    const title = checkTitle(input.title);
    const body = kind === "reply" ? checkText(input.text) : "";
    const shortcut = kind === "reply" ? checkShortcut(input.shortcut) : null;
    const url = kind === "link" ? checkUrl(input.url) : null;
    const folder_id = folderIn(b, input.folder_id);
    const position = checkPosition(input.position);
    shortcutFree(b, shortcut, selfId);
    return { title, body, shortcut, url, folder_id, position, folder_name: folderName(input) };
  }

  function folderName(input: ItemInput): string | null {
    if (!str(input.folder_name).trim()) return null;
    try {
      return checkFolderName(input.folder_name);
    } catch (e) {
      throw invalid((e as Error).message, "folder");
    }
  }

  /** Inside a write transaction: the named folder's id (created when missing), else the given id. */
  function resolveFolder(b: Bucket, f: { folder_id: number | null; folder_name?: string | null }, now: number): number | null {
    if (!f.folder_name) return f.folder_id;
    return (repo.folderByName(b, f.folder_name) ?? repo.insertFolder(b, f.folder_name, repo.nextFolderPosition(b), now)).id;
  }

  const audit = (who: Who, b: Bucket, action: string, id: number, detail: Record<string, unknown>) => {
    if (SHARED(b)) deps.audit.record(who, { action, targetType: "canned", targetId: id, detail: { scope: b.scope, group_id: b.group_id, ...detail } });
  };

  function insert(who: Who, input: Omit<NewItem, "position" | "created_by"> & { position: number | null; folder_name?: string | null }): ItemRow {
    return db.transaction(() => {
      const { folder_name: _name, ...n } = input;
      n.folder_id = resolveFolder(n, input, deps.clock.now());
      const row = repo.insertItem({ ...n, position: n.position ?? repo.nextItemPosition(n, n.folder_id), created_by: who.id }, deps.clock.now());
      audit(who, n, `canned.${n.kind}.create`, row.id, { title: n.title });
      changed();
      return row;
    }).immediate();
  }

  return {
    repo,
    bucketOf,
    mayManage,
    blobPath,

    /** The agent's view, optionally filtered by a search query (search as you type). */
    view(agentId: number, query = "", limit = 200) {
      const v = viewOf(agentId);
      return { groups: v.groups, folders: v.folders, items: searchIndex(v.index, query, limit).map(publicItem) };
    },

    /** One bucket for its keepers: the manager element and the admin pages. */
    bucket(who: Who, input: { scope?: unknown; group_id?: unknown }) {
      const b = bucketOf(who, input);
      mayManage(who, b);
      return { bucket: b, folders: repo.bucketFolders(b), items: repo.bucketItems(b).map(publicItem) };
    },

    /** Every company and group item and folder (admin pages and CSV export). */
    shared: () => ({ folders: repo.sharedFolders(), items: repo.sharedItems() }),

    /** An item the agent can see (their view), or not found. */
    visible(agentId: number, id: number): ItemRow {
      const item = repo.item(id);
      if (item) {
        if (item.scope === "company") return item;
        if (item.scope === "personal" && item.owner_id === agentId) return item;
        if (item.scope === "group" && deps.groups.groupsOf(agentId).some((g) => g.id === item.group_id)) return item;
      }
      throw notFound("常用语不存在 / item not found");
    },

    createItem(who: Who, input: ItemInput): ItemRow {
      const kind = str(input.kind) || "reply";
      if (kind !== "reply" && kind !== "link") throw invalid("类型须为 reply 或 link（文件请上传） / kind must be reply or link (upload files)", "kind");
      const b = bucketOf(who, input);
      mayManage(who, b);
      const f = fields(kind, b, input, null);
      return insert(who, { kind, ...b, ...f, file_blob: null, file_name: null, file_mime: null, file_size: null });
    },

    /** A common file: same size and type checks as chat files; the bytes stay until deleted. */
    async uploadFile(who: Who, input: ItemInput, file: { name: string; bytes: Uint8Array }): Promise<ItemRow> {
      const b = bucketOf(who, input);
      mayManage(who, b);
      const checked = deps.files.check(file);
      const title = str(input.title).trim() ? checkTitle(input.title) : checkTitle(checked.name.slice(0, 100));
      const folder_id = folderIn(b, input.folder_id);
      const position = checkPosition(input.position);
      const blob = randomToken(24);
      if (!existsSync(blobDir)) mkdirSync(blobDir, { recursive: true, mode: 0o700 });
      await Bun.write(blobPath(blob), file.bytes);
      try {
        return insert(who, { kind: "file", ...b, folder_id, title, body: "", shortcut: null, url: null, position, file_blob: blob, file_name: checked.name, file_mime: checked.mime, file_size: file.bytes.length });
      } catch (e) {
        rmSync(blobPath(blob), { force: true });
        throw e;
      }
    },

    updateItem(who: Who, id: number, input: ItemInput): ItemRow {
      const item = own(who, repo.item(id), "常用语");
      const f = item.kind === "file"
        ? { title: checkTitle(input.title ?? item.title), body: "", shortcut: null, url: null, folder_id: input.folder_id === undefined ? item.folder_id : folderIn(item, input.folder_id), position: checkPosition(input.position) }
        : fields(item.kind, item, { title: item.title, text: item.body, url: item.url, shortcut: item.shortcut, folder_id: item.folder_id, ...input }, id);
      return db.transaction(() => {
        const folder_id = resolveFolder(item, { folder_id: f.folder_id, folder_name: "folder_name" in f ? f.folder_name : null }, deps.clock.now());
        const row = repo.updateItem(id, { ...f, folder_id, position: f.position ?? item.position }, deps.clock.now());
        audit(who, item, `canned.${item.kind}.update`, id, { title: f.title });
        changed();
        return row;
      }).immediate();
    },

    removeItem(who: Who, id: number) {
      const item = own(who, repo.item(id), "常用语");
      db.transaction(() => {
        repo.deleteItem(id);
        audit(who, item, `canned.${item.kind}.delete`, id, { title: item.title });
        changed();
      }).immediate();
      if (item.file_blob) rmSync(blobPath(item.file_blob), { force: true });
    },

    createFolder(who: Who, input: { scope?: unknown; group_id?: unknown; name?: unknown; position?: unknown }): FolderRow {
      const b = bucketOf(who, input);
      mayManage(who, b);
      const name = checkFolderName(input.name);
      const position = checkPosition(input.position);
      if (repo.folderByName(b, name)) throw conflict("同名文件夹已存在 / a folder with this name exists", "name");
      return db.transaction(() => {
        const row = repo.insertFolder(b, name, position ?? repo.nextFolderPosition(b), deps.clock.now());
        audit(who, b, "canned.folder.create", row.id, { name });
        changed();
        return row;
      }).immediate();
    },

    updateFolder(who: Who, id: number, input: { name?: unknown; position?: unknown }): FolderRow {
      const folder = own(who, repo.folder(id), "文件夹");
      const name = input.name === undefined ? folder.name : checkFolderName(input.name);
      const position = checkPosition(input.position) ?? folder.position;
      const clash = repo.folderByName(folder, name);
      if (clash && clash.id !== id) throw conflict("同名文件夹已存在 / a folder with this name exists", "name");
      return db.transaction(() => {
        const row = repo.updateFolder(id, name, position, deps.clock.now());
        audit(who, folder, "canned.folder.update", id, { name });
        changed();
        return row;
      }).immediate();
    },

    /** Deleting a folder keeps its items: they move out of it (to the scope's top level). */
    removeFolder(who: Who, id: number) {
      const folder = own(who, repo.folder(id), "文件夹");
      db.transaction(() => {
        repo.deleteFolder(id);
        audit(who, folder, "canned.folder.delete", id, { name: folder.name });
        changed();
      }).immediate();
    },

    /** Gives the listed items (or folders) positions 0, 1, 2… in that order; all in one bucket the agent keeps. */
    reorder(who: Who, input: { type?: unknown; ids?: unknown }) {
      const type = str(input.type);
      if (type !== "items" && type !== "folders") throw invalid("type 须为 items 或 folders / type must be items or folders", "type");
      if (!Array.isArray(input.ids) || input.ids.length === 0 || input.ids.length > 5000) throw invalid("ids 须为非空列表 / ids must be a non-empty list", "ids");
      const rows = input.ids.map((raw) => {
        const id = optionalId(raw, "ids");
        if (id === null) throw invalid("ids 无效 / ids are not valid", "ids");
        return own<Bucket & { id: number }>(who, type === "items" ? repo.item(id) : repo.folder(id), type === "items" ? "常用语" : "文件夹");
      });
      if (rows.some((r) => !sameBucket(r, rows[0]))) throw invalid("只能在同一范围内排序 / reorder within one scope", "ids");
      const now = deps.clock.now();
      db.transaction(() => {
        rows.forEach((r, i) => (type === "items" ? repo.moveItem(r.id, i, now) : repo.moveFolder(r.id, i, now)));
        audit(who, rows[0], "canned.reorder", rows[0].id, { type, count: rows.length });
        changed();
      }).immediate();
    },

    ...csvTransfer({ db, clock: deps.clock, audit: deps.audit, groups: deps.groups, repo, changed }),
  };
}
export type KbService = ReturnType<typeof createKbService>;
