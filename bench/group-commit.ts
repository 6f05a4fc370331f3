/**
 * Group commit vs one transaction per write, both with synchronous=FULL on a real file, in the
 * same run. Simulates `clients` concurrent senders each sending `perClient` messages; a message
 * counts as done when its promise resolves (after its commit). Prints writes/second and batches.
 *
 *   node_modules/.bin/bun bench/group-commit.ts [clients=200] [perClient=20]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { openDatabase, type Database } from "../src/store/db.ts";
import { createWriter } from "../src/store/writer.ts";

const clients = Number(process.argv[2] ?? 200);
const perClient = Number(process.argv[3] ?? 20);
const total = clients * perClient;

function freshDb(): { db: Database; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "yk-bench-"));
  const db = openDatabase(join(dir, "bench.db"));
  db.exec("CREATE TABLE message (id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL) STRICT");
  return { db, dir };
}

async function run(label: string, write: (db: Database) => (sql: (d: Database) => unknown) => Promise<unknown>) {
  const { db, dir } = freshDb();
  const insert = db.prepare("INSERT INTO message (conversation, body, at) VALUES (?, ?, ?)");
  const submit = write(db);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) await submit(() => insert.run(c, `message ${i} from ${c}`, Date.now()));
    }),
  );
  const ms = performance.now() - started;
  const rows = (db.query("SELECT count(*) AS n FROM message").get() as { n: number }).n;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (rows !== total) throw new Error(`${label}: expected ${total} rows, found ${rows}`);
  console.log(`${label.padEnd(34)} ${String(Math.round((total / ms) * 1000)).padStart(8)} writes/s  (${ms.toFixed(0)} ms for ${total})`);
  return total / ms;
}

console.log(`${clients} concurrent senders × ${perClient} messages, synchronous=FULL, WAL, one file\n`);
const baseline = await run("baseline: one transaction per write", (db) => async (fn) => db.transaction(() => fn(db)).immediate());
let batches = 0;
const grouped = await run("group-commit writer (2 ms window)", (db) => {
  const w = createWriter(db, { windowMs: 2 });
  return (fn) => w.write(fn).finally(() => (batches = w.stats.batches));
});
console.log(`\ngroup commit: ${(grouped / baseline).toFixed(1)}× the baseline; ${batches} transactions for ${total} writes (${(total / batches).toFixed(1)} per commit)`);
