/**
 * Memory per idle visitor connection at 10,000 connections: the server process's RSS
 * (/proc/<pid>/status VmRSS, read after a forced full GC in that process) before and after
 * 10,000 visitor WebSockets are connected and idle. Each visitor got `connected`, sent one
 * `page` frame (stored through the group-commit writer in the app) and then stays idle.
 *
 * Baseline in the same run: a bare Bun.serve WebSocket server process (bench/lib/serve-app.ts
 * bare) holding 10,000 sockets, each subscribed to one topic and sent one small frame, each
 * having sent one small frame. Both servers first serve warm-up connections (opened,
 * page frame, closed; 2,000 by default) so lazily loaded and optimized code is in "before". The client sockets live in
 * separate client processes (bench/lib/idle-clients.ts).
 *
 *   node_modules/.bin/bun bench/idle-memory.ts [--connections 10000] [--clients 2] [--variants bare,app]
 *       [--warm 2000] [--settle 5] [--shrink 0|1] [--census 0|1]
 *
 * Variant `elysia` is the same bare server written with Elysia .ws() (no database, no
 * sessions): it separates the wrapper's share from the app's own per-visitor state.
 *
 * Target: app bytes per connection ≤ 2 × bare.
 */
import { hardDeadline, killChildren, spawnChild, sleep, type Child } from "./lib/proc.ts";
import { BROWSER_UA, inBatches, openSocket, visitorIp } from "./lib/clients.ts";
import { option } from "./lib/args.ts";
import { verdict } from "./lib/stats.ts";
import { censusGrowth } from "./lib/heap-census.ts";

const N = option("connections", 10_000);
const C = option("clients", 2);
// Warm-up: enough connections (each with its page view) for the engine to finish optimizing the
// connect and page-view code and for SQLite's page cache to fill, so "before" already holds those
// one-time costs and the figure is what each further idle connection adds. With 100 warm-up
// connections about 0.7 KiB of one-time cost was divided among the 10,000 (docs/performance.md).
const WARM = option("warm", 2000);
const variants = option("variants", "bare,elysia,app").split(",");
// Seconds an idle server is left before each reading, so the allocators' background return of
// freed memory has happened in both (without it "before" varied by ±0.4 KiB per connection).
const SETTLE = option("settle", 5);
const SHRINK = option("shrink", 0);
// Diagnostic: --census 1 prints what holds the JS cells each connection keeps (slow; not for figures).
const CENSUS = option("census", 0);
const gcCommand = `gc ${SETTLE} ${SHRINK}`;
hardDeadline(option("deadline", 178) * 1000);

interface Result {
  variant: string;
  beforeKiB: number;
  afterKiB: number;
  heapBefore: number;
  heapAfter: number;
  perConnBytes: number;
  heapPerConnBytes: number;
  connectSeconds: number;
  /** RSS growth by kind (anonymous, file-backed, shared), bytes per connection. */
  parts: Record<string, number>;
  /** Live JS objects by type that grew the most, per connection. */
  growth: [string, number][];
}

