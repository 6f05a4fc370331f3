/**
 * Durable messages per second through the real chat service: many concurrent visitors each
 * awaiting s.chat.visitorSend (group-commit writer: seq allocation + insert + commit, WAL,
 * synchronous=FULL, a real file), one message after another.
 *
 * Baseline in the same run: a raw batched insert into the same `messages` table (same
 * migrations, same openDatabase settings, its own fresh file), one IMMEDIATE transaction per
 * batch of the average size the writer achieved, through one prepared statement, back to back.
 *
 * The chat phase runs the search indexer as the server does (src/chat/search-indexer.ts: the
 * index follows the messages in idle time). After each chat round the bench waits, untimed, until
 * the index has caught up, so that work never lands in another phase; it reports how far behind
 * the index was and the rate counting that catch-up time too.
 *
 * Two diagnostic phases run the SQL the service runs per message directly, in the same batches:
 * "statements" (open conversation, INSERT taking max(seq) + 1; a duplicate cid is caught by its UNIQUE index)
 * and "savepoints" (the same, each in its own savepoint as the writer does). They show where the
 * difference between the service and the raw insert goes.
 *
 * The phases run in interleaved rounds (chat, raw, statements, savepoints, then again), so other
 * work on a shared machine spreads over all of them; each phase's CPU use by other processes is
 * recorded, and the figures are given for all rounds and for quiet rounds only.
 *
 *   node_modules/.bin/bun bench/durable-throughput.ts [--senders 1000] [--rounds 10] [--per-round 10]
 *
 * Target: chat service ≥ 0.5 × the raw batched insert.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { loadConfig } from "../src/platform/config.ts";
import { systemClock } from "../src/platform/clock.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox } from "../src/platform/secretbox.ts";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { createServices, type Services } from "../src/services.ts";
import { createChatRepo } from "../src/chat/repo.ts";
import { backgroundCpu, hardDeadline } from "./lib/proc.ts";
import { option } from "./lib/args.ts";
import { summarize, today, verdict } from "./lib/stats.ts";

const senders = option("senders", 1000);
const rounds = option("rounds", 10);
const perRound = option("per-round", 10);
const QUIET = option("quiet", 15);
const roundRows = senders * perRound;
hardDeadline(option("deadline", 170) * 1000);
const dirs: string[] = [];
process.on("exit", () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Seeded {
  s: Services;
  visitors: { id: number; site_id: number; name: string }[];
  conversations: number[];
}

/** A fresh data folder with the app's services, one site and `senders` visitors, each with an open conversation. */
async function seeded(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), "yk-bench-dur-"));
  dirs.push(dir);
  const config = loadConfig({ flags: { data: dir } });
  const db = openDatabase(join(dir, "yingke.db"), { busyTimeoutMs: config.store.busy_timeout_ms });
  migrate(db);
  const s = createServices({ config, db, clock: systemClock, logger: silentLogger(), secretBox: createSecretBox(randomBytes(32)) });
  const site = s.sites.create({ name: "Bench", allowed_origins: "http://shop.bench.test", default_language: "en" }, { id: null, name: "bench" });
  const visitors = Array.from({ length: senders }, () => s.visitors.identify(site.id, undefined).visitor);
  const opened = await Promise.all(visitors.map((v, i) => s.chat.visitorSend(v, { cid: `open-${i}`, body: "hello" })));
  return { s, visitors, conversations: opened.map((r) => r.conversation.id) };
}

const body = (k: number, i: number) => `message ${k} from visitor ${i}: 你好，请问这件商品什么时候发货？`;

interface Phase {
  name: string;
  /** Runs round r (senders × perRound messages); returns nothing, timed by the caller. */
  run(r: number, batch: number): Promise<void> | void;
  rounds: { ms: number; bg: number }[];
  db: Seeded;
}

// 1. The chat service: every sender awaits each visitorSend before the next.
const chatDb = await seeded();
chatDb.s.searchIndexer.start();
await chatDb.s.searchIndexer.drained();
const waits: number[] = [];
/** Per chat round: messages the index had not seen when the round ended, and ms until it had. */
const indexLag: { behind: number; catchUpMs: number }[] = [];
const chat: Phase = {
  name: "chat service (visitorSend, group commit)",
  db: chatDb,
  rounds: [],
  async run(r) {
    await Promise.all(
      chatDb.visitors.map(async (v, i) => {
        for (let k = r * perRound; k < (r + 1) * perRound; k++) {
          const s = performance.now();
          await chatDb.s.chat.visitorSend(v, { cid: `m${k}-${i}`, body: body(k, i) });
          waits.push(performance.now() - s);
        }
      }),
    );
  },
};

