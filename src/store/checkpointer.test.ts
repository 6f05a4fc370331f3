import { afterEach, describe, expect, it } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { openDatabase } from "./db.ts";
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from "./checkpointer.ts";
import { HELPER_NICE, HELPER_THREADS } from "../platform/helper-threads.ts";

const dirs: string[] = [];
const running: BackgroundCheckpoints[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function store() {
  const dir = mkdtempSync(join(tmpdir(), "yk-ckpt-"));
  dirs.push(dir);
  const path = join(dir, "yingke.db");
  const db = openDatabase(path);
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO notes (body) VALUES (?)");
  const write = (rows: number, tag: string) => db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`${tag} ${i} ${"x".repeat(300)}`);
  })();
  return { dir, path, db, write };
}

function start(db: Database) {
  const c = startBackgroundCheckpoints(db)!;
  running.push(c);
  return c;
}

describe("background checkpoints", () => {
  it("copies committed rows into the database file itself, with SQLite's own checkpoint off meanwhile", async () => {
    const { dir, path, db, write } = store();
    const c = start(db);
    expect(await c.started).toBe(true);
    expect(db.query("PRAGMA wal_autocheckpoint").get()).toEqual({ wal_autocheckpoint: 0 });
    write(500, "kept");
    const after = await c.now();
    expect(after.log).toBeGreaterThan(0);
    expect(after.checkpointed).toBe(after.log);
    // The database file alone (no WAL beside it) now holds every row.
    const copy = join(dir, "copy.db");
    copyFileSync(path, copy);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    const alone = new Database(copy, { readonly: true });
    expect(alone.query("SELECT count(*) AS n FROM notes WHERE body LIKE 'kept %'").get()).toEqual({ n: 500 });
    alone.close();
  });

  it("lets the writer start the log over, so it stays the size of one round's writes", async () => {
    const { path, db, write } = store();
    const c = start(db);
    await c.started;
    let largest = 0;
    for (let round = 0; round < 40; round++) {
      write(100, `round ${round}`);
      largest = Math.max(largest, statSync(`${path}-wal`).size);
      await c.now();
    }
    // 40 rounds of about 35 KB each: without restarts the log would hold all of them.
    const oneRound = 100 * 320;
    expect(largest).toBeLessThan(oneRound * 8);
    expect(db.query("SELECT count(*) AS n FROM notes").get()).toEqual({ n: 4000 });
  });

  it.if(process.platform === "linux")("runs its thread below the event loop's priority", async () => {
    const tids = () => new Set(readdirSync("/proc/self/task"));
    const before = tids();
    const { db } = store();
    const c = start(db);
    expect(await c.started).toBe(true);
    const added = [...tids()].filter((tid) => !before.has(tid));
    const ours = added.filter((tid) => {
      const name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      return !HELPER_THREADS.some((prefix) => name.startsWith(prefix));
    });
    expect(ours.some((tid) => getPriority(Number(tid)) >= HELPER_NICE)).toBe(true);
    expect(getPriority(process.pid)).toBeLessThan(HELPER_NICE);
  });

  it("gives the checkpoint back to SQLite when stopped", async () => {
    const { db, write } = store();
    const c = start(db);
    await c.started;
    await c.stop();
    expect(db.query("PRAGMA wal_autocheckpoint").get()).toEqual({ wal_autocheckpoint: 1000 });
    write(10, "after");
    db.close();
  });

  it("leaves the checkpoint to SQLite when the worker cannot open the database, and says so", async () => {
    const { path, db } = store();
    // The write connection keeps its open file; a second connection finds nothing at the path.
    rmSync(path);
    const errors: Error[] = [];
    const c = startBackgroundCheckpoints(db, { onError: (err) => errors.push(err) })!;
    running.push(c);
    expect(await c.started).toBe(false);
    expect(errors.map((e) => e.message).join()).toContain("checkpoint worker");
    expect(db.query("PRAGMA wal_autocheckpoint").get()).toEqual({ wal_autocheckpoint: 1000 });
  });

  it("does nothing for a database without a WAL file", () => {
    const db = openDatabase(":memory:");
    expect(startBackgroundCheckpoints(db)).toBeNull();
  });
});
