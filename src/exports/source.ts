import type { Services } from "../services.ts";
import type { Principal } from "../auth/service.ts";
import type { Permission } from "../auth/permissions.ts";

/**
 * The exports contract (X4): a source says what a principal may export and yields it as plain
 * text rows; the engine (service.ts) writes them as CSV, HTML or XLSX. Sources are listed in
 * sources.ts.
 */
export interface ExportTable { header: string[]; total: number | null; rows: Iterable<string[]> }
export interface ExportSource {
  key: string;                          // "history" | "transcripts" | "leave" | ...
  zh: string; en: string;               // title, also in the file name and the audit entry
  /** Permissions needed besides data.export (e.g. "leave.read"). */
  requires: Permission[];
  /** Validates the filter (throw invalid(message, field)) and returns the rows THIS principal may
   *  see, masked with visitorMask(p.permissions) (X8). Rows are plain strings (never formulas —
   *  the writers neutralise = + - @ tab CR), pulled lazily: never build all rows in memory
   *  (iterate with stmt.iterate() or in keyset pages). */
  open(s: Services, p: Principal, filter: Record<string, string>): ExportTable;
}
