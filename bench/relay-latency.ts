/**
 * Visitor → agent relay latency with durable persistence, at 1,000 concurrent conversations.
 *
 * Each server runs in its own process (bench/lib/serve-app.ts, pinned to CPU 1; this load
 * generator is pinned to CPU 0). For the real app: 1,000 visitor WebSockets (each with its own
 * X-Forwarded-For address) each send a first message that opens a conversation; 20 agents sign
 * in over HTTP, open the agent WebSocket and accept 50 conversations each. Then every visitor
 * sends `send {cid, body}` in turn, round-robin at a steady total rate, and the latency of a
 * message is the time from the visitor's send to the moment the ASSIGNED agent's socket
 * receives the `message` frame with that cid. The app publishes only after the commit, so this
 * includes the group-commit window and the fsync of synchronous=FULL.
 *
 * Baseline in the same run: a bare Bun.serve relay (no database) with the same topology and the
 * same schedule: visitor socket → server → publish to the agent's topic. Variant `elysia` is the
 * same bare relay written with Elysia .ws(), to see the wrapper's share; `app@0` is the app with
 * a group-commit window of 0 ms; `app-nockpt` is the app with no WAL checkpoint at all (neither
 * SQLite's nor the background worker's), `app-sqlckpt` leaves it to SQLite on the event loop
 * instead of the worker, `app-engine-helpers` lowers only the engine's JIT and collector threads
 * (not the thread pool that runs the WAL sync), and `app-trace` times the writer's transactions and the server's event-loop lag
 * (both diagnostic only).
 *
 * All variants are set up first and then measured in interleaved blocks (block i of every
 * variant, then block i+1, ...), so other work on the machine spreads over all of them; the CPU
 * that other processes used during each variant's blocks is printed. The first block of each
 * variant is warm-up and not counted.
 *
 *   node_modules/.bin/bun bench/relay-latency.ts [--rate 1000] [--blocks 20] [--block-seconds 1]
 *       [--conversations 1000] [--agents 20] [--variants bare,elysia,app]
 *
 * Target: app p99 ≤ 3 × bare p99 + 1 ms.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backgroundCpu, hardDeadline, killChildren, spawnChild, sleep, type Child } from "./lib/proc.ts";
import { BROWSER_UA, inBatches, openSocket, signInAgent, visitorIp } from "./lib/clients.ts";
import { summarize, today, verdict, type Summary } from "./lib/stats.ts";
import { option } from "./lib/args.ts";
import { keepHelperThreadsLow } from "../src/platform/helper-threads.ts";

const rate = option("rate", 1000);
const blocks = option("blocks", 20);
const blockSeconds = option("block-seconds", 1);
const N = option("conversations", 1000);
const A = option("agents", 20);
const variants = option("variants", "bare,elysia,app").split(",");
hardDeadline(option("deadline", 178) * 1000);

// Pin this load generator to CPU 0 (the servers go to CPU 1) so client and server compete predictably.
// Every thread of it (-a): its JIT, collector and allocator threads, already running, would
// otherwise take turns on the server's CPU.
if (Bun.which("taskset")) Bun.spawnSync(["taskset", "-apc", "0", String(process.pid)]);
// And, like the server, below our own event loop, so they use only the time it leaves idle.
keepHelperThreadsLow();

/** fdatasync latency of a 4 KiB append on the temp folder's disk: the floor under any durable commit. */
function fsyncFloor(count = 200): Summary {
  const dir = mkdtempSync(join(tmpdir(), "yk-fsync-"));
  const fd = openSync(join(dir, "f"), "w");
  const block = Buffer.alloc(4096, 7);
  const t: number[] = [];
  for (let i = 0; i < count; i++) {
    writeSync(fd, block);
    const s = performance.now();
    fdatasyncSync(fd);
    t.push(performance.now() - s);
  }
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return summarize(t);
}

