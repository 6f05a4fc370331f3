import type { ExportSource } from "./source.ts";
import { loginLogSource } from "./login-log.ts";

/** Every exportable source; each domain adds its own. */
export const EXPORT_SOURCES: ExportSource[] = [
  loginLogSource,
];
