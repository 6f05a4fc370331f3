import type { Database } from "bun:sqlite";
import type { Bucket, FolderRow, ItemRow } from "./model.ts";

const SCOPE_ORDER = "CASE i.scope WHEN 'company' THEN 0 WHEN 'group' THEN 1 ELSE 2 END";
const FOLDER_SCOPE_ORDER = "CASE scope WHEN 'company' THEN 0 WHEN 'group' THEN 1 ELSE 2 END";
/** Items not in a folder come first in their scope, then folders in order, then items in order. */
const ITEM_ORDER = `${SCOPE_ORDER}, i.group_id, COALESCE(f.position, -1), f.id, i.position, i.id`;
/** An agent's view: the company's, the listed groups' (JSON array of ids) and the agent's own. */
const VIEW = "(i.scope = 'company' OR (i.scope = 'group' AND i.group_id IN (SELECT value FROM json_each($groups))) OR (i.scope = 'personal' AND i.owner_id = $owner))";
const BUCKET = "scope = $scope AND group_id IS $group_id AND owner_id IS $owner_id";

/** An item as stored, before the database gives it an id and timestamps. */
export type NewItem = Omit<ItemRow, "id" | "created_at" | "updated_at">;

const b = (x: Bucket) => ({ scope: x.scope, group_id: x.group_id, owner_id: x.owner_id });

