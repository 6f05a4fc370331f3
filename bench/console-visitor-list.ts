/**
 * The console's visitor list under load (issue 4, point 2): 5,000 online visitors and 200
 * updates a second, in real headless Chromium against the real server on 127.0.0.1.
 *
 * The app is built in this process exactly as in production (createServices + createApp +
 * startServer, system clock, a fresh data folder, the group-commit writer), one site, one agent.
 * Visitors are made through the same service calls the visitor channel makes (identify +
 * recordPage, test/visitor-seed.ts); some of them open chats, some are accepted. Chromium signs
 * in through /login, loads /console and mounts <yk-visitor-list> with the agent WebSocket feeding
 * it (test/visitor-list-page.ts).
 *
 * Phases, in one run and one page, each --seconds long:
 *   idle            the list mounted, no updates                        (baseline)
 *   idle+scroll     no updates, the list scrolled 40 px every frame     (baseline)
 *   updates         200 updates/s: page views (→ `visitor` frames) and chat messages (→ `message`)
 *   updates+scroll  the same updates while scrolling
 * Reported per phase: requestAnimationFrame deltas (p50/p95/p99/max), frames over 33 ms, long
 * tasks (PerformanceObserver "longtask", > 50 ms), the most row elements seen in the DOM, and the
 * frames the page received. Also GET /api/visitors/online at 5,000 visitors beside GET /api/me
 * (an authenticated route that does almost nothing) over the same connection, and the time from
 * mounting to the first full render. No verdicts on a shared machine: figures for reading.
 *
 *   node_modules/.bin/bun bench/console-visitor-list.ts [--visitors 5000] [--rate 200] [--seconds 10]
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
import { createServices } from "../src/services.ts";
import { createApp } from "../src/app.ts";
import { startServer } from "../src/http/server.ts";
import { launchBrowser } from "../test/browser.ts";
import { STRONG_PASSWORD } from "../test/harness.ts";
import { seedVisitors, movePage } from "../test/visitor-seed.ts";
import { mountList, signedInPage } from "../test/visitor-list-page.ts";
import { hardDeadline, sleep } from "./lib/proc.ts";
import { option } from "./lib/args.ts";
import { summarize, today } from "./lib/stats.ts";

const N = option("visitors", 5000);
const RATE = option("rate", 200);
const SECONDS = option("seconds", 10);
hardDeadline(option("deadline", 300) * 1000);

// The server.
const dir = mkdtempSync(join(tmpdir(), "yk-bench-list-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
const config = loadConfig({ flags: { data: dir } });
const db = openDatabase(join(dir, "yingke.db"), { busyTimeoutMs: config.store.busy_timeout_ms });
migrate(db);
const s = createServices({ config, db, clock: systemClock, logger: silentLogger(), secretBox: createSecretBox(randomBytes(32)) });
const actor = { id: null, name: "bench" };
const site = s.sites.create({ name: "网上银行 Bank", allowed_origins: "http://bank.example.test", default_language: "zh-CN" }, actor);
const agent = await s.agents.create({ username: "bench", display_name: "Bench agent", role_id: "agent", password: STRONG_PASSWORD, must_change_password: false } as any, actor);
const running = startServer(createApp(s), { port: 0, hostname: "127.0.0.1" });
const base = `http://127.0.0.1:${running.port}`;

let t0 = performance.now();
const visitors = await seedVisitors(s, site.id, N);
// 2% waiting, 2% chatting with this agent (their messages reach the page as `message` frames).
const chatters = visitors.filter((_, i) => i % 25 === 0);
for (const [k, v] of chatters.entries()) {
  const sent = await s.chat.visitorSend(v, { cid: `open-${v.id}`, body: `你好，我想咨询第 ${k} 个问题` });
  if (k % 2) await s.chat.accept({ id: agent.id, display_name: agent.display_name }, sent.conversation.id);
}
console.log(`seeded ${N} visitors (${chatters.length} with chats) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// The full list request, beside a trivial authenticated request on the same session.
const browser = await launchBrowser();
const { context, page, errors } = await signedInPage(browser, base, "bench", { viewport: { width: 1600, height: 900 } });
const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
async function timeGet(path: string, times: number) {
  const t: number[] = [];
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    const res = await fetch(base + path, { headers: { cookie, accept: "application/json" } });
    bytes = (await res.arrayBuffer()).byteLength;
    t.push(performance.now() - start);
  }
  return { ...summarize(t), bytes };
}
const apiList = await timeGet("/api/visitors/online", 30);
const apiMe = await timeGet("/api/me", 30);

// Mount and wait for the first full render.
t0 = performance.now();
await mountList(page, base);
await page.waitForFunction((n) => document.querySelector("yk-visitor-list")?.shadowRoot?.querySelector(".count")?.textContent === `显示 ${n} / 共 ${n}`, N, { timeout: 60_000 });
const firstRender = performance.now() - t0;

// In the page: rAF deltas, long tasks, the most row elements in the DOM; optional scrolling.
async function measure(label: string, scroll: boolean, during: () => Promise<number>) {
  await page.evaluate((scroll) => {
    const g = globalThis as any;
    const root = document.querySelector("yk-visitor-list")!.shadowRoot!;
    const vp = root.querySelector<HTMLElement>(".viewport")!;
    const m = { deltas: [] as number[], longTasks: 0, maxRows: 0, running: true, frames0: { ...g.yk.frames }, work: [] as number[] };
    g.measure = m;
    // The list's own main-thread time: applying frames to the view and rendering (lit's update).
    const proto = customElements.get("yk-visitor-list")!.prototype as any;
    for (const name of ["flush", "update"]) {
      const original = (proto[`__orig_${name}`] ??= proto[name]);
      proto[name] = function (this: unknown, ...args: unknown[]) {
        const t0 = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          if (m.running) m.work.push(performance.now() - t0);
        }
      };
    }
    const obs = new PerformanceObserver((list) => (m.longTasks += list.getEntries().length));
    obs.observe({ type: "longtask" });
    let last = 0;
    let n = 0;
    let dir = 1;
    const tick = (ts: number) => {
      if (!m.running) return obs.disconnect();
      if (last) m.deltas.push(ts - last);
      last = ts;
      if (++n % 5 === 0) m.maxRows = Math.max(m.maxRows, root.querySelectorAll(".body [role=row]").length);
      if (scroll) {
        if (vp.scrollTop + vp.clientHeight >= vp.scrollHeight - 2) dir = -1;
        else if (vp.scrollTop <= 0) dir = 1;
        vp.scrollTop += 40 * dir;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, scroll);
  const updates = await during();
  const r = await page.evaluate(() => {
    const g = globalThis as any;
    const m = g.measure;
    m.running = false;
    const received: Record<string, number> = {};
    for (const [k, v] of Object.entries(g.yk.frames as Record<string, number>)) received[k] = v - (m.frames0[k] ?? 0);
    const work = (m.work as number[]).sort((a, b) => a - b);
    const listMs = { total: work.reduce((a, b) => a + b, 0), p99: work[Math.max(0, Math.ceil(0.99 * work.length) - 1)] ?? 0, max: work.at(-1) ?? 0, calls: work.length };
    return { deltas: m.deltas as number[], longTasks: m.longTasks as number, maxRows: m.maxRows as number, received, listMs };
  });
  const d = summarize(r.deltas);
  const p95 = [...r.deltas].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * r.deltas.length) - 1)] ?? NaN;
  return { label, frames: d.n, p50: d.p50, p95, p99: d.p99, max: d.max, over33: r.deltas.filter((x) => x > 33.4).length, longTasks: r.longTasks, maxRows: r.maxRows, updates, received: r.received, listMs: r.listMs };
}

const idle = async () => {
  await sleep(SECONDS * 1000);
  return 0;
};

/**
 * RATE updates a second in 20 ms ticks: nine in ten a page view, one in ten a chat message.
 * Updates are not awaited tick by tick (a slow commit must not lower the rate); at most 1,000
 * are in flight. Returns how many were sent.
 */
