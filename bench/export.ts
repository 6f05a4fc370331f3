/**
 * Exports (X4, issue 7 point 6; docs/exports.md): N chat-list rows (default 1,000,000) in a real
 * SQLite file are streamed through the production export engine (src/exports/service.ts: keyset
 * pages from the database, batches, backpressure, the real CSV/HTML/XLSX writers, a file in the
 * data folder). Each format runs in its own process so their memory does not mix; the same-run
 * baseline is a process that pulls the same rows the same way (same batches, same yields) and
 * writes nothing. Printed per run: rows/second, peak RSS growth over the process's RSS before the
 * export, and the file size.
 *
 *   node_modules/.bin/bun bench/export.ts [rows]        (default 1000000)
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExportsService } from "../src/exports/service.ts";
import { EXPORT_SOURCES } from "../src/exports/sources.ts";
import type { ExportSource } from "../src/exports/source.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { systemClock } from "../src/platform/clock.ts";

const PHASES = ["baseline", "csv", "html", "xlsx"] as const;
type Phase = (typeof PHASES)[number];

interface Result { phase: Phase; rows: number; seconds: number; rssBefore: number; rssPeak: number; bytes: number }

/** Rows as an export source reads them: keyset pages by id, newest first, never all at once. */
function* readRows(db: Database, sample: () => void): Generator<string[]> {
  const page = db.query("SELECT * FROM chats WHERE id < ? ORDER BY id DESC LIMIT 1000");
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(before) as Record<string, string | number>[];
    if (!rows.length) return;
    sample();
    for (const r of rows) yield [String(r.id), new Date(r.started_at as number).toISOString(), String(r.site), String(r.visitor), String(r.agent), String(r.ip), String(r.topic), String(r.rating), String(r.body)];
    before = rows[rows.length - 1].id as number;
  }
}
const HEADER = ["编号 No.", "开始 Started", "网站 Site", "访客 Visitor", "客服 Agent", "IP", "主题 Topic", "评价 Rating", "首条消息 First message"];

async function child(phase: Phase, dbPath: string): Promise<Result> {
  const db = new Database(dbPath, { readonly: true });
  Bun.gc(true);
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const sample = () => void (rssPeak = Math.max(rssPeak, process.memoryUsage.rss()));
  const timer = setInterval(sample, 5);
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  if (phase === "baseline") {
    // The engine's loop without a writer: 500-row batches with a yield to the event loop between.
    const it = readRows(db, sample);
    for (let done = false; !done;) {
      const batch: string[][] = [];
      while (batch.length < 500) {
        const n = it.next();
        if (n.done) {
          done = true;
          break;
        }
        batch.push(n.value);
      }
      rows += batch.length;
      await new Promise<void>((r) => setImmediate(r));
    }
  } else {
    const dir = mkdtempSync(join(tmpdir(), "yk-export-bench-"));
    const source: ExportSource = { key: "bench", zh: "对话列表", en: "Chats", requires: [], open: () => ({ header: HEADER, total: null, rows: readRows(db, sample) }) };
    EXPORT_SOURCES.push(source);
    const audit = { record: () => ({}) } as unknown as Parameters<typeof createExportsService>[0]["audit"];
    const engine = createExportsService({ dir, clock: systemClock, audit, logger: silentLogger(), services: () => ({}) as never });
    const principal = { agent: { id: 1, username: "bench" }, permissions: new Set(["data.export"]), scope: { kind: "all" } } as never;
    const job = engine.start(principal, { id: 1, name: "bench" }, { source: "bench", format: phase });
    await engine.settled(job.id);
    const end = engine.get(principal, job.id);
    if (end.state !== "done") throw new Error(`export ${phase} ended ${end.state}: ${end.error}`);
    rows = end.rows;
    bytes = engine.stats(job.id)!.bytes;
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  sample();
  return { phase, rows, seconds, rssBefore, rssPeak, bytes };
}

async function main() {
  const N = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), "yk-export-bench-db-"));
  const dbPath = join(dir, "bench.db");
  const db = new Database(dbPath);
  db.run("PRAGMA journal_mode = WAL");
  db.run("CREATE TABLE chats (id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, site TEXT NOT NULL, visitor TEXT NOT NULL, agent TEXT NOT NULL, ip TEXT NOT NULL, topic TEXT NOT NULL, rating TEXT NOT NULL, body TEXT NOT NULL) STRICT");
  const SAYS = ["您好，请问信用卡年费怎么收取？", "我想修改收货地址, 订单号 \"A-1024\"", "=1+1 这是什么意思", "+86 138 0013 8000 请回电", "社保公积金提取需要哪些材料？\n谢谢", "How do I reset my password?", "@客服 在吗", "-5 分的评价可以撤回吗"];
  const insert = db.prepare("INSERT INTO chats (started_at, site, visitor, agent, ip, topic, rating, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  console.log(`Building ${N.toLocaleString()} rows…`);
  const t0 = Date.UTC(2026, 0, 1);
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      insert.run(t0 + i * 30_000, `官网 ${i % 5}`, `访客${(i * 7919) % 100_000}`, `客服${i % 40}`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, ["咨询", "投诉", "售后"][i % 3], ["满意", "一般", "不满意", ""][i % 4], `${SAYS[i % SAYS.length]} #${i}`);
    }
  })();
  db.close();

  const results: Result[] = [];
  for (const phase of PHASES) {
    const proc = Bun.spawn([process.execPath, import.meta.path, "--child", phase, dbPath], { stdout: "pipe", stderr: "inherit" });
    const out = await new Response(proc.stdout).text();
    if ((await proc.exited) !== 0) throw new Error(`${phase} failed`);
    results.push(JSON.parse(out.trim().split("\n").at(-1)!));
  }
  rmSync(dir, { recursive: true, force: true });

  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const base = results[0];
  console.log(`\n${N.toLocaleString()} rows, ${process.platform} ${process.arch}, bun ${Bun.version}\n`);
  console.log("| run | rows | rows/s | peak RSS growth (MB) | vs baseline (MB) | file (MB) |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const growth = r.rssPeak - r.rssBefore;
    console.log(`| ${r.phase === "baseline" ? "baseline: read rows only" : r.phase} | ${r.rows.toLocaleString()} | ${Math.round(r.rows / r.seconds).toLocaleString()} | ${mb(growth)} | ${r.phase === "baseline" ? "—" : `+${mb(growth - (base.rssPeak - base.rssBefore))}`} | ${r.phase === "baseline" ? "—" : mb(r.bytes)} |`);
  }
}

if (process.argv[2] === "--child") {
  const r = await child(process.argv[3] as Phase, process.argv[4]);
  console.log(JSON.stringify(r));
  process.exit(0);
} else {
  await main();
}