// 2. Direct SQL on its own file, one IMMEDIATE transaction per batch.
async function direct(name: string, step: "raw" | "statements" | "savepoints"): Promise<Phase> {
  const d = await seeded();
  const db = d.s.db;
  const repo = createChatRepo(db);
  const insert = db.prepare(
    "INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_id, sender_name, kind, body, file_id, created_at) VALUES (?, ?, ?, 'visitor', ?, '', 'text', ?, NULL, ?)",
  );
  // What visitorSend runs per message: open conversation, duplicate check, seq + insert, re-read.
  const service = (i: number, k: number) => {
    const v = d.visitors[i];
    const c = repo.openFor(v.id)!;
    const m = repo.append(c.id, { cid: `m${k}-${i}`, sender_kind: "visitor", sender_id: v.id, sender_name: v.name, kind: "text", body: body(k, i), file_id: null }, Date.now());
    return { m, c };
  };
  const one =
    step === "raw"
      ? (i: number, k: number) => insert.run(d.conversations[i], k + 2, `m${k}-${i}`, d.visitors[i].id, body(k, i), Date.now())
      : step === "statements"
        ? service
        : (i: number, k: number) => db.transaction(() => service(i, k))();
  const insertBatch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) one(n % senders, Math.floor(n / senders));
  });
  return {
    name,
    db: d,
    rounds: [],
    run(r, batch) {
      for (let n = r * roundRows; n < (r + 1) * roundRows; n += batch) insertBatch.immediate(n, Math.min((r + 1) * roundRows, n + batch));
    },
  };
}

/** Microseconds per call of each statement the service runs per message (one transaction of 20,000 calls each). */
function perStatement(d: Seeded): [string, number][] {
  const db = d.s.db;
  const repo = createChatRepo(db);
  const insert = db.prepare(
    "INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_id, sender_name, kind, body, file_id, created_at) VALUES (?, ?, ?, 'visitor', ?, '', 'text', ?, NULL, ?)",
  );
  const calls = 20_000;
  const time = (label: string, f: (n: number, i: number) => unknown): [string, number] => {
    const t = performance.now();
    db.transaction(() => {
      for (let n = 0; n < calls; n++) f(n, n % senders);
    })();
    return [label, ((performance.now() - t) * 1000) / calls];
  };
  return [
    time("raw INSERT", (n, i) => insert.run(d.conversations[i], 1_000_000 + n, `r${n}`, d.visitors[i].id, body(n, i), Date.now())),
    time("openFor (WHERE visitor_id … ORDER BY id DESC LIMIT 1)", (_, i) => repo.openFor(d.visitors[i].id)),
    time("byCid", (n, i) => repo.byCid(d.conversations[i], `x${n}`)),
    time("append (INSERT with max(seq)+1 … RETURNING id, seq)", (n, i) => repo.append(d.conversations[i], { cid: `a${n}`, sender_kind: "visitor", sender_id: d.visitors[i].id, sender_name: "", kind: "text", body: body(n, i), file_id: null }, Date.now())),
    time("byId", (_, i) => repo.byId(d.conversations[i])),
    time("empty savepoint", () => db.transaction(() => {})()),
  ];
}