let seq = 0;
async function drive(): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  const perTick = RATE / 50;
  let owed = 0;
  let sent = 0;
  let inflight = 0;
  const track = (p: Promise<unknown>) => {
    inflight++;
    sent++;
    void p.catch(() => {}).finally(() => inflight--);
  };
  while (performance.now() < end) {
    const tickStart = performance.now();
    owed += perTick;
    while (owed >= 1 && inflight < 1000) {
      owed--;
      const i = ++seq;
      if (i % 10 === 0) {
        const v = chatters[(i / 10) % chatters.length];
        track(s.chat.visitorSend(v, { cid: `m-${v.id}-${i}`, body: `第 ${i} 条消息 message ${i}` }));
      } else track(movePage(s, visitors[(i * 7919) % visitors.length], i, `页面 ${i} <b>Page</b> ${i}`));
    }
    await sleep(Math.max(0, 20 - (performance.now() - tickStart)));
  }
  while (inflight > 0) await sleep(10);
  return sent;
}

/**
 * Scrolling's floor on this machine: a second page in the same browser with a plain, static
 * 5,000-row grid (no framework, no updates, every row in the DOM) of the same size and look,
 * scrolled the same way. What scrolling costs the compositor and rasteriser, without the list.
 */
async function staticScrollBaseline() {
  const p2 = await context.newPage();
  await p2.setContent("<!doctype html><body style='margin:0'></body>");
  await p2.evaluate((n) => {
    const vp = document.createElement("div");
    Object.assign(vp.style, { height: "calc(100vh - 60px)", overflow: "auto", font: "13px sans-serif" });
    const frag = document.createDocumentFragment();
    for (let i = 0; i < n; i++) {
      const row = document.createElement("div");
      Object.assign(row.style, { display: "grid", gridTemplateColumns: "92px 120px 170px 70px 140px 86px 80px 200px 100px 240px 170px 96px", height: "32px", lineHeight: "31px", borderBottom: "1px solid #eaeef2", whiteSpace: "nowrap" });
      for (const text of ["浏览中", "", "百度 Baidu · 信用卡申请", "1", "中国 广东 深圳", "21:30:00", "", "", "", `个人业务 ${i} https://bank.example.test/p/${i}`, "Windows 10/11 / Chrome 124", ""]) {
        const c = document.createElement("div");
        Object.assign(c.style, { overflow: "hidden", textOverflow: "ellipsis", padding: "0 6px" });
        c.textContent = text;
        row.append(c);
      }
      frag.append(row);
    }
    vp.append(frag);
    document.body.append(vp);
    (globalThis as any).vp = vp;
  }, N);
  const r = await p2.evaluate(async (seconds) => {
    const vp = (globalThis as any).vp as HTMLElement;
    const deltas: number[] = [];
    let longTasks = 0;
    const obs = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
    obs.observe({ type: "longtask" });
    await new Promise<void>((resolve) => {
      const end = performance.now() + seconds * 1000;
      let last = 0;
      let dir = 1;
      const tick = (ts: number) => {
        if (last) deltas.push(ts - last);
        last = ts;
        if (vp.scrollTop + vp.clientHeight >= vp.scrollHeight - 2) dir = -1;
        else if (vp.scrollTop <= 0) dir = 1;
        vp.scrollTop += 40 * dir;
        if (ts > end) return resolve();
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    obs.disconnect();
    return { deltas, longTasks };
  }, SECONDS);
  await p2.close();
  const d = summarize(r.deltas);
  const p95 = [...r.deltas].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.95 * r.deltas.length) - 1)] ?? NaN;
  return { label: "static grid + scrolling (baseline)", frames: d.n, p50: d.p50, p95, p99: d.p99, max: d.max, over33: r.deltas.filter((x) => x > 33.4).length, longTasks: r.longTasks, maxRows: N, updates: 0, received: {}, listMs: { total: NaN, p99: NaN, max: NaN, calls: 0 } };
}

