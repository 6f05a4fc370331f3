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

const N = Number(process.argv[2] ?? 1_000_000);
const PAGE = 50;
const dir = mkdtempSync(join(tmpdir(), "yk-search-"));
const db = new Database(join(dir, "bench.db"));
db.run("PRAGMA journal_mode = WAL");
db.run("PRAGMA synchronous = NORMAL");
db.run("CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL)");
const migration = readFileSync(join(import.meta.dir, "..", "migrations", "0019_message_search.sql"), "utf8");
db.run(migration.split("\n").filter((l) => !l.startsWith("--")).join("\n"));
const search = createMessageSearch(db);

// A deterministic generator (xorshift) so runs are comparable.
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = <T>(a: readonly T[], skew = 1) => a[Math.floor(Math.pow(rand(), skew) * a.length)];
const WORDS = [
  "您好", "请问", "谢谢", "信用卡", "年费", "账户", "转账", "密码", "验证码", "手机银行", "网点", "营业时间", "贷款", "利率", "理财产品",
  "社保", "公积金", "提取", "办理", "材料", "身份证", "户口本", "预约", "退款", "订单", "发票", "快递", "物流", "地址", "修改",
  "投诉", "建议", "客服", "人工", "排队", "等待", "处理", "进度", "审核", "通过", "失败", "原因", "额度", "临时额度", "分期",
  "还款", "逾期", "征信", "挂失", "冻结", "解冻", "开户", "销户", "手续费", "汇率", "外汇", "存款", "定期", "活期", "利息",
  "电子税务局", "个人所得税", "专项附加扣除", "不动产登记", "营业执照", "统一社会信用代码", "医保报销", "异地就医", "养老保险",
];
const FILLER = "的了是我你他在有这个们来到时大地为子中说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感";
const ENGLISH = ["account", "refund", "password", "invoice", "balance", "transfer", "branch", "loan"];
function message(): string {
  const parts: string[] = [];
  const n = 2 + Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.55) parts.push(pick(WORDS, 1.6));
    else if (r < 0.95) parts.push(FILLER[Math.floor(Math.pow(rand(), 2.2) * FILLER.length)] + FILLER[Math.floor(rand() * FILLER.length)]);
    else parts.push(` ${pick(ENGLISH)} `);
  }
  return parts.join(rand() < 0.3 ? "，" : "") + (rand() < 0.5 ? "？" : "。");
}

console.log(`Building ${N.toLocaleString()} messages with the search index…`);
const started = performance.now();
const insert = db.prepare("INSERT INTO messages (id, conversation_id, kind, body) VALUES (?, ?, 'text', ?)");
const BATCH = 10_000;
for (let from = 1; from <= N; from += BATCH) {
  db.transaction(() => {
    for (let id = from; id < Math.min(from + BATCH, N + 1); id++) {
      const body = message();
      insert.run(id, 1 + (id >> 4), body);
      search.index(id, "text", body);
    }
  })();
}
// Rare terms: a few messages each, spread over the whole history.
const RARE = ["鲲", "鳐", "龘", "饕餮", "貔貅", "旮旯", "魑魅魍魉", "醍醐灌顶", "zygote"];
const rareUpdate = db.prepare("UPDATE messages SET body = body || ? WHERE id = ?");
db.transaction(() => {
  for (const term of RARE) for (let k = 0; k < 3; k++) {
    const id = 1 + Math.floor(rand() * N);
    const body = (db.query("SELECT body FROM messages WHERE id = ?").get(id) as { body: string }).body;
    db.run("DELETE FROM message_search WHERE rowid = ?", [id]);
    rareUpdate.run(term, id);
    search.index(id, "text", body + term);
  }
})();
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
