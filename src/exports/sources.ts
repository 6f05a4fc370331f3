import type { ExportSource } from "./source.ts";
import { loginLogSource } from "./login-log.ts";
import { historyExport, transcriptsExport } from "../history/export-sources.ts";
import { leaveExportSource } from "../leave/export-source.ts";

/** Every exportable source; each domain adds its own. */
export const EXPORT_SOURCES: ExportSource[] = [
  loginLogSource,
  historyExport, transcriptsExport,
  leaveExportSource,
];