const phases = [
  await staticScrollBaseline(),
  await measure("idle (baseline)", false, idle),
  await measure("idle + scrolling (baseline)", true, idle),
  await measure(`${RATE} updates/s`, false, drive),
  await measure(`${RATE} updates/s + scrolling`, true, drive),
];
await page.waitForTimeout(200);
const shown = await page.locator("yk-visitor-list .count").textContent();
await context.close();
await browser.close();
await running.stop(true);

const f = (x: number) => x.toFixed(1);
console.log(`\nVisitor list benchmark — ${today()}, bun ${Bun.version}, ${N} visitors, ${RATE} updates/s, ${SECONDS} s per phase, Chromium headless`);
console.log(`GET /api/visitors/online (${N} rows, ${(apiList.bytes / 1024).toFixed(0)} KiB JSON): p50 ${f(apiList.p50)} ms, p90 ${f(apiList.p90)} ms, max ${f(apiList.max)} ms (n=${apiList.n})`);
console.log(`baseline GET /api/me: p50 ${f(apiMe.p50)} ms, p90 ${f(apiMe.p90)} ms, max ${f(apiMe.max)} ms`);
console.log(`mount → first full render of ${N} rows: ${f(firstRender)} ms; at the end: "${shown}"\n`);
console.log(`${"phase".padEnd(30)} ${"frames".padStart(7)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"p99".padStart(6)} ${"max".padStart(7)} ${">33ms".padStart(6)} ${"long".padStart(5)} ${"rows".padStart(5)} ${"list ms/s".padStart(9)} ${"list p99".padStart(8)}  updates sent / frames received`);
for (const p of phases) {
  const rec = Object.entries(p.received).filter(([k]) => k !== "pong").map(([k, v]) => `${k} ${v}`).join(", ");
  console.log(`${p.label.padEnd(30)} ${String(p.frames).padStart(7)} ${f(p.p50).padStart(6)} ${f(p.p95).padStart(6)} ${f(p.p99).padStart(6)} ${f(p.max).padStart(7)} ${String(p.over33).padStart(6)} ${String(p.longTasks).padStart(5)} ${String(p.maxRows).padStart(5)} ${f(p.listMs.total / SECONDS).padStart(9)} ${f(p.listMs.p99).padStart(8)}  ${p.updates} / ${rec || "none"}`);
}
const load = (await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ");
console.log(`\n(frame deltas in ms; "long" = long tasks > 50 ms; "rows" = most row elements in the DOM; "list ms/s" = the list's own main-thread time (applying frames + rendering) per second, "list p99" = its p99 per call; load average at the end: ${load})`);
if (errors.length) console.log("page errors:", errors.slice(0, 5));
process.exit(0);
