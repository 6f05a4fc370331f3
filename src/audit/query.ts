import type { Database } from "bun:sqlite";
import { allRows, likeLiteral, pagedQuery, type Filter } from "../store/paged.ts";
import type { AuditRow } from "./repo.ts";

/** What the operation log page and its export filter by (M3). */
export interface AuditFilter {
  from?: number;
  to?: number;
  /** Part of the actor's name. */
  actor?: string;
  /** The start of an action: "agent." or "supervision.", or a whole action. */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Text anywhere in the detail JSON. */
  text?: string;
}

/** The audit log as the admin pages read it: filtered, newest first, paged or streamed. */
export function createAuditQuery(db: Database) {
  const filters = (f: AuditFilter): Filter[] => [
    ["at >= $from", "from", f.from],
    ["at < $to", "to", f.to],
    ["actor_name LIKE $actor ESCAPE '\\'", "actor", f.actor ? `%${likeLiteral(f.actor)}%` : undefined],
    ["action LIKE $action ESCAPE '\\'", "action", f.action ? `${likeLiteral(f.action)}%` : undefined],
    ["target_type = $ttype", "ttype", f.targetType],
    ["target_id = $tid", "tid", f.targetId],
    ["detail LIKE $text ESCAPE '\\'", "text", f.text ? `%${likeLiteral(f.text)}%` : undefined],
  ];
  return {
    page: (f: AuditFilter, page: { limit: number; offset: number }) => pagedQuery<AuditRow>(db, "audit_log", filters(f), page),
    all: (f: AuditFilter) => allRows<AuditRow>(db, "audit_log", filters(f)),
  };
}
export type AuditLogReader = ReturnType<typeof createAuditQuery>;
