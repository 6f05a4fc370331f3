/**
 * Chat history search (H1, issue 7; docs/performance.md): N messages (default 1,000,000) of
 * generated customer-service Chinese with some English, in a real SQLite file with the
 * production schema of the index (migration 0019: FTS5, one token per CJK character, phrase
 * queries; src/chat/search.ts does the writing and querying). For 1-, 2- and 3-or-more-character
 * terms of mixed frequency (common ones match hundreds of thousands of rows, rare ones a few),
 * it times the history query — the newest 50 matching messages — and, as the same-run baseline,
 * the same query as a LIKE '%term%' scan. Prints p50/p99 per class and the ratio.
 *
 *   node_modules/.bin/bun bench/message-search.ts [messages]      (default 1000000)
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMessageSearch } from "../src/chat/search.ts";
import { chatCorpus } from "./lib/chat-corpus.ts";

const N = Number(process.argv[2] ?? 1_000_000);
const PAGE = 50;
const dir = mkdtempSync(join(tmpdir(), "yk-search-"));
const db = new Database(join(dir, "bench.db"));
db.run("PRAGMA journal_mode = WAL");
db.run("PRAGMA synchronous = NORMAL");
db.run("CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL)");
for (const name of ["0019_message_search.sql", "0023_message_search_follows.sql"]) {
  const migration = readFileSync(join(import.meta.dir, "..", "migrations", name), "utf8");
  db.run(migration.split("\n").filter((l) => !l.startsWith("--")).join("\n"));
}
const search = createMessageSearch(db);

const { rand, message } = chatCorpus(0x2545f491);

console.log(`Building ${N.toLocaleString()} messages with the search index…`);
const started = performance.now();
const insert = db.prepare("INSERT INTO messages (id, conversation_id, kind, body) VALUES (?, ?, 'text', ?)");
const BATCH = 10_000;
for (let from = 1; from <= N; from += BATCH) {
  db.transaction(() => {
    for (let id = from; id < Math.min(from + BATCH, N + 1); id++) {
      const body = message();
      insert.run(id, 1 + (id >> 4), body);
    }
  })();
}
// Rare terms: a few messages each, spread over the whole history.
const RARE = ["鲲", "鳐", "龘", "饕餮", "貔貅", "旮旯", "魑魅魍魉", "醍醐灌顶", "zygote"];
const rareUpdate = db.prepare("UPDATE messages SET body = body || ? WHERE id = ?");
db.transaction(() => {
  for (const term of RARE) for (let k = 0; k < 3; k++) {
    const id = 1 + Math.floor(rand() * N);
    rareUpdate.run(term, id);
  }
})();
search.ensureCurrent(); // the index follows the messages (src/chat/search.ts)
db.run("INSERT INTO message_search (message_search) VALUES ('optimize')");
console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s; database ${(Bun.file(join(dir, "bench.db")).size / 1048576).toFixed(0)} MB (+ WAL)`);

const classes: Record<string, string[]> = {
  "1 character": ["的", "费", "卡", "码", "息", "鲲", "鳐", "龘", "税", "冻"],
  "2 characters": ["年费", "退款", "密码", "贷款", "发票", "饕餮", "貔貅", "旮旯", "挂失", "征信"],
  "3+ characters": ["信用卡", "验证码", "手机银行", "营业执照", "魑魅魍魉", "醍醐灌顶", "电子税务局", "异地就医", "临时额度", "不动产登记"],
  "English word": ["refund", "passw", "zygote", "account", "loan"],
};
const like = db.prepare(`SELECT id FROM messages WHERE body LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ${PAGE}`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(3)} ms`.padStart(11);

// One unmeasured pass so both methods start from a warm page cache.
for (const terms of Object.values(classes)) for (const term of terms) search.ids(term, { limit: PAGE });
Bun.gc(true);
console.log(`\nnewest ${PAGE} matches per query; FTS rounds ×50 per term, LIKE ×2 per term (same run)`);
console.log(`${"terms".padEnd(16)} ${"FTS p50".padStart(11)} ${"FTS p99".padStart(11)} ${"LIKE p50".padStart(11)} ${"LIKE p99".padStart(11)}  p99 ratio  verdict`);
let failed = 0;
for (const [name, terms] of Object.entries(classes)) {
  const fts: number[] = [];
  const scan: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const term of terms) {
      const t0 = performance.now();
      const ids = search.ids(term, { limit: PAGE });
      fts.push(performance.now() - t0);
      if (round < 2) {
        const t1 = performance.now();
        const viaLike = like.all(`%${term}%`) as { id: number }[];
        scan.push(performance.now() - t1);
        // Same answers (Chinese: exact; English: the index matches word prefixes, LIKE substrings).
        if (round === 0 && /\p{Script=Han}/u.test(term) && viaLike.map((r) => r.id).join() !== ids.join()) {
          console.log(`  mismatch for ${term}: FTS ${ids.length} rows, LIKE ${viaLike.length}`);
          failed++;
        }
      }
    }
  }
  const ratio = pct(scan, 99) / pct(fts, 99);
  const ok = pct(fts, 99) <= 5 && ratio >= 20;
  if (!ok) failed++;
  console.log(`${name.padEnd(16)} ${ms(pct(fts, 50))} ${ms(pct(fts, 99))} ${ms(pct(scan, 50))} ${ms(pct(scan, 99))}  ${ratio.toFixed(0).padStart(8)}×  ${ok ? "ok (p99 ≤ 5 ms, ≥ 20×)" : "MISSED"}`);
}
db.close();
rmSync(dir, { recursive: true, force: true });
if (failed) {
  console.log(`FAILED: ${failed} check(s)`);
  process.exit(1);
}
console.log("all search targets met");
