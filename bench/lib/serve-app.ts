/**
 * The server side of the realtime benchmarks, run as its own process so the load generator's
 * CPU and memory stay out of its figures. Prints one JSON line {"ev":"ready",...} on stdout and
 * then answers stdin commands with one JSON line each:
 *   gc     → forced full GC, then {"ev":"gc","rssKiB","heapBytes","objects"} (live objects by type)
 *   timeline <file> → writes the --trace timeline of visitor messages to <file>, then {"ev":"timeline"}
 *   census → {"ev":"census","census"}: live cells grouped by what holds them (bench/lib/heap-census.ts)
 *   stats  → {"ev":"stats",...} counters (writes/batches for the app, frames for the bare ones)
 *   quit   → exits
 * It exits by itself after --hold seconds, or when stdin closes (the benchmark went away).
 *
 *   bun bench/lib/serve-app.ts app    [--agents 20] [--window MS] [--no-checkpoint] [--trace] [--no-jobs] [--sqlite-checkpoint] [--normal-helpers] [--engine-helpers] [--hold 240]
 *   bun bench/lib/serve-app.ts bare   [--hold 240]   bare Bun.serve relay, no database
 *   bun bench/lib/serve-app.ts elysia [--hold 240]   the same bare relay through Elysia .ws()
 *
 * Modes `app`: the real app (createServices + createApp + startServer + startJobs, as `yingke serve`) on a fresh data folder: real SQLite
 * file, WAL, synchronous=FULL, the group-commit writer; one site whose allowed origin is
 * BENCH_ORIGIN, and N agents (role "agent") with BENCH_PASSWORD. 127.0.0.1 is configured as a
 * trusted proxy so each simulated visitor can carry its own X-Forwarded-For address (the
 * per-IP frame limit would otherwise treat 1,000 visitors as one abusive client).
 *
 * Bare relay protocol (modes bare and elysia), the same topology as the app:
 *   /ws/visitor?agent=K  → sends {"type":"connected"}; a `send {cid, body}` frame is published
 *                          as a `message` frame to topic agent:K and acknowledged to the visitor;
 *                          a `page` frame is counted. Every visitor is subscribed to topic site:1.
 *   /ws/agent?id=K       → subscribed to agent:K; sends {"type":"connected"}.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import * as jsc from "bun:jsc";
import { heapSize, heapStats, totalCompileTime } from "bun:jsc";
import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import { stdinLines } from "./proc.ts";
import { heapCensus } from "./heap-census.ts";

export const BENCH_ORIGIN = "http://shop.bench.test";
export const BENCH_PASSWORD = "Correct-Horse-42";

const mode = process.argv[2] ?? "app";
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const holdSeconds = arg("hold", 240);
const out = (o: object) => process.stdout.write(JSON.stringify(o) + "\n");
const rssKiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN);
/** RSS by kind (anonymous memory, mapped files, shared memory such as SQLite's WAL index), in KiB. */
const rssParts = () => {
  const status = readFileSync("/proc/self/status", "utf8");
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { anon: kib("RssAnon"), file: kib("RssFile"), shmem: kib("RssShmem") };
};

let cleanup = () => {};
const exit = (code = 0) => {
  cleanup();
  process.exit(code);
};
process.on("exit", () => cleanup());
setTimeout(() => exit(3), holdSeconds * 1000).unref?.();
process.on("SIGTERM", () => exit(0));

let stats: () => object = () => ({});
/** App with --trace: visitor message cid → [frame handled, published to the agent], wall-clock ms (`timeline <file>` writes them). */
const timeline = new Map<string, [number, number]>();
const wall = () => performance.timeOrigin + performance.now();

/** --trace: the event loop's stalls over 3 ms, [start, end] in performance.now() ms (for `profile`). */
const stallWindows: [number, number][] = [];
/** performance.now() ms → the sampling profiler's clock (seconds since boot), set by profile-start. */
let profilerClockOffset: number | null = null;

/** Nearest-rank quantiles of a list, for the trace. */
const q = (v: number[], p: number) => (v.length ? [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)] : 0);

