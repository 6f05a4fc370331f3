import type { Principal } from "../auth/service.ts";
import type { Permission } from "../auth/permissions.ts";
import type { Services } from "../services.ts";

/**
 * What can be exported (X4). A source turns a filter into rows for one principal; the exports
 * engine writes them as CSV, HTML or XLSX, reports progress and audits the result. Rows are
 * pulled lazily so a million of them never sit in memory together.
 */
export interface ExportTable {
  header: string[];
  /** The row count when cheap to know up front (for the progress bar); null otherwise. */
  total: number | null;
  rows: Iterable<string[]>;
}

export interface ExportSource {
  key: string;
  zh: string;
  en: string;
  /** Permissions needed besides data.export. */
  requires: Permission[];
  /** Validates the filter (invalid(message, field)) and returns what this principal may see, masked (X8). */
  open(s: Services, p: Principal, filter: Record<string, string>): ExportTable;
}
