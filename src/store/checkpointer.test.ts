import { describe, expect, it } from "bun:test";
import { mkdtempSync, statSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { openDatabase } from "./db.ts";
import { startCheckpointer } from "./checkpointer.ts";

describe("checkpointer", () => {
  it("moves WAL content into the database file from a worker thread", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "yk-ckpt-")), "c.db");
    const db = openDatabase(path);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT");
    const cp = await startCheckpointer(db, path, { intervalMs: 20 });
    expect((db.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint).toBe(0);
    const before = statSync(path).size;
    const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run("x".repeat(200));
    }).immediate();
    // Bounded wait for the worker's next pass (readiness, not a timing assertion).
    for (let i = 0; i < 200 && statSync(path).size <= before; i++) await Bun.sleep(10);
    expect(statSync(path).size).toBeGreaterThan(before + 300_000);
    await cp.stop();
    expect((db.query("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number }).wal_autocheckpoint).toBe(1000);
    db.close();
  });
});
