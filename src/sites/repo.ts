import type { Database } from "bun:sqlite";

export interface SiteRow {
  id: number;
  site_key: string;
  name: string;
  allowed_origins: string;
  default_language: string;
  secret: string;
  disabled: number;
  department_id: number | null;
  route_group_id: number | null;
  route_agent_id: number | null;
  entry_choice: "none" | "groups" | "agents";
  created_at: number;
  updated_at: number;
}

export type SiteEntryFields = Pick<SiteRow, "department_id" | "route_group_id" | "route_agent_id" | "entry_choice">;

export function createSitesRepo(db: Database) {
  const byId = db.prepare("SELECT * FROM sites WHERE id = ?");
  const byKey = db.prepare("SELECT * FROM sites WHERE site_key = ?");
  const all = db.prepare("SELECT * FROM sites ORDER BY name COLLATE NOCASE, id");
  const insert = db.prepare(
    `INSERT INTO sites (site_key, name, allowed_origins, default_language, secret, created_at, updated_at)
     VALUES ($site_key, $name, $allowed_origins, $default_language, $secret, $now, $now) RETURNING *`,
  );
  const update = db.prepare(
    "UPDATE sites SET name = $name, allowed_origins = $allowed_origins, default_language = $default_language, disabled = $disabled, updated_at = $now WHERE id = $id",
  );
  const setEntry = db.prepare(
    "UPDATE sites SET department_id = $department_id, route_group_id = $route_group_id, route_agent_id = $route_agent_id, entry_choice = $entry_choice WHERE id = $id",
  );
  const setSecret = db.prepare("UPDATE sites SET secret = ?, updated_at = ? WHERE id = ?");
  return {
    byId: (id: number) => byId.get(id) as SiteRow | null,
    /** V25: the identity-signing secret (rotated from the identity settings). */
    setSecret: (id: number, secret: string, now: number) => setSecret.run(secret, now, id),
    byKey: (key: string) => byKey.get(key) as SiteRow | null,
    all: () => all.all() as SiteRow[],
    insert: (s: Pick<SiteRow, "site_key" | "name" | "allowed_origins" | "default_language" | "secret"> & { now: number }) => insert.get(s as any) as SiteRow,
    update: (s: { id: number; name: string; allowed_origins: string; default_language: string; disabled: number; now: number }) => update.run(s),
    /** Department, entry binding and entry choice (V24); written with create/update in their transaction. */
    setEntry: (s: SiteEntryFields & { id: number }) => setEntry.run(s as any),
  };
}
