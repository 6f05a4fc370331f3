import type { Database } from "bun:sqlite";
import { allRows, likeLiteral, pagedQuery, type Filter } from "../store/paged.ts";
import type { LoginLogRow } from "./repo.ts";
import type { DataScope } from "./permissions.ts";

/** What the login log page and its export filter by (M3). */
export interface LoginLogFilter {
  from?: number;
  to?: number;
  /** Part of the username typed at sign-in. */
  username?: string;
  /** The start of an address ("10.1." matches a subnet). */
  ip?: string;
  result?: string;
  reason?: string;
  scope: DataScope;
}

/**
 * The login log as the admin pages read it: filtered, newest first, paged for the page and
 * streamed for exports. A department admin sees only their department's agents' entries
 * (sign-ins under unknown usernames belong to no department, so they see none of those).
 */
export function createLoginLogQuery(db: Database) {
  function filters(f: LoginLogFilter): Filter[] {
    const scope: Filter[] = f.scope.kind === "all" ? []
      : f.scope.departmentId === null ? [["$nobody = 0", "nobody", 1]]
      : [["agent_id IN (SELECT id FROM agents WHERE department_id = $dept)", "dept", f.scope.departmentId]];
    return [
      ["at >= $from", "from", f.from],
      ["at < $to", "to", f.to],
      ["username LIKE $username ESCAPE '\\'", "username", f.username ? `%${likeLiteral(f.username)}%` : undefined],
      ["ip LIKE $ip ESCAPE '\\'", "ip", f.ip ? `${likeLiteral(f.ip)}%` : undefined],
      ["result = $result", "result", f.result],
      ["reason = $reason", "reason", f.reason],
      ...scope,
    ];
  }
  return {
    page: (f: LoginLogFilter, page: { limit: number; offset: number }) => pagedQuery<LoginLogRow>(db, "login_log", filters(f), page),
    all: (f: LoginLogFilter) => allRows<LoginLogRow>(db, "login_log", filters(f)),
  };
}
export type LoginLogReader = ReturnType<typeof createLoginLogQuery>;
