import type { Database } from "bun:sqlite";

/** One optional filter: applied only when its value is present. The SQL names `$param`. */
export type Filter = [sql: string, param: string, value: string | number | undefined];

/**
 * Filtered, newest-first paging for log-like tables (login log, audit log, later histories).
 * Filter SQL comes from code, never from input; values are always bound parameters.
 */
export function pagedQuery<T>(db: Database, table: string, filters: Filter[], page: { limit: number; offset: number }): { rows: T[]; total: number } {
  const active = filters.filter(([, , v]) => v !== undefined && v !== "");
  const params = Object.fromEntries(active.map(([, p, v]) => [p, v as string | number]));
  const clause = active.length ? `WHERE ${active.map(([sql]) => sql).join(" AND ")}` : "";
  const total = (db.query(`SELECT count(*) AS n FROM ${table} ${clause}`).get(params) as { n: number }).n;
  const rows = db.query(`SELECT * FROM ${table} ${clause} ORDER BY id DESC LIMIT $limit OFFSET $offset`).all({ ...params, limit: page.limit, offset: page.offset }) as T[];
  return { rows, total };
}

/** A LIKE pattern matching `text` literally (with `ESCAPE '\'` in the SQL). */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/**
 * Every matching row, newest first, fetched in batches by id (keyset, no OFFSET), so an export
 * can stream a large log without holding it in memory or a statement open between batches.
 * Rows written after the export started are not included: the file is a snapshot.
 */
export function* allRows<T extends { id: number }>(db: Database, table: string, filters: Filter[], batch = 500): Generator<T> {
  const active = filters.filter(([, , v]) => v !== undefined && v !== "");
  const params = Object.fromEntries(active.map(([, p, v]) => [p, v as string | number]));
  const top = (db.query(`SELECT max(id) AS m FROM ${table}`).get() as { m: number | null }).m;
  if (top === null) return;
  const where = ["id < $before", ...active.map(([sql]) => sql)].join(" AND ");
  const query = db.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY id DESC LIMIT $limit`);
  let before = top + 1;
  for (;;) {
    const rows = query.all({ ...params, before, limit: batch }) as T[];
    if (!rows.length) return;
    yield* rows;
    before = rows[rows.length - 1].id;
  }
}