function traceDb(db: import("bun:sqlite").Database, writer: { onSync(l: (ms: number) => void): void }, search: { catchUp(limit: number): boolean }) {
  let commits: number[] = [];
  // The search indexer's passes (statements, COMMIT, FTS5 merges): on the event loop too.
  let indexing: number[] = [];
  const catchUp = search.catchUp.bind(search);
  search.catchUp = (limit) => {
    const s = performance.now();
    try {
      return catchUp(limit);
    } finally {
      indexing.push(performance.now() - s);
      if (process.env.BENCH_STALL_LOG && performance.now() - s > 2) console.error(`SLOWINDEX ${(performance.now() - s).toFixed(1)} ms at ${s.toFixed(0)}`);
    }
  };
  let lags: number[] = [];
  const original = db.transaction.bind(db);
  (db as any).transaction = (fn: (...a: any[]) => unknown) => {
    const t = original(fn) as any;
    const wrapped: any = (...a: any[]) => t(...a);
    wrapped.deferred = t.deferred;
    wrapped.exclusive = t.exclusive;
    wrapped.immediate = (...a: any[]) => {
      const s = performance.now();
      try {
        return t.immediate(...a);
      } finally {
        commits.push(performance.now() - s);
        if (process.env.BENCH_STALL_LOG && performance.now() - s > 2) console.error(`SLOWBATCH ${(performance.now() - s).toFixed(1)} ms at ${s.toFixed(0)}`);
      }
    };
    return wrapped;
  };
  const syncs: number[] = [];
  writer.onSync((ms) => syncs.push(ms));
  let last = performance.now();
  // Lets stall times (performance.now) be joined with `perf record -k realtime` samples.
  if (process.env.BENCH_STALL_LOG) console.error(`CLOCK pid ${process.pid} timeOrigin ${performance.timeOrigin}`);
  // Heap size and JIT compile time around each stall tell a collection or a compile from our own work.
  let lastHeap = heapSize();
  let lastCompile = totalCompileTime();
  setInterval(() => {
    const now = performance.now();
    lags.push(now - last - 1);
    const heap = process.env.BENCH_STALL_LOG ? heapSize() : 0;
    const compile = process.env.BENCH_STALL_LOG ? totalCompileTime() : 0;
    if (now - last - 1 > 3 && stallWindows.length < 10_000) stallWindows.push([last, now]);
    if (process.env.BENCH_STALL_LOG && now - last - 1 > 5)
      console.error(`STALL ${(now - last - 1).toFixed(1)} ms at ${now.toFixed(0)} heap ${(lastHeap / 1048576).toFixed(1)}→${(heap / 1048576).toFixed(1)} MiB compile +${(compile - lastCompile).toFixed(1)} ms`);
    last = now;
    lastHeap = heap;
    lastCompile = compile;
  }, 1);
  return {
    extra: (): object => ({}),
    /** Batch durations and event-loop lag (ms) since the last call. */
    take() {
      const out = { batches: commits.length, batchP50: q(commits, 0.5), batchP99: q(commits, 0.99), batchMax: q(commits, 1), lagP99: q(lags, 0.99), lagMax: q(lags, 1), lagOver5ms: lags.filter((l) => l > 5).length, syncN: syncs.length, syncP50: q(syncs, 0.5), syncP99: q(syncs, 0.99), syncMax: q(syncs, 1), syncOver5: syncs.filter((x) => x > 5).length, indexN: indexing.length, indexP50: q(indexing, 0.5), indexP99: q(indexing, 0.99), indexMax: q(indexing, 1), ...this.extra() };
      indexing = [];
      syncs.length = 0;
      commits = [];
      lags = [];
      return out;
    },
  };
}

