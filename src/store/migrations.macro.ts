import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Runs at bundle time only (imported `with { type: "macro" }`): the SQL files are inlined into
 * the code, so tests, `bun run` and the compiled binary share one list with no path handling.
 */
export function loadMigrations(): { name: string; sql: string }[] {
  const dir = join(import.meta.dir, "..", "..", "migrations");
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}
