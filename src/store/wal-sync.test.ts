import { describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { openDatabase } from "./db.ts";
import { walSyncFor } from "./wal-sync.ts";

function walDb() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "yk-walsync-")), "w.db"));
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  return db;
}

describe("WAL sync", () => {
  it("gives requests made while a sync runs one shared next sync, and settles them all", async () => {
    const db = walDb();
    const durations: number[] = [];
    const sync = walSyncFor(db, (ms) => durations.push(ms))!;
    db.query("INSERT INTO t (v) VALUES ('a')").run();
    const first = sync.sync();
    const later = [sync.sync(), sync.sync(), sync.sync()];
    expect(later[1]).toBe(later[0]);
    await Promise.all([first, ...later]);
    expect(durations.length).toBe(2);
    await sync.sync();
    expect(durations.length).toBe(3);
  });

  it("has nothing to sync for a database without a WAL file", () => {
    expect(walSyncFor(openDatabase(":memory:"))).toBeNull();
    const db = walDb();
    db.exec("PRAGMA journal_mode = DELETE");
    expect(walSyncFor(db)).toBeNull();
  });
});