interface Variant {
  name: string;
  server: Child;
  visitors: WebSocket[];
  agents: WebSocket[];
  lat: number[];
  /** Per measured block: its latencies and the CPU other processes used meanwhile (% of a core). */
  blocks: { lat: number[]; bg: number }[];
  errors: Record<string, number>;
  pending: number;
  sent: number;
  lost: number;
  bg: ReturnType<typeof backgroundCpu>;
  current: number[] | null;
  commits: number;
  writes: number;
  isApp: boolean;
  traces: any[];
}

/** Our own processes (this one and every server), left out of the background CPU figure. */
const ours = () => [process.pid, ...set.map((v) => v.server.pid)];
const set: Variant[] = [];
/** A block counts as quiet when other processes used less than this much CPU (% of one core) during it. */
const QUIET = option("quiet", 15);

/** cid → [variant, send time, counted]. */
const inFlight = new Map<string, [Variant, number, boolean]>();

async function setUp(name: string): Promise<Variant> {
  const isApp = name.startsWith("app");
  const args = ["bench/lib/serve-app.ts", isApp ? "app" : name, "--agents", String(A), "--hold", "175"];
  if (name.includes("@")) args.push("--window", name.split("@")[1]);
  if (name.includes("nockpt")) args.push("--no-checkpoint");
  if (name.includes("normal-helpers")) args.push("--normal-helpers");
  if (name.includes("engine-helpers")) args.push("--engine-helpers");
  if (name.includes("nojobs")) args.push("--no-jobs");
  if (name.includes("sqlckpt")) args.push("--sqlite-checkpoint");
  if (name.startsWith("app-trace")) args.push("--trace");
  const ck = /-ck(\d+)/.exec(name);
  if (ck) args.push("--autockpt", ck[1]);
  const server = spawnChild(args, { cpu: 1, label: name });
  const ready = await server.next("ready", 30_000);
  const base = `http://127.0.0.1:${ready.port}`;
  const wsBase = base.replace("http", "ws");
  const v: Variant = { name, server, visitors: [], agents: [], lat: [], blocks: [], current: null, errors: {}, pending: 0, sent: 0, lost: 0, bg: backgroundCpu(ours), commits: 0, writes: 0, isApp, traces: [] };
  const ackWaiters = new Map<string, (f: any) => void>();

  const onAgentFrame = (text: string) => {
    const now = performance.now();
    if (countFrames) countFrame(name, "agent", text);
    if (!text.includes('"type":"message"')) return;
    const f = JSON.parse(text);
    const entry = inFlight.get(f.cid);
    if (!entry) return;
    inFlight.delete(f.cid);
    entry[0].pending--;
    if (entry[2]) {
      if (entry[0].name.startsWith("app-trace")) clientTimes.set(f.cid, [wallAt(entry[1]), wallAt(now)]);
      entry[0].lat.push(now - entry[1]);
      entry[0].current?.push(now - entry[1]);
    }
  };
  const onVisitorFrame = (text: string) => {
    if (countFrames) countFrame(name, "visitor", text);
    if (!text.includes('"type":"error"') && !text.includes('"type":"ack"')) return;
    const f = JSON.parse(text);
    if (f.type === "error") v.errors[f.code] = (v.errors[f.code] ?? 0) + 1;
    const w = f.cid ? ackWaiters.get(f.cid) : undefined;
    if (w) {
      ackWaiters.delete(f.cid);
      w(f);
    }
  };

  // Agents: sign in over HTTP (app) and open the agent channel.
  const sessions = isApp ? await Promise.all(ready.agents.map((u: string) => signInAgent(base, u, ready.password))) : [];
  v.agents = await inBatches(A, 20, (a) =>
    isApp ? openSocket(`${wsBase}/ws/agent`, { cookie: sessions[a].cookie, origin: base }, onAgentFrame) : openSocket(`${wsBase}/ws/agent?id=${a + 1}`, {}, onAgentFrame),
  );
  // Visitors: open in awaited batches of 50, each waits for `connected`, then one page view.
  v.visitors = await inBatches(N, 50, (i) =>
    isApp
      ? openSocket(`${wsBase}/ws/visitor?site=${ready.siteKey}`, { origin: ready.origin, "x-forwarded-for": visitorIp(i + 1), "user-agent": BROWSER_UA }, onVisitorFrame)
      : openSocket(`${wsBase}/ws/visitor?agent=${(i % A) + 1}`, {}, onVisitorFrame),
  );
  v.visitors.forEach((ws, i) => ws.send(JSON.stringify({ type: "page", url: `https://shop.bench.test/p/${i}`, title: `Product ${i}`, referrer: "", language: "en", screen: "1920x1080", timezone: "UTC" })));
  await sleep(500);
  // Each visitor opens its conversation with a first message (acknowledged after the commit).
  const opened = await inBatches(N, 100, (i) => {
    const cid = `open-${i}`;
    const p = new Promise<any>((resolve) => ackWaiters.set(cid, resolve));
    v.visitors[i].send(JSON.stringify({ type: "send", cid, body: `Hello, I am visitor ${i}` }));
    return p;
  });
  const refused = opened.filter((f) => f.type !== "ack");
  if (refused.length) throw new Error(`${name}: ${refused.length} first messages refused: ${JSON.stringify(refused[0])}`);
  // Agent a accepts conversations a, a+A, a+2A, ... (50 each at the defaults).
  if (isApp) {
    await Promise.all(
      sessions.map(async (s, a) => {
        for (let i = a; i < N; i += A) {
          const r = await s.api("POST", `/api/conversations/${opened[i].conversationId}/accept`);
          if (r.status !== 200) throw new Error(`accept answered ${r.status}: ${JSON.stringify(r.body)}`);
        }
      }),
    );
  }
  return v;
}

