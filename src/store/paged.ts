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