if (mode === "app") {
  const { loadConfig } = await import("../../src/platform/config.ts");
  const { systemClock } = await import("../../src/platform/clock.ts");
  const { silentLogger } = await import("../../src/platform/logger.ts");
  const { createSecretBox } = await import("../../src/platform/secretbox.ts");
  const { openDatabase } = await import("../../src/store/db.ts");
  const { migrate } = await import("../../src/store/migrate.ts");
  const { createServices } = await import("../../src/services.ts");
  const { createApp } = await import("../../src/app.ts");

  const dir = mkdtempSync(join(tmpdir(), "yk-bench-app-"));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  const config = loadConfig({ flags: { data: dir } });
  config.server.trusted_proxies = ["127.0.0.1/32"];
  const windowMs = arg("window", config.store.group_commit_window_ms);
  config.store.group_commit_window_ms = windowMs;
  const db = openDatabase(join(dir, "yingke.db"), { busyTimeoutMs: config.store.busy_timeout_ms });
  migrate(db);
  // Diagnostic only: --no-checkpoint turns SQLite's automatic WAL checkpoint off, to show its share of the tail.
  if (process.argv.includes("--no-checkpoint")) db.exec("PRAGMA wal_autocheckpoint = 0");
  // Diagnostic only: --autockpt N checkpoints every N WAL pages instead of SQLite's 1,000.
  if (arg("autockpt", 0) > 0) db.exec(`PRAGMA wal_autocheckpoint = ${arg("autockpt", 0)}`);
  // Diagnostic only: --trace times every IMMEDIATE transaction (the writer's batches: statements
  // and COMMIT on the event loop; their fsync runs off it and is timed separately) and samples
  // event-loop lag every millisecond; BENCH_STALL_LOG=1 prints each stall over 5 ms as it happens.
  const services = createServices({ config, db, clock: systemClock, logger: silentLogger(), secretBox: createSecretBox(randomBytes(32)) });
  const trace = process.argv.includes("--trace") ? traceDb(db, services.writer, services.chat.repo.search) : null;
  if (trace && process.env.BENCH_STALL_LOG) {
    // The periodic jobs' bodies, timed (they run on the event loop too).
    const timed = (name: string, o: Record<string, any>, key: string) => {
      const fn = o[key].bind(o);
      o[key] = (...a: unknown[]) => {
        const s = performance.now();
        const r = fn(...a);
        const done = () => performance.now() - s > 1 && console.error(`SLOWJOB ${name} ${(performance.now() - s).toFixed(1)} ms at ${s.toFixed(0)}`);
        if (r instanceof Promise) r.finally(done);
        else done();
        return r;
      };
    };
    timed("idlePrompts", services.idlePrompts, "sweep");
    timed("chatKeep", services.chatKeep, "sweep");
    timed("visitors", services.visitors, "sweepGone");
  }
  const actor = { id: null, name: "bench" };
  const site = services.sites.create({ name: "Bench shop", allowed_origins: BENCH_ORIGIN, default_language: "en" }, actor);
  const agents: string[] = [];
  const count = arg("agents", 20);
  for (let i = 1; i <= count; i++) {
    const username = `agent${String(i).padStart(3, "0")}`;
    await services.agents.create({ username, display_name: `Agent ${i}`, role_id: "agent", password: BENCH_PASSWORD, must_change_password: false } as any, actor);
    agents.push(username);
  }
  const app = createApp(services);
  // --trace: each visitor message's time inside this server, from its frame to its publish to the agent.
  const inServer: number[] = [];
  if (trace) {
    const recvAt = new Map<string, number>();
    const visitors = app.realtime.visitors;
    const handle = visitors.handle.bind(visitors);
    visitors.handle = (session, raw) => {
      const cid = typeof raw === "string" ? /"cid":"([^"]+)"/.exec(raw)?.[1] : undefined;
      if (cid) {
        recvAt.set(cid, performance.now());
        timeline.set(cid, [wall(), 0]);
      }
      return handle(session, raw);
    };
    const hub = app.realtime.hub;
    const publish = hub.publish.bind(hub);
    hub.publish = (topic, frame) => {
      const f = frame as { type?: string; cid?: string };
      const at = f.type === "message" && f.cid ? recvAt.get(f.cid) : undefined;
      if (at !== undefined) {
        inServer.push(performance.now() - at);
        const t = timeline.get(f.cid!);
        if (t) t[1] = wall();
        recvAt.delete(f.cid!);
      }
      publish(topic, frame);
    };
    trace.extra = () => {
      const out = { serverN: inServer.length, serverP50: q(inServer, 0.5), serverP99: q(inServer, 0.99), serverMax: q(inServer, 1) };
      inServer.length = 0;
      return out;
    };
  }
  const { startServer } = await import("../../src/http/server.ts");
  // Diagnostic only: --normal-helpers leaves the runtime's helper threads at the event loop's
  // priority; --engine-helpers lowers only the JIT and collector threads (as before the thread
  // pool and allocator threads were lowered too).
  const running = startServer(app, { port: 0, hostname: "127.0.0.1", lowerHelperThreads: process.argv.includes("--normal-helpers") ? false : process.argv.includes("--engine-helpers") ? ["JITWorker", "HeapHelper"] : true });
  // The scheduled work `yingke serve` runs beside the server (the search indexer following the
  // messages, presence sweeps, timers); --no-jobs leaves it out (diagnostic only).
  if (!process.argv.includes("--no-jobs")) {
    const { startJobs } = await import("../../src/jobs/index.ts");
    // Diagnostic only: --sqlite-checkpoint leaves the WAL checkpoint to SQLite, on the event loop;
    // so do --no-checkpoint and --autockpt, whose setting the worker would otherwise replace.
    const sqliteCheckpoints = process.argv.includes("--sqlite-checkpoint") || process.argv.includes("--no-checkpoint") || arg("autockpt", 0) > 0;
    startJobs(services, { backgroundCheckpoints: !sqliteCheckpoints });
  }
  const sync = (db.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
  const journal = (db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode;
  stats = () => ({ writes: services.writer.stats.writes, batches: services.writer.stats.batches, ...(trace ? { trace: trace.take() } : {}) });
  out({ ev: "ready", mode, pid: process.pid, port: running.port, siteKey: site.site_key, siteId: site.id, origin: BENCH_ORIGIN, agents, password: BENCH_PASSWORD, windowMs, synchronous: sync, journal });
} else if (mode === "bare" || mode === "elysia") {
  const counts = { conns: 0, pages: 0, sends: 0 };
  stats = () => counts;
  const relay = (publish: (topic: string, data: string) => void, reply: (data: string) => void, agent: string, visitor: number, text: string) => {
    const f = JSON.parse(text);
    if (f.type === "send") {
      counts.sends++;
      publish(`agent:${agent}`, JSON.stringify({ type: "message", conversationId: visitor, cid: f.cid, from: "visitor", body: f.body, at: Date.now() }));
      reply(JSON.stringify({ type: "ack", cid: f.cid, conversationId: visitor }));
    } else if (f.type === "page") counts.pages++;
  };
  let nextVisitor = 1;
  let port: number;
  if (mode === "bare") {
    type Data = { kind: "visitor" | "agent"; key: string; visitor: number };
    const server = Bun.serve<Data, string>({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req, srv) {
        const url = new URL(req.url);
        const kind = url.pathname === "/ws/agent" ? "agent" : "visitor";
        const key = url.searchParams.get(kind === "agent" ? "id" : "agent") ?? "1";
        if (srv.upgrade(req, { data: { kind, key, visitor: nextVisitor++ } satisfies Data })) return;
        return new Response("upgrade required", { status: 426 });
      },
      websocket: {
        idleTimeout: 120,
        maxPayloadLength: 64 * 1024,
        open(ws: ServerWebSocket<Data>) {
          counts.conns++;
          ws.subscribe(ws.data.kind === "agent" ? `agent:${ws.data.key}` : "site:1");
          ws.send('{"type":"connected"}');
        },
        message(ws: ServerWebSocket<Data>, msg) {
          if (ws.data.kind === "visitor") relay((t, d) => server.publish(t, d), (d) => ws.send(d), ws.data.key, ws.data.visitor, String(msg));
        },
        close() {
          counts.conns--;
        },
      },
    });
    port = server.port!;
  } else {
    const app = new Elysia()
      .ws("/ws/visitor", {
        open(ws) {
          counts.conns++;
          const raw = (ws as any).raw as ServerWebSocket<any>;
          raw.subscribe("site:1");
          (ws.data as any).visitorNo = nextVisitor++;
          ws.send('{"type":"connected"}');
        },
        message(ws, msg) {
          const raw = (ws as any).raw as ServerWebSocket<any>;
          const text = typeof msg === "string" ? msg : JSON.stringify(msg);
          relay((t, d) => raw.publish(t, d), (d) => raw.send(d), String((ws.data as any).query.agent ?? "1"), (ws.data as any).visitorNo, text);
        },
        close() {
          counts.conns--;
        },
      })
      .ws("/ws/agent", {
        open(ws) {
          counts.conns++;
          (ws as any).raw.subscribe(`agent:${(ws.data as any).query.id ?? "1"}`);
          ws.send('{"type":"connected"}');
        },
        close() {
          counts.conns--;
        },
      })
      .listen({ port: 0, hostname: "127.0.0.1" });
    port = app.server!.port!;
  }
  out({ ev: "ready", mode, pid: process.pid, port });
} else {
  console.error(`unknown mode ${mode}`);
  exit(1);
}