const phases = [chat, await direct("raw batched insert", "raw"), await direct("  diagnostic: service's statements", "statements"), await direct("  diagnostic: same + a savepoint each", "savepoints")];
let batch = 0;
for (let r = 0; r < rounds; r++) {
  for (const p of phases) {
    const w0 = { ...chatDb.s.writer.stats };
    const bg = backgroundCpu(() => [process.pid]);
    bg.start();
    const t = performance.now();
    await p.run(r, batch);
    const ms = performance.now() - t;
    bg.stop();
    p.rounds.push({ ms, bg: bg.percent() });
    if (p === chat) {
      const behind = chatDb.s.chat.repo.search.lag();
      const t2 = performance.now();
      await chatDb.s.searchIndexer.drained();
      indexLag.push({ behind, catchUpMs: performance.now() - t2 });
    }
    // The direct phases use the batch size the writer achieved in this round's chat phase.
    if (p === chat) batch = Math.max(1, Math.round((chatDb.s.writer.stats.writes - w0.writes) / (chatDb.s.writer.stats.batches - w0.batches)));
  }
}
for (const p of phases) {
  const n = (p.db.s.db.query("SELECT count(*) AS n FROM messages").get() as { n: number }).n;
  if (n !== senders * (rounds * perRound + 1)) throw new Error(`${p.name}: expected ${senders * (rounds * perRound + 1)} messages, found ${n}`);
}
const statements = perStatement(chatDb);
const { writes, batches } = chatDb.s.writer.stats;

const rate = (p: Phase, which: (round: number) => boolean) => {
  const rs = p.rounds.filter((_, i) => which(i));
  return { rate: rs.length ? (rs.length * roundRows * 1000) / rs.reduce((a, r) => a + r.ms, 0) : NaN, n: rs.length };
};
const quietRound = (i: number) => phases.every((p) => p.rounds[i].bg < QUIET);
const quiet = phases[0].rounds.map((_, i) => quietRound(i));
console.log(`durable throughput ${today()}: ${senders} concurrent senders, ${rounds} rounds × ${perRound} messages each (${rounds * roundRows} per phase), synchronous=FULL, WAL, one file per phase`);
console.log(`group-commit writer: ${(writes / batches).toFixed(1)} writes per commit on average; wait per send p50 ${summarize(waits).p50.toFixed(1)} ms, p99 ${summarize(waits).p99.toFixed(1)} ms\n`);
console.log(`${"".padEnd(42)} ${"all rounds".padStart(12)} ${"quiet rounds".padStart(14)}   other processes' CPU`);
for (const p of phases) {
  const all = rate(p, () => true);
  const q = rate(p, (i) => quiet[i]);
  const bg = p.rounds.reduce((a, r) => a + r.bg * r.ms, 0) / p.rounds.reduce((a, r) => a + r.ms, 0);
  console.log(`${p.name.padEnd(42)} ${Math.round(all.rate).toLocaleString("en-US").padStart(8)} /s ${(q.n ? Math.round(q.rate).toLocaleString("en-US") : "–").padStart(10)} /s   ${bg.toFixed(0)}% of a core`);
}
console.log(`(quiet rounds: ${quiet.filter(Boolean).length} of ${rounds}, where other processes used < ${QUIET}% of a core in every phase)`);
const behind = indexLag.reduce((a, r) => a + r.behind, 0) / indexLag.length;
const catchUpMs = indexLag.reduce((a, r) => a + r.catchUpMs, 0);
const withIndex = (rounds * roundRows * 1000) / (chat.rounds.reduce((a, r) => a + r.ms, 0) + catchUpMs);
console.log(
  `search index (follows in idle time): ${Math.round(behind).toLocaleString("en-US")} of ${roundRows.toLocaleString("en-US")} messages not yet indexed at the end of a round on average, caught up ${(catchUpMs / indexLag.length).toFixed(0)} ms later; ` +
    `counting that time: ${Math.round(withIndex).toLocaleString("en-US")} msgs/s = ${(withIndex / rate(phases[1], () => true).rate).toFixed(2)}× raw`,
);
console.log(`\nper call inside a transaction: ${statements.map(([l, us]) => `${l} ${us.toFixed(1)} µs`).join("; ")}\n`);
const judge = (label: string, which: (round: number) => boolean) => {
  const c = rate(phases[0], which);
  const raw = rate(phases[1], which);
  const ratio = c.rate / raw.rate;
  console.log(`${label}: chat service ${Math.round(c.rate).toLocaleString("en-US")} msgs/s = ${ratio.toFixed(2)}× the raw batched insert ${Math.round(raw.rate).toLocaleString("en-US")} rows/s (target ≥ 0.5×) → ${verdict(ratio >= 0.5)}`);
};
judge("all rounds", () => true);
if (quiet.filter(Boolean).length >= 3) judge("quiet rounds", (i) => quiet[i]);
else console.log(`quiet rounds: too few (${quiet.filter(Boolean).length}) for a verdict; the machine was busy`);
process.exit(0);