// Diagnostic: BENCH_COUNT_FRAMES=1 prints the frames each side received per message sent, by type.
const countFrames = Boolean(process.env.BENCH_COUNT_FRAMES);
const frameCounts: Record<string, number> = {};
const countFrame = (variant: string, side: string, text: string) => {
  const key = `${variant} ${side} ${/"type":"([a-z_]+)"/.exec(text)?.[1] ?? "?"}`;
  frameCounts[key] = (frameCounts[key] ?? 0) + 1;
};

/** Sent and received wall-clock times of counted messages, joined with the server's --trace timeline. */
const clientTimes = new Map<string, [number, number]>();
const wallAt = (t: number) => performance.timeOrigin + t;

let nextCid = 0;
/** One block: rate × blockSeconds messages to one variant on a steady schedule, then a drain. */
async function block(v: Variant, counted: boolean) {
  const count = Math.round(rate * blockSeconds);
  const before = v.isApp ? await v.server.ask("stats") : null;
  const bg = backgroundCpu(ours);
  v.current = counted ? [] : null;
  bg.start();
  v.bg.start();
  const started = performance.now();
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      while (k < due) {
        const cid = `m${nextCid++}`;
        const ws = v.visitors[(v.sent + k) % N];
        v.pending++;
        inFlight.set(cid, [v, performance.now(), counted]);
        ws.send(`{"type":"send","cid":"${cid}","body":"message ${cid} for the agent"}`);
        k++;
      }
      if (k >= count) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  v.sent += count;
  for (let waited = 0; v.pending > 0 && waited < 3000; waited += 20) await sleep(20);
  v.bg.stop();
  bg.stop();
  if (v.current) v.blocks.push({ lat: v.current, bg: bg.percent() });
  v.current = null;
  if (before) {
    const after = await v.server.ask("stats");
    if (counted) {
      if (after.trace) v.traces.push(after.trace);
      v.commits += after.batches - before.batches;
      v.writes += after.writes - before.writes;
    }
  }
  await sleep(200);
}

console.log(`relay latency ${today()}: ${N} conversations over ${A} agents; ${rate} msgs/s total per variant (each visitor every ${(N / rate).toFixed(2)} s),`);
console.log(`${blocks} measured blocks of ${blockSeconds} s per variant (+1 warm-up), variants interleaved: ${variants.join(", ")}`);
const floor = fsyncFloor();
console.log(`disk floor: fdatasync of a 4 KiB append p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms (${floor.n} samples)\n`);

