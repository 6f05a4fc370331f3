/**
 * The chat history list with words (H1, docs/history.md): N messages (default 1,000,000) in
 * chats of 16 messages, in a real SQLite file with the production schema (all migrations),
 * generated customer-service Chinese with some English. Times one history page — the total
 * count, 25 rows with names, counts, evaluation and rating, and a snippet per row — for words
 * of 1, 2 and 3+ characters of mixed frequency, alone and with a date range; and, as the
 * same-run baseline, the same page with the words found by LIKE '%word%' over the messages.
 *
 *   node_modules/.bin/bun bench/history-list.ts [messages]      (default 1000000)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { createMessageSearch } from "../src/chat/search.ts";
import { matchQuery } from "../src/chat/search-text.ts";
import { createHistoryRepo } from "../src/history/repo.ts";
import { snippetOf } from "../src/history/model.ts";
import { chatCorpus } from "./lib/chat-corpus.ts";

const N = Number(process.argv[2] ?? 1_000_000);
const PER_CHAT = 16;
const PAGE = 25;
const dir = mkdtempSync(join(tmpdir(), "yk-history-"));
const db = openDatabase(join(dir, "bench.db"));
db.exec("PRAGMA synchronous = NORMAL");
migrate(db);
const search = createMessageSearch(db);
const repo = createHistoryRepo(db);

const { message } = chatCorpus(0x1b873593);

console.log(`Building ${N.toLocaleString()} messages in ${Math.ceil(N / PER_CHAT).toLocaleString()} chats…`);
const started = performance.now();
const T0 = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
db.run("INSERT INTO sites (id, site_key, name, secret, created_at, updated_at) VALUES (1, 'k', '网站', 's', 0, 0)");
const insVisitor = db.prepare("INSERT INTO visitors (id, site_id, public_id, name, first_seen_at, last_seen_at) VALUES (?, 1, ?, ?, 0, 0)");
const insChat = db.prepare("INSERT INTO conversations (id, site_id, visitor_id, status, created_at, ended_at, ended_by) VALUES (?, 1, ?, 'ended', ?, ?, 'agent')");
const insMessage = db.prepare("INSERT INTO messages (id, conversation_id, seq, cid, sender_kind, kind, body, created_at) VALUES (?, ?, ?, ?, ?, 'text', ?, ?)");
const BATCH = 10_000;
for (let from = 1; from <= N; from += BATCH) {
  db.transaction(() => {
    for (let id = from; id < Math.min(from + BATCH, N + 1); id++) {
      const chat = Math.ceil(id / PER_CHAT);
      const seq = id - (chat - 1) * PER_CHAT;
      const at = T0 + chat * 10 * MINUTE + seq * 1000;
      if (seq === 1) {
        insVisitor.run(chat, `pub${chat}`, `访客${chat}`);
        insChat.run(chat, chat, at, at + PER_CHAT * 1000);
      }
      const body = message();
      insMessage.run(id, chat, seq, `c${id}`, seq % 2 ? "visitor" : "agent", body, at);
    }
  })();
}
search.ensureCurrent(); // the index follows the messages (src/chat/search.ts)
db.run("INSERT INTO message_search (message_search) VALUES ('optimize')");
db.run("ANALYZE");
console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const chats = Math.ceil(N / PER_CHAT);
// The newest tenth of the history: a typical "last month" filter.
const recent = { from: T0 + Math.floor(chats * 0.9) * 10 * MINUTE };
const all = { sql: "1", params: {} };

function pageWithIndex(q: string, filter: { from?: number }) {
  const words = q.split(/\s+/).map(matchQuery).filter((m): m is string => m !== null);
  const w = repo.where(filter, all, words);
  const r = repo.page(w, PAGE, 0);
  for (const row of r.rows) {
    const body = repo.snippetSource(row.id, words.join(" OR "));
    if (body) row.snippet = snippetOf(body, q);
  }
  return r;
}
function pageWithLike(q: string, filter: { from?: number }) {
  const w = repo.where(filter, all, []);
  const like = { sql: `${w.sql} AND c.id IN (SELECT conversation_id FROM messages WHERE kind <> 'event' AND body LIKE $like)`, params: { ...w.params, like: `%${q}%` }, needsEvaluation: false, needsRating: false };
  const r = repo.page(like, PAGE, 0);
  for (const row of r.rows) {
    const hit = db.query("SELECT body FROM messages WHERE conversation_id = ? AND body LIKE ? ORDER BY id DESC LIMIT 1").get(row.id, `%${q}%`) as { body: string } | null;
    if (hit) row.snippet = snippetOf(hit.body, q);
  }
  return r;
}

const classes: Record<string, string[]> = {
  "1 character": ["的", "费", "卡", "码", "息", "税", "冻", "龘"],
  "2 characters": ["年费", "退款", "密码", "贷款", "发票", "挂失", "征信", "饕餮"],
  "3+ characters": ["信用卡", "验证码", "手机银行", "营业执照", "电子税务局", "异地就医", "临时额度", "不动产登记"],
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
for (const [label, filter] of [["whole history", {}], ["newest 10% (date range)", recent]] as const) {
  console.log(`\n${label}: count + page of ${PAGE} with snippets; index ×5 per term, LIKE ×1 (same run)`);
  console.log(`${"terms".padEnd(14)} ${"index p50".padStart(10)} ${"index max".padStart(10)} ${"LIKE p50".padStart(10)} ${"LIKE max".padStart(10)}  ratio (p50)  matching chats`);
  for (const [name, terms] of Object.entries(classes)) {
    const fts: number[] = [];
    const scan: number[] = [];
    const totals: number[] = [];
    for (const term of terms) {
      for (let round = 0; round < 5; round++) {
        const t0 = performance.now();
        const r = pageWithIndex(term, filter);
        fts.push(performance.now() - t0);
        if (round === 0) totals.push(r.total);
      }
      const t1 = performance.now();
      const viaLike = pageWithLike(term, filter);
      scan.push(performance.now() - t1);
      const viaIndex = pageWithIndex(term, filter);
      if (viaLike.total !== viaIndex.total || viaLike.rows.map((x) => x.id).join() !== viaIndex.rows.map((x) => x.id).join()) console.log(`  mismatch for ${term}: index ${viaIndex.total}, LIKE ${viaLike.total}`);
    }
    console.log(`${name.padEnd(14)} ${ms(pct(fts, 50))} ${ms(Math.max(...fts))} ${ms(pct(scan, 50))} ${ms(Math.max(...scan))}  ${(pct(scan, 50) / pct(fts, 50)).toFixed(0).padStart(9)}×  ${Math.min(...totals)}–${Math.max(...totals)}`);
  }
}
db.close();
rmSync(dir, { recursive: true, force: true });
