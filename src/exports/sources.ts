import type { ExportSource } from "./source.ts";
import { loginLogSource } from "./login-log.ts";

/** Every export source, by key. Each feature adds one import and one entry. */
export const EXPORT_SOURCES: ExportSource[] = [
  loginLogSource,
];
