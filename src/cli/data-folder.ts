import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../platform/config.ts";
import { openDatabase, type Database } from "../store/db.ts";
import { createSecretBox, loadOrCreateKey, type SecretBox } from "../platform/secretbox.ts";

/** Everything in the data folder has one name, here. */
export function dataPaths(dir: string) {
  return {
    dir,
    db: join(dir, "yingke.db"),
    key: join(dir, "secret.key"),
    backups: join(dir, "backups"),
    pid: join(dir, "yingke.pid"),
    initialPassword: join(dir, "initial-admin-password.txt"),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;

/** Creates the folder owner-only; refuses a path that exists but is not a folder. */
export function ensureDataFolder(dir: string): DataPaths {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`data folder ${dir} exists but is not a folder`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dataPaths(dir);
}

export function openStore(config: Config): { paths: DataPaths; db: Database; secretBox: SecretBox } {
  const paths = ensureDataFolder(config.data.dir);
  const db = openDatabase(paths.db, { busyTimeoutMs: config.store.busy_timeout_ms });
  for (const f of [paths.db]) if (existsSync(f)) chmodSync(f, 0o600);
  return { paths, db, secretBox: createSecretBox(loadOrCreateKey(paths.key)) };
}

/** The pid file tells other commands (restore) that a server is using this folder. */
export function runningServerPid(paths: DataPaths): number | null {
  if (!existsSync(paths.pid)) return null;
  const pid = Number(readFileSync(paths.pid, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM means the process exists but belongs to someone else: still running.
    return (e as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

export function claimPidFile(paths: DataPaths) {
  const other = runningServerPid(paths);
  if (other && other !== process.pid) throw new Error(`another Yingke server (pid ${other}) is already using ${paths.dir}`);
  writeFileSync(paths.pid, String(process.pid), { mode: 0o600 });
  return () => {
    try {
      if (readFileSync(paths.pid, "utf8").trim() === String(process.pid)) rmSync(paths.pid);
    } catch {
      /* already gone */
    }
  };
}