export function createKbRepo(db: Database) {
  const q = {
    viewItems: db.prepare(`SELECT i.* FROM canned_items i LEFT JOIN canned_folders f ON f.id = i.folder_id WHERE ${VIEW} ORDER BY ${ITEM_ORDER}`),
    viewFolders: db.prepare(`SELECT * FROM canned_folders WHERE scope = 'company' OR (scope = 'group' AND group_id IN (SELECT value FROM json_each($groups))) OR (scope = 'personal' AND owner_id = $owner) ORDER BY ${FOLDER_SCOPE_ORDER}, group_id, position, id`),
    bucketItems: db.prepare(`SELECT i.* FROM canned_items i LEFT JOIN canned_folders f ON f.id = i.folder_id WHERE i.scope = $scope AND i.group_id IS $group_id AND i.owner_id IS $owner_id ORDER BY ${ITEM_ORDER}`),
    bucketFolders: db.prepare(`SELECT * FROM canned_folders WHERE ${BUCKET} ORDER BY position, id`),
    sharedItems: db.prepare(`SELECT i.* FROM canned_items i LEFT JOIN canned_folders f ON f.id = i.folder_id WHERE i.scope IN ('company', 'group') ORDER BY ${ITEM_ORDER}`),
    sharedFolders: db.prepare(`SELECT * FROM canned_folders WHERE scope IN ('company', 'group') ORDER BY ${FOLDER_SCOPE_ORDER}, group_id, position, id`),
    item: db.prepare("SELECT * FROM canned_items WHERE id = ?"),
    folder: db.prepare("SELECT * FROM canned_folders WHERE id = ?"),
    folderByName: db.prepare(`SELECT * FROM canned_folders WHERE ${BUCKET} AND name = $name`),
    shortcutIn: db.prepare(`SELECT id FROM canned_items WHERE ${BUCKET} AND shortcut = $shortcut`),
    nextItemPos: db.prepare(`SELECT COALESCE(MAX(position) + 1, 0) AS p FROM canned_items WHERE ${BUCKET} AND folder_id IS $folder_id`),
    nextFolderPos: db.prepare(`SELECT COALESCE(MAX(position) + 1, 0) AS p FROM canned_folders WHERE ${BUCKET}`),
    insertItem: db.prepare(
      `INSERT INTO canned_items (kind, scope, group_id, owner_id, folder_id, title, body, shortcut, url, file_blob, file_name, file_mime, file_size, position, created_by, created_at, updated_at)
       VALUES ($kind, $scope, $group_id, $owner_id, $folder_id, $title, $body, $shortcut, $url, $file_blob, $file_name, $file_mime, $file_size, $position, $created_by, $now, $now) RETURNING *`,
    ),
    updateItem: db.prepare("UPDATE canned_items SET folder_id = $folder_id, title = $title, body = $body, shortcut = $shortcut, url = $url, position = $position, updated_at = $now WHERE id = $id RETURNING *"),
    moveItem: db.prepare("UPDATE canned_items SET position = ?, updated_at = ? WHERE id = ?"),
    deleteItem: db.prepare("DELETE FROM canned_items WHERE id = ?"),
    insertFolder: db.prepare("INSERT INTO canned_folders (scope, group_id, owner_id, name, position, created_at, updated_at) VALUES ($scope, $group_id, $owner_id, $name, $position, $now, $now) RETURNING *"),
    updateFolder: db.prepare("UPDATE canned_folders SET name = $name, position = $position, updated_at = $now WHERE id = $id RETURNING *"),
    moveFolder: db.prepare("UPDATE canned_folders SET position = ?, updated_at = ? WHERE id = ?"),
    deleteFolder: db.prepare("DELETE FROM canned_folders WHERE id = ?"),
  };

  return {
    viewItems: (groupIds: number[], ownerId: number) => q.viewItems.all({ groups: JSON.stringify(groupIds), owner: ownerId }) as ItemRow[],
    viewFolders: (groupIds: number[], ownerId: number) => q.viewFolders.all({ groups: JSON.stringify(groupIds), owner: ownerId }) as FolderRow[],
    bucketItems: (x: Bucket) => q.bucketItems.all(b(x)) as ItemRow[],
    bucketFolders: (x: Bucket) => q.bucketFolders.all(b(x)) as FolderRow[],
    sharedItems: () => q.sharedItems.all() as ItemRow[],
    sharedFolders: () => q.sharedFolders.all() as FolderRow[],
    item: (id: number) => q.item.get(id) as ItemRow | null,
    folder: (id: number) => q.folder.get(id) as FolderRow | null,
    folderByName: (x: Bucket, name: string) => q.folderByName.get({ ...b(x), name: name }) as FolderRow | null,
    shortcutOwner: (x: Bucket, shortcut: string) => (q.shortcutIn.get({ ...b(x), shortcut: shortcut }) as { id: number } | null)?.id ?? null,
    nextItemPosition: (x: Bucket, folderId: number | null) => (q.nextItemPos.get({ ...b(x), folder_id: folderId }) as { p: number }).p,
    nextFolderPosition: (x: Bucket) => (q.nextFolderPos.get(b(x)) as { p: number }).p,
    insertItem: (n: NewItem, now: number) => q.insertItem.get({ ...n, now }) as ItemRow,
    updateItem: (id: number, v: { folder_id: number | null; title: string; body: string; shortcut: string | null; url: string | null; position: number }, now: number) =>
      q.updateItem.get({ id: id, folder_id: v.folder_id, title: v.title, body: v.body, shortcut: v.shortcut, url: v.url, position: v.position, now: now }) as ItemRow,
    moveItem: (id: number, position: number, now: number) => q.moveItem.run(position, now, id),
    deleteItem: (id: number) => q.deleteItem.run(id),
    insertFolder: (x: Bucket, name: string, position: number, now: number) => q.insertFolder.get({ ...b(x), name: name, position: position, now: now }) as FolderRow,
    updateFolder: (id: number, name: string, position: number, now: number) => q.updateFolder.get({ id: id, name: name, position: position, now: now }) as FolderRow,
    moveFolder: (id: number, position: number, now: number) => q.moveFolder.run(position, now, id),
    deleteFolder: (id: number) => q.deleteFolder.run(id),
    usedBlobs: () => (db.query("SELECT file_blob FROM canned_items WHERE file_blob IS NOT NULL").all() as { file_blob: string }[]).map((r) => r.file_blob),
  };
}
export type KbRepo = ReturnType<typeof createKbRepo>;
