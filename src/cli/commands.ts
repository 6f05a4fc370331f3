import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Config } from "../platform/config.ts";
import { silentLogger } from "../platform/logger.ts";
import { systemClock } from "../platform/clock.ts";
import { VERSION } from "../platform/version.ts";
import { migrate, pendingMigrations, MIGRATIONS } from "../store/migrate.ts";
import { checkpoint, integrityCheck, openDatabase } from "../store/db.ts";
import { createServices, type Services } from "../services.ts";
import { createAuditService } from "../audit/service.ts";
import { dataPaths, openStore, runningServerPid } from "./data-folder.ts";

const OPERATOR = { id: null, name: "cli" };

function withServices<T>(config: Config, fn: (s: Services) => Promise<T> | T): Promise<T> {
  const { paths, db, secretBox } = openStore(config);
  migrate(db, { backupDir: paths.backups });
  const s = createServices({ config, db, clock: systemClock, logger: silentLogger(), secretBox });
  return Promise.resolve(fn(s)).finally(() => db.close());
}

export function migrateCommand(config: Config) {
  const { paths, db } = openStore(config);
  try {
    const r = migrate(db, { backupDir: paths.backups });
    console.log(r.applied.length ? `applied ${r.applied.join(", ")}${r.backup ? ` (backup: ${r.backup})` : ""}` : "database is up to date");
  } finally {
    db.close();
  }
}

/** A consistent copy taken with VACUUM INTO; safe while the server runs. */
export function backupCommand(config: Config, file: string) {
  const target = resolve(file);
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name`);
  mkdirSync(dirname(target), { recursive: true });
  const { db } = openStore(config);
  try {
    db.query("VACUUM INTO ?").run(target);
  } finally {
    db.close();
  }
  console.log(`backup written to ${target}`);
}

export function restoreCommand(config: Config, file: string) {
  const source = resolve(file);
  const paths = dataPaths(config.data.dir);
  const pid = runningServerPid(paths);
  if (pid) throw new Error(`a Yingke server (pid ${pid}) is using ${paths.dir}; stop it before restoring`);
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  const candidate = openDatabase(source, { readonly: true });
  try {
    const problems = integrityCheck(candidate);
    if (problems.length) throw new Error(`${source} is damaged: ${problems.join("; ")}`);
    pendingMigrations(candidate); // refuses a backup from a newer version
  } catch (e) {
    candidate.close();
    throw e;
  }
  candidate.close();
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  if (existsSync(paths.db)) {
    const keep = `${paths.db}.before-restore-${Date.now()}`;
    const current = openDatabase(paths.db);
    checkpoint(current);
    current.close();
    renameSync(paths.db, keep);
    console.log(`previous database kept as ${keep}`);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(paths.db + suffix, { force: true });
  copyFileSync(source, paths.db);
  console.log(`restored ${source} into ${paths.db}`);
}

export async function adminCommand(config: Config, args: string[], flags: Record<string, string>) {
  const [action, user] = args;
  await withServices(config, async (s) => {
    if (action === "create") {
      if (!flags.username || !flags.password) throw new Error("usage: yingke admin create --username U --password P");
      const a = await s.agents.create({ username: flags.username, display_name: flags.username, role_id: "admin", password: flags.password, must_change_password: false }, OPERATOR);
      console.log(`created administrator ${a.username} (id ${a.id})`);
      return;
    }
    if (!user) throw new Error(`usage: yingke admin ${action ?? "<create|reset-password|reset-totp>"} USERNAME`);
    const agent = s.agents.byUsername(user);
    if (!agent) throw new Error(`no agent named ${user}`);
    if (action === "reset-password") {
      const temp = await s.agents.resetPassword(agent.id, OPERATOR);
      s.agents.unlock(agent.id, OPERATOR);
      // Printed to the operator's terminal only; never logged.
      console.log(`temporary password for ${agent.username}: ${temp}\nit must be changed at the next sign-in; the account was also unlocked`);
    } else if (action === "reset-totp") {
      s.auth.totp.reset(agent.id, OPERATOR);
      console.log(`two-step verification reset for ${agent.username}; they enrol again when required`);
    } else {
      throw new Error(`unknown admin action ${action}; expected create, reset-password or reset-totp`);
    }
  });
}

/** Checks what an operator would want checked before trusting the installation. Exit code 1 on any failure. */
export async function doctorCommand(config: Config): Promise<boolean> {
  let ok = true;
  const report = (good: boolean, what: string, detail = "") => {
    ok &&= good;
    console.log(`${good ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}`);
  };
  report(true, "configuration", `valid (data folder ${config.data.dir})`);
  const paths = dataPaths(config.data.dir);
  if (!existsSync(paths.db)) {
    report(false, "database", `${paths.db} does not exist (start the server once, or run migrate)`);
    return ok;
  }
  report(existsSync(paths.key), "encryption key", existsSync(paths.key) ? paths.key : `${paths.key} is missing: TOTP secrets cannot be read`);
  const db = openDatabase(paths.db, { readonly: true });
  try {
    const problems = integrityCheck(db);
    report(problems.length === 0, "database integrity", problems.join("; ") || "ok");
    let pending: unknown[] = [];
    try {
      pending = pendingMigrations(db);
      report(true, "schema", pending.length ? `${pending.length} migration(s) pending; they run at next start` : `up to date (${MIGRATIONS.length} migrations)`);
    } catch (e) {
      report(false, "schema", (e as Error).message);
    }
    if (pending.length === 0) {
      const chain = createAuditService({ db, clock: systemClock, retentionDays: config.audit.retention_days }).verify();
      report(chain.ok, "audit chain", chain.ok ? `${chain.checked} entries verified` : `broken at entry ${chain.firstBrokenId}: ${chain.problem}`);
    }
  } finally {
    db.close();
  }
  console.log(`yingke ${VERSION}: ${ok ? "all checks passed" : "problems found"}`);
  return ok;
}
