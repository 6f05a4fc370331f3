import type { Database } from "bun:sqlite";
import { pagedQuery } from "../store/paged.ts";
import type { AuditFields } from "./chain.ts";

export interface AuditRow extends AuditFields {
  prev_hash: string;
  hash: string;
}

export interface AuditQuery {
  from?: number;
  to?: number;
  action?: string;
  actor?: string;
  limit: number;
  offset: number;
}

export function createAuditRepo(db: Database) {
  const last = db.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_type, target_id, ip, detail, prev_hash, hash)
     VALUES ($id, $at, $actor_id, $actor_name, $action, $target_type, $target_id, $ip, $detail, $prev_hash, $hash)`,
  );
  const anchor = db.prepare("SELECT purged_through_id, last_hash FROM audit_anchor WHERE id = 1");
  const setAnchor = db.prepare(
    "INSERT INTO audit_anchor (id, purged_through_id, last_hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET purged_through_id = excluded.purged_through_id, last_hash = excluded.last_hash",
  );
  const lastBefore = db.prepare("SELECT id, hash FROM audit_log WHERE at < ? ORDER BY id DESC LIMIT 1");
  const purge = db.prepare("DELETE FROM audit_log WHERE id <= ?");
  const pageAfter = db.prepare("SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000");

  return {
    last: () => last.get() as { id: number; hash: string } | null,
    insert: (row: AuditRow) => insert.run(row as any),
    anchor: () => anchor.get() as { purged_through_id: number; last_hash: string } | null,
    lastBefore: (at: number) => lastBefore.get(at) as { id: number; hash: string } | null,
    purgeThrough(id: number, hash: string) {
      setAnchor.run(id, hash);
      return purge.run(id).changes;
    },
    /** Iterates the whole log in id order without loading it all at once. */
    *scan(): Generator<AuditRow> {
      let after = 0;
      for (;;) {
        const rows = pageAfter.all(after) as AuditRow[];
        if (!rows.length) return;
        yield* rows;
        after = rows[rows.length - 1].id;
      }
    },
    list: (q: AuditQuery) =>
      pagedQuery<AuditRow>(db, "audit_log", [
        ["at >= $from", "from", q.from],
        ["at < $to", "to", q.to],
        ["action LIKE $action", "action", q.action ? `${q.action}%` : undefined],
        ["actor_name LIKE $actor", "actor", q.actor ? `%${q.actor}%` : undefined],
      ], q),
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