for (const name of variants) {
  const t = performance.now();
  set.push(await setUp(name));
  console.log(`  ${name}: ${N} visitors and ${A} agents ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const sentBefore = Object.fromEntries(set.map((v) => [v.name, v.sent]));
// Diagnostic: BENCH_PROFILE=1 samples the app servers' JavaScript during the blocks.
const profiled = process.env.BENCH_PROFILE ? set.filter((v) => v.isApp) : [];
for (const v of profiled) {
  const started = await v.server.ask("profile-start");
  if (!started.calibrated) console.log(`${v.name}: the profiler's clock could not be calibrated; no profile of the stalls`, JSON.stringify(started));
}
for (const k of Object.keys(frameCounts)) delete frameCounts[k]; // count the measured blocks only
for (let b = 0; b <= blocks; b++) {
  for (const v of set) await block(v, b > 0);
}
for (const v of profiled) {
  const p = await v.server.ask("profile", 60_000);
  console.log(`\n${v.name}: ${p.samples} JavaScript samples; top frames:\n  ${p.top.join("\n  ")}\nby our innermost function:\n  ${p.ours.join("\n  ")}`);
  if (p.stalls)
    console.log(`${v.name}: ${p.stalls.count} event-loop stalls over 3 ms (between blocks too), ${p.stalls.totalMs} ms in all, ${p.stalls.sampledMs} ms of it running JavaScript; top frames in them:\n  ${p.stalls.top.join("\n  ")}\nby our innermost function:\n  ${p.stalls.ours.join("\n  ")}`);
}
// Traced variants: where the slowest messages spent their time, from the server's timeline joined
// with ours (wall clock, same machine): client send → server handles the frame → publish → client receives.
const breakdowns: string[] = [];
for (const v of set.filter((v) => v.name.startsWith("app-trace"))) {
  const file = join(tmpdir(), `yk-relay-timeline-${process.pid}-${v.name}.json`);
  await v.server.ask(`timeline ${file}`, 30_000);
  const server = (await Bun.file(file).json()) as Record<string, [number, number]>;
  rmSync(file, { force: true });
  const rows = [...clientTimes].flatMap(([cid, [sent, got]]) => (server[cid]?.[1] ? [{ total: got - sent, toServer: server[cid][0] - sent, inServer: server[cid][1] - server[cid][0], toClient: got - server[cid][1] }] : []));
  rows.sort((a, b) => b.total - a.total);
  const slow = rows.slice(0, Math.max(1, Math.floor(rows.length / 100)));
  const med = (k: "total" | "toServer" | "inServer" | "toClient", list = slow) => summarize(list.map((r) => r[k])).p50.toFixed(3);
  const p99 = (k: "toServer" | "inServer" | "toClient") => summarize(rows.map((r) => r[k])).p99.toFixed(3);
  breakdowns.push(
    `${v.name}: ${rows.length} messages timed end to end; the slowest 1% (${slow.length}, median ${med("total")} ms) spent, median: client → server handling ${med("toServer")} ms, ` +
      `in the server ${med("inServer")} ms, publish → client ${med("toClient")} ms; over all messages p99: ${p99("toServer")} / ${p99("inServer")} / ${p99("toClient")} ms`,
  );
}
for (const v of set) {
  v.lost = v.pending;
  for (const ws of [...v.visitors, ...v.agents]) ws.close();
}
killChildren();
if (countFrames) {
  const sent = Object.fromEntries(set.map((v) => [v.name, v.sent - sentBefore[v.name]]));
  console.log("\nframes received per message sent, warm-up and measured blocks:");
  for (const [k, n] of Object.entries(frameCounts).sort()) console.log(`  ${k}: ${(n / sent[k.split(" ")[0]]).toFixed(2)}`);
}

const quietOf = (v: Variant) => v.blocks.filter((b) => b.bg < QUIET);
const line = (name: string, lat: number[], tail: string) => {
  const l = summarize(lat);
  console.log(`${name.padEnd(8)} p50 ${l.p50.toFixed(3)}  p90 ${l.p90.toFixed(3)}  p99 ${l.p99.toFixed(3)}  p99.9 ${l.p999.toFixed(3)}  max ${l.max.toFixed(2)} ms  n=${l.n}${tail}`);
};
console.log("\nall measured blocks:");
for (const v of set) {
  const extra = v.commits ? `  ${(v.writes / v.commits).toFixed(1)} writes per commit` : "";
  line(v.name, v.lat, ` lost=${v.lost} errors=${JSON.stringify(v.errors)}  other processes' CPU ${v.bg.percent().toFixed(0)}% of a core${extra}`);
}
console.log(`\nquiet blocks only (other processes < ${QUIET}% of a core during the block):`);
for (const v of set) {
  const q = quietOf(v);
  line(v.name, q.flatMap((b) => b.lat), `  (${q.length} of ${v.blocks.length} blocks)`);
}
for (const line of breakdowns) console.log(`\n${line}`);
for (const v of set.filter((v) => v.traces.length)) {
  const t = v.traces;
  const worst = (k: string) => Math.max(...t.map((x) => x[k]));
  const median = (k: string) => t.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(t.length / 2)];
  console.log(
    `\n${v.name}: writer transaction (statements + COMMIT + fsync, on the event loop) median-of-blocks p50 ${median("batchP50").toFixed(2)} ms, p99 ${median("batchP99").toFixed(2)} ms, worst ${worst("batchMax").toFixed(2)} ms;` +
      ` event-loop lag p99 ${median("lagP99").toFixed(2)} ms, worst ${worst("lagMax").toFixed(2)} ms, ${t.reduce((a, x) => a + x.lagOver5ms, 0)} stalls > 5 ms in ${t.length} blocks` +
      (t[0].syncN !== undefined ? `; WAL fdatasync (off the loop) ${median("syncN").toFixed(0)} per block, p50 ${median("syncP50").toFixed(2)} ms, p99 ${median("syncP99").toFixed(2)} ms, worst ${worst("syncMax").toFixed(2)} ms, ${t.reduce((a, x) => a + x.syncOver5, 0)} over 5 ms` : "") +
      (t[0].indexN !== undefined ? `; search indexer ${median("indexN").toFixed(0)} passes per block, p50 ${median("indexP50").toFixed(2)} ms, p99 ${median("indexP99").toFixed(2)} ms, worst ${worst("indexMax").toFixed(2)} ms` : "") +
      (t[0].serverN !== undefined ? `; in the server (frame → publish) p50 ${median("serverP50").toFixed(3)} ms, p99 ${median("serverP99").toFixed(3)} ms, worst ${worst("serverMax").toFixed(2)} ms` : ""),
  );
}
const bare = set.find((v) => v.name === "bare");
const app = set.find((v) => v.name === "app");
if (bare && app) {
  const judge = (label: string, b: Summary, a: Summary) => {
    const target = 3 * b.p99 + 1;
    console.log(`${label}: app p99 ${a.p99.toFixed(3)} ms vs target 3 × bare p99 (${b.p99.toFixed(3)} ms) + 1 ms = ${target.toFixed(3)} ms → ${verdict(a.p99 <= target && app.lost === 0)}; app p50 = ${(a.p50 / b.p50).toFixed(1)}× bare p50`);
  };
  console.log("");
  judge(`all blocks (other processes used ${bare.bg.percent().toFixed(0)}% / ${app.bg.percent().toFixed(0)}% of a core: ${Math.max(bare.bg.percent(), app.bg.percent()) < QUIET ? "quiet" : "noisy, not a fair verdict"})`, summarize(bare.lat), summarize(app.lat));
  const qb = quietOf(bare);
  const qa = quietOf(app);
  if (qb.length >= 3 && qa.length >= 3) judge("quiet blocks", summarize(qb.flatMap((b) => b.lat)), summarize(qa.flatMap((b) => b.lat)));
  else console.log(`quiet blocks: too few (bare ${qb.length}, app ${qa.length}) for a verdict; the machine was busy`);
}
process.exit(0);