// Commands on stdin; EOF means the benchmark is gone.
await stdinLines(async (cmd) => {
  if (cmd.startsWith("gc")) {
    // "gc <settleSeconds> <shrink>": an idle server's steady state, not the moment after load.
    const [, settle = "0", shrink = "0"] = cmd.split(" ");
    for (let i = 0; i < 3; i++) {
      Bun.gc(true);
      await Bun.sleep(50);
    }
    if (shrink === "1") Bun.shrink();
    if (Number(settle) > 0) {
      await Bun.sleep(Number(settle) * 1000);
      Bun.gc(true);
      if (shrink === "1") Bun.shrink();
      await Bun.sleep(100);
    }
    const h = heapStats();
    out({ ev: "gc", rssKiB: rssKiB(), rss: { ...rssParts(), heapCapacity: h.heapCapacity / 1024, extra: h.extraMemorySize / 1024 }, heapBytes: h.heapSize, objects: h.objectTypeCounts });
  } else if (cmd === "census") {
    Bun.gc(true);
    out({ ev: "census", census: heapCensus() });
  } else if (cmd === "profile-start") {
    // Diagnostic: JSC's sampling profiler on this process's JavaScript, until `profile`.
    (jsc as unknown as { startSamplingProfiler(): void }).startSamplingProfiler();
    // Calibration: the samples of a busy loop just after the start all fall inside it, the
    // last one within a sampling interval of its end: that gives the profiler clock's offset.
    const began = performance.now();
    let spin = 0;
    while (performance.now() - began < 30) spin += Math.random();
    const ended = performance.now();
    const { traces } = (jsc as unknown as { samplingProfilerStackTraces(): { traces: { timestamp: number }[] } }).samplingProfilerStackTraces();
    profilerClockOffset = traces.length && spin ? traces[traces.length - 1].timestamp - ended / 1000 : null;
    stallWindows.length = 0;
    out({ ev: "profile-start", calibrated: profilerClockOffset !== null });
  } else if (cmd === "profile") {
    const { traces, interval } = (jsc as unknown as { samplingProfilerStackTraces(): unknown }).samplingProfilerStackTraces() as { interval: number; traces: { timestamp: number; frames: { name: string; sourceURL: string; line: number; category: string }[] }[] };
    const summary = (list: typeof traces) => {
      const top = new Map<string, number>();
      const ours = new Map<string, number>();
      const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
      for (const t of list) {
        const f = t.frames[0];
        bump(top, f ? `${f.name || "(anonymous)"} ${(f.sourceURL ?? "").replace(/.*\/(src|node_modules)\//, "$1/")}:${f.line} [${f.category}]` : "(no JS)");
        const mine = t.frames.find((x) => (x.sourceURL ?? "").includes("/src/"));
        bump(ours, mine ? `${mine.name || "(anonymous)"} ${(mine.sourceURL ?? "").replace(/.*\/src\//, "src/")}:${mine.line}` : "(none of ours)");
      }
      const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, n]) => `${((100 * n) / list.length).toFixed(1)}% ${k}`);
      return { samples: list.length, top: ranked(top), ours: ranked(ours) };
    };
    // With --trace: the samples taken inside the event loop's stalls, and how much of the stalls'
    // time they cover (the rest is time no JavaScript ran: collections, the kernel, preemption).
    let stalls: object | undefined;
    if (profilerClockOffset !== null && stallWindows.length) {
      const offset = profilerClockOffset;
      const windows = stallWindows.map(([a, b]) => [a / 1000 + offset, b / 1000 + offset]);
      const inStall = traces.filter((t) => windows.some(([a, b]) => t.timestamp >= a && t.timestamp <= b));
      const stallMs = stallWindows.reduce((sum, [a, b]) => sum + (b - a), 0);
      stalls = { count: stallWindows.length, totalMs: Math.round(stallMs), sampledMs: Math.round(inStall.length * interval * 1000), ...summary(inStall) };
    }
    out({ ev: "profile", ...summary(traces), stalls });
  } else if (cmd.startsWith("timeline ")) {
    await Bun.write(cmd.slice(9), JSON.stringify(Object.fromEntries(timeline)));
    out({ ev: "timeline" });
  } else if (cmd === "stats") out({ ev: "stats", ...stats(), rssKiB: rssKiB() });
  else if (cmd === "quit") exit(0);
});
exit(0);