async function run(variant: string): Promise<Result> {
  const server: Child = spawnChild(["bench/lib/serve-app.ts", variant, "--agents", "1", "--hold", "170"], { cpu: 1, label: variant });
  const clients: Child[] = [];
  try {
    const ready = await server.next("ready", 30_000);
    const wsBase = `ws://127.0.0.1:${ready.port}`;
    const pageFrame = (i: number) => JSON.stringify({ type: "page", url: `https://shop.bench.test/warm/${i}`, title: "Warm", referrer: "", language: "en", screen: "1920x1080", timezone: "UTC" });
    const warm = await inBatches(WARM, 50, (i) =>
      variant === "app"
        ? openSocket(`${wsBase}/ws/visitor?site=${ready.siteKey}`, { origin: ready.origin, "x-forwarded-for": visitorIp(200_000 + i), "user-agent": BROWSER_UA })
        : openSocket(`${wsBase}/ws/visitor?agent=1`, {}),
    );
    warm.forEach((ws, i) => ws.send(pageFrame(i)));
    await sleep(500);
    for (const ws of warm) ws.close();
    await sleep(1000);
    const base0 = await server.ask("stats");
    const before = await server.ask(gcCommand, (SETTLE + 30) * 1000);
    const censusBefore = CENSUS ? (await server.ask("census", 60_000)).census : null;

    const t0 = performance.now();
    const per = Math.ceil(N / C);
    for (let c = 0; c < C; c++) {
      const count = Math.min(per, N - c * per);
      clients.push(spawnChild(["bench/lib/idle-clients.ts", variant, String(ready.port), ready.siteKey ?? "-", ready.origin ?? "-", String(c * per), String(count), "--hold", "170"], { cpu: 0, label: `clients-${c}` }));
    }
    const opened = await Promise.all(clients.map((c) => c.next("ready", 150_000)));
    const connectSeconds = (performance.now() - t0) / 1000;
    const total = opened.reduce((a, o) => a + o.opened, 0);
    if (total !== N) throw new Error(`${variant}: only ${total} of ${N} sockets opened; ${opened.map((o) => o.firstError).join(" ")}`);
    // Wait until every page frame has been handled (stored, for the app).
    const done = (s: any) => (variant === "app" ? s.writes - base0.writes : s.pages - base0.pages) >= N;
    for (let waited = 0; !done(await server.ask("stats")) && waited < 20_000; waited += 250) await sleep(250);
    await sleep(2000);
    const after = await server.ask(gcCommand, (SETTLE + 30) * 1000);
    const live = await server.ask("stats");
    if (censusBefore) {
      const grown = censusGrowth(censusBefore, (await server.ask("census", 60_000)).census, N);
      console.log(`${variant}: JS cells kept per connection, by holder:`);
      for (const [k, c, b] of grown.slice(0, 40)) console.log(`  ${c.toFixed(2).padStart(6)} cells ${b.toFixed(0).padStart(5)} B  ${k}`);
    }
    if (variant !== "app" && live.conns !== N) throw new Error(`bare server holds ${live.conns} sockets, expected ${N}`);
    return {
      variant,
      beforeKiB: before.rssKiB,
      afterKiB: after.rssKiB,
      heapBefore: before.heapBytes,
      heapAfter: after.heapBytes,
      perConnBytes: ((after.rssKiB - before.rssKiB) * 1024) / N,
      heapPerConnBytes: (after.heapBytes - before.heapBytes) / N,
      parts: Object.fromEntries(Object.entries(after.rss as Record<string, number>).map(([k, v]) => [k, ((v - before.rss[k]) * 1024) / N])),
      connectSeconds,
      growth: Object.entries(after.objects as Record<string, number>)
        .map(([type, n]): [string, number] => [type, (n - ((before.objects as Record<string, number>)[type] ?? 0)) / N])
        .filter(([, d]) => d >= 0.5)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12),
    };
  } finally {
    for (const c of clients) c.tell("quit");
    await sleep(300);
    for (const c of clients) c.kill();
    server.kill();
    await server.exited;
  }
}

console.log(`idle memory: ${N} idle visitor sockets held by ${C} client processes; server RSS after forced GC\n`);
const results: Result[] = [];
for (const v of variants) {
  const r = await run(v);
  results.push(r);
  console.log(
    `${v.padEnd(6)} RSS ${(r.beforeKiB / 1024).toFixed(1)} → ${(r.afterKiB / 1024).toFixed(1)} MiB = ${(r.perConnBytes / 1024).toFixed(2)} KiB per connection` +
      `  (JS heap ${(r.heapBefore / 1048576).toFixed(1)} → ${(r.heapAfter / 1048576).toFixed(1)} MiB = ${(r.heapPerConnBytes / 1024).toFixed(2)} KiB per connection)  connect ${r.connectSeconds.toFixed(1)} s`,
  );
  console.log(`       RSS growth per connection by kind: ${Object.entries(r.parts).map(([k, b]) => `${k} ${(b / 1024).toFixed(2)} KiB`).join(", ")}`);
  console.log(`       live JS objects added per connection: ${r.growth.map(([t, d]) => `${t} ${d.toFixed(1)}`).join(", ") || "none ≥ 0.5"}`);
}
killChildren();
const bare = results.find((r) => r.variant === "bare");
const app = results.find((r) => r.variant === "app");
if (bare && app) {
  const ratio = app.perConnBytes / bare.perConnBytes;
  console.log(`\napp ${(app.perConnBytes / 1024).toFixed(2)} KiB vs bare ${(bare.perConnBytes / 1024).toFixed(2)} KiB per idle connection = ${ratio.toFixed(2)}× (target ≤ 2×) → ${verdict(ratio <= 2)}`);
}
process.exit(0);
