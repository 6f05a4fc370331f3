/**
 * Canned replies, quick links and common files (A13): the shapes shared by the service, the
 * routes and the admin pages. The knowledge base and the bot are meant to join this domain as
 * further item kinds and their own files beside these (kb/ in DESIGN.md).
 */
export const SCOPES = ["company", "group", "personal"] as const;
export type Scope = (typeof SCOPES)[number];
export const KINDS = ["reply", "link", "file"] as const;
export type Kind = (typeof KINDS)[number];

export const MAX_TEXT = 2000;
export const MAX_TITLE = 100;
export const MAX_FOLDER_NAME = 40;
export const MAX_URL = 2000;
/** "/" then letters (any script), digits, _ or -: typed in the composer, so no spaces. */
export const SHORTCUT = /^\/[\p{L}\p{N}_-]{1,30}$/u;

export interface FolderRow {
  id: number;
  scope: Scope;
  group_id: number | null;
  owner_id: number | null;
  name: string;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface ItemRow {
  id: number;
  kind: Kind;
  scope: Scope;
  group_id: number | null;
  owner_id: number | null;
  folder_id: number | null;
  title: string;
  body: string;
  shortcut: string | null;
  url: string | null;
  file_blob: string | null;
  file_name: string | null;
  file_mime: string | null;
  file_size: number | null;
  position: number;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

/** What clients see of an item: never the storage name of a common file's bytes. */
export type PublicItem = Omit<ItemRow, "file_blob">;
export const publicItem = ({ file_blob: _blob, ...rest }: ItemRow): PublicItem => rest;

/** Who acts: the agent and the permissions their role grants (checked per scope in the service). */
export interface Who {
  id: number;
  name: string;
  ip?: string;
  permissions: ReadonlySet<string>;
}

/** A scope bucket: the company, one group, or one agent's own. Folders and items live in one. */
export interface Bucket {
  scope: Scope;
  group_id: number | null;
  owner_id: number | null;
}
export const sameBucket = (a: Bucket, b: Bucket) => a.scope === b.scope && a.group_id === b.group_id && a.owner_id === b.owner_id;
