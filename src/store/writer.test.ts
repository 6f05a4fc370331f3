import { describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { openDatabase } from "./db.ts";
import { createWriter } from "./writer.ts";

function freshDb() {
  const path = join(mkdtempSync(join(tmpdir(), "yk-writer-")), "w.db");
  const db = openDatabase(path);
  db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY) STRICT;
    CREATE TABLE item (id INTEGER PRIMARY KEY, body TEXT NOT NULL CHECK (length(body) > 0),
      parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED) STRICT;
    INSERT INTO parent (id) VALUES (1);`);
  return { db, path };
}

const insert = (body: string, parent: number | null = 1) => (db: any) =>
  (db.query("INSERT INTO item (body, parent_id) VALUES (?, ?) RETURNING id").get(body, parent) as { id: number }).id;

describe("group-commit writer", () => {
  it("puts concurrent writes into one transaction and resolves each with its own result", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 5 });
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => w.write(insert(`m${i}`))));
    expect(new Set(ids).size).toBe(50);
    expect(w.stats.batches).toBe(1);
    expect(w.stats.writes).toBe(50);
    expect((db.query("SELECT count(*) AS n FROM item").get() as { n: number }).n).toBe(50);
  });

  it("resolves a caller only after the commit: a second connection already sees the row", async () => {
    const { db, path } = freshDb();
    const w = createWriter(db, { windowMs: 2 });
    const reader = openDatabase(path, { readonly: true });
    const id = await w.write(insert("durable"));
    expect(reader.query("SELECT body FROM item WHERE id = ?").get(id)).toEqual({ body: "durable" });
  });

  it("rejects only the caller whose own write fails; the others commit", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 5 });
    const results = await Promise.allSettled([w.write(insert("a")), w.write(insert("")), w.write(insert("c"))]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((db.query("SELECT group_concat(body) AS b FROM item").get() as { b: string }).b).toBe("a,c");
  });

  it("rejects every caller and leaves nothing visible when the transaction fails at commit", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 5 });
    let rolledBack = 0;
    w.onRollback(() => rolledBack++);
    // A deferred foreign key is checked only at COMMIT, so the whole batch fails there.
    const results = await Promise.allSettled([w.write(insert("x")), w.write(insert("orphan", 999)), w.write(insert("y"))]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect((db.query("SELECT count(*) AS n FROM item").get() as { n: number }).n).toBe(0);
    expect(rolledBack).toBe(1);
    // The writer keeps working after a failed batch.
    expect(await w.write(insert("after"))).toBeGreaterThan(0);
  });

  it("separates writes that arrive after the window into another batch", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 1 });
    await w.write(insert("first"));
    await w.write(insert("second"));
    expect(w.stats.batches).toBe(2);
  });

  it("flush commits what is queued without waiting for the window", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 50 });
    const p = w.write(insert("queued"));
    await w.flush();
    expect((db.query("SELECT count(*) AS n FROM item").get() as { n: number }).n).toBe(1);
    expect(await p).toBeGreaterThan(0);
  });
});

describe("group-commit writer with window 0", () => {
  it("batches what is queued in one event-loop turn, without a timer", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 0 });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => w.write(insert(`t${i}`))));
    expect(new Set(ids).size).toBe(30);
    expect(w.stats.batches).toBe(1);
    await w.write(insert("next turn"));
    expect(w.stats.batches).toBe(2);
  });

  it("reports whether writes are queued, and tells batch listeners after each commit", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 0 });
    const seen: number[] = [];
    w.onBatch(() => seen.push((db.query("SELECT count(*) AS n FROM item").get() as { n: number }).n));
    w.onBatch(() => {
      throw new Error("a failing listener");
    });
    expect(w.idle()).toBe(true);
    const first = Promise.all([w.write(insert("a")), w.write(insert("b"))]);
    expect(w.idle()).toBe(false);
    await first;
    expect(w.idle()).toBe(true);
    await w.write(insert("c"));
    expect(seen).toEqual([2, 3]); // once per batch, each seeing its batch committed
  });
});

describe("durability off the event loop", () => {
  it("syncs the WAL for each batch and leaves the connection at synchronous=FULL for other writes", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 0 });
    await w.write(insert("one"));
    await w.write(insert("two"));
    expect(w.stats.batches).toBe(2);
    expect(w.stats.syncs).toBe(2);
    expect(db.query("PRAGMA synchronous").get()).toEqual({ synchronous: 2 });
  });

  it("tells onCommit listeners first, in commit order, and resolves callers only after the sync", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 0 });
    const order: string[] = [];
    const synced: number[] = [];
    w.onSync(() => synced.push(order.length));
    const write = (body: string) =>
      w
        .write(insert(body), {
          onCommit: (id, durable) => {
            order.push(`committed ${body} #${id}`);
            durable.then(() => order.push(`durable ${body}`));
          },
        })
        .then(() => order.push(`resolved ${body}`));
    await Promise.all([write("a"), write("b")]);
    expect(order).toEqual(["committed a #1", "committed b #2", "durable a", "durable b", "resolved a", "resolved b"]);
    // The fsync finished after both commits were announced and before anything resolved.
    expect(synced).toEqual([2]);
  });

  it("skips onCommit for a failed write, and a throwing onCommit does not fail its write", async () => {
    const { db } = freshDb();
    const w = createWriter(db, { windowMs: 0 });
    const told: string[] = [];
    const results = await Promise.allSettled([
      w.write(insert(""), { onCommit: () => told.push("empty") }),
      w.write(insert("ok"), {
        onCommit: () => {
          told.push("ok");
          throw new Error("listener broke");
        },
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    expect(told).toEqual(["ok"]);
  });

  it("an in-memory database has no WAL to sync: COMMIT is the end", async () => {
    const db = openDatabase(":memory:");
    db.exec("CREATE TABLE item (id INTEGER PRIMARY KEY, body TEXT NOT NULL CHECK (length(body) > 0), parent_id INTEGER)");
    const w = createWriter(db, { windowMs: 0 });
    let durable = false;
    await w.write(insert("x", null), { onCommit: (_id, d) => void d.then(() => (durable = true)) });
    expect(durable).toBe(true);
    expect(w.stats.syncs).toBe(0);
  });
});
