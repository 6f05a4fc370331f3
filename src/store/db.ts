import { Database } from "bun:sqlite";

export type { Database };

/**
 * Opens the one write connection. busy_timeout comes first so that switching to WAL can wait
 * for a lock instead of failing; synchronous=FULL because a chat message is acknowledged to its
 * sender only after it is durable (the group-commit writer keeps the fsync cost shared).
 */
export function openDatabase(path: string, opts: { busyTimeoutMs?: number; readonly?: boolean } = {}): Database {
  const db = new Database(path, { create: !opts.readonly, readonly: opts.readonly, strict: true });
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
  if (!opts.readonly && path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA temp_store = MEMORY");
  return db;
}

/** Makes the WAL content part of the main file so a copy of the file alone is complete. */
export function checkpoint(db: Database) {
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

export function integrityCheck(db: Database): string[] {
  const rows = db.query("PRAGMA integrity_check").all() as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((s) => s !== "ok");
  const fk = db.query("PRAGMA foreign_key_check").all();
  if (fk.length) problems.push(`${fk.length} foreign key violation(s)`);
  return problems;
}
