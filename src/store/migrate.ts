import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "bun:sqlite";
import { loadMigrations } from "./migrations.macro.ts" with { type: "macro" };

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = loadMigrations();

export class DatabaseTooNewError extends Error {
  constructor(unknown: string[]) {
    super(
      `the database was written by a newer Yingke (it has migration ${unknown.join(", ")} that this binary does not know). ` +
        `Run the newer binary, or restore a backup made by this version.`,
    );
    this.name = "DatabaseTooNewError";
  }
}

export interface MigrateResult {
  applied: string[];
  backup?: string;
}

function appliedNames(db: Database): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT");
  return (db.query("SELECT name FROM _migrations ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

function isEmpty(db: Database): boolean {
  const row = db.query("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_migrations'").get() as { n: number };
  return row.n === 0;
}

/** Pending migrations, or a DatabaseTooNewError when the file is ahead of this binary. */
export function pendingMigrations(db: Database, known: Migration[] = MIGRATIONS): Migration[] {
  const applied = appliedNames(db);
  const knownNames = new Set(known.map((m) => m.name));
  const unknown = applied.filter((n) => !knownNames.has(n));
  if (unknown.length) throw new DatabaseTooNewError(unknown);
  const done = new Set(applied);
  return known.filter((m) => !done.has(m.name));
}

/**
 * Applies every pending migration, each in its own IMMEDIATE transaction together with its
 * `_migrations` row, so a failure leaves the database at the last good step. A non-empty
 * database is first copied with VACUUM INTO, so an upgrade can always be undone.
 */
export function migrate(db: Database, opts: { backupDir?: string; now?: () => number; known?: Migration[] } = {}): MigrateResult {
  const pending = pendingMigrations(db, opts.known);
  const result: MigrateResult = { applied: [] };
  if (!pending.length) return result;
  const now = opts.now ?? Date.now;
  if (opts.backupDir && !isEmpty(db)) {
    mkdirSync(opts.backupDir, { recursive: true, mode: 0o700 });
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, "-");
    result.backup = join(opts.backupDir, `pre-migrate-${stamp}-${pending[0].name.replace(/\.sql$/, "")}.db`);
    db.query("VACUUM INTO ?").run(result.backup);
  }
  const record = db.prepare("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)");
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.name, now());
    }).immediate();
    result.applied.push(m.name);
  }
  return result;
}
