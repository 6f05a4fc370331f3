import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { socketBrowser } from "./harness.ts";
import { FrameClient } from "./frames.ts";

/**
 * Smoke test of the compiled executable (build/yingke, built by `npm test` before the suite
 * runs). The binary is copied into a temporary folder outside the repository and started from
 * there, with no node_modules and no Bun on PATH, so anything the build forgot to embed
 * (assets, migrations, modules) fails here. The working directory also holds a decoy .env and
 * bunfig.toml that would visibly change behaviour if the binary read them.
 */
const ROOT = join(import.meta.dir, "..");
const BUILT = join(ROOT, "build", "yingke");
const PKG_VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const SHUTDOWN_TIMEOUT_SECONDS = 5;
const HOST_ORIGIN = "http://shop.example.test";

let work: string; // temporary working directory (cwd of every run)
let bin: string; // the copied executable
let data: string; // data folder of the server under test

// A minimal environment: nothing from the test runner (NODE_ENV, BUN_*) leaks in.
const baseEnv = () => ({ PATH: "/usr/local/bin:/usr/bin:/bin", HOME: work, LANG: "C.UTF-8" });

async function ensureBinary() {
  if (existsSync(BUILT)) return;
  // `npm test` builds first; this only helps a developer running the file on its own.
  const p = Bun.spawn([process.execPath, "run", join(ROOT, "scripts", "build.ts")], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if ((await p.exited) !== 0) throw new Error("building build/yingke failed");
}

/** Runs the binary to completion and returns its exit code and output. */
async function run(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawn([bin, ...args], { cwd: work, env: { ...baseEnv(), ...env }, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr, output: stdout + stderr };
}

function freePort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

/** Collects a stream into a string that keeps growing while the process runs. */
function collect(stream: ReadableStream<Uint8Array>) {
  const out = { text: "", done: Promise.resolve() };
  const decoder = new TextDecoder();
  out.done = (async () => {
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) out.text += decoder.decode(r.value, { stream: true });
  })();
  return out;
}

async function waitForExit(p: Bun.Subprocess, ms: number): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)));
  const code = await Promise.race([p.exited, timeout]);
  clearTimeout(timer);
  return code;
}

let server: Bun.Subprocess<"ignore", "pipe", "pipe"> | null = null;
let logs: { text: string; done: Promise<void> };
let errs: { text: string; done: Promise<void> };
let base = "";

beforeAll(async () => {
  await ensureBinary();
  work = mkdtempSync(join(tmpdir(), "yingke-smoke-"));
  bin = join(work, "yingke");
  copyFileSync(BUILT, bin);
  chmodSync(bin, 0o755);
  data = join(work, "data");
  // Decoys: if the binary autoloaded them, the unknown YINGKE_ variable would refuse start-up,
  // the log level would hide every info line, and the preload would write a marker file.
  writeFileSync(join(work, ".env"), "YINGKE_SERVER_PORT=1\nYINGKE_LOG_LEVEL=fatal\nYINGKE_DECOY_FROM_DOTENV=1\n");
  writeFileSync(join(work, "bunfig.toml"), 'preload = ["./decoy.js"]\n[run]\npreload = ["./decoy.js"]\n');
  writeFileSync(join(work, "decoy.js"), 'require("fs").writeFileSync(require("path").join(__dirname, "bunfig-was-loaded"), "x");\n');
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGKILL");
    await server.exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("compiled binary: commands", () => {
  it("--help lists every command", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["serve", "migrate", "backup", "restore", "admin create", "admin reset-password", "admin reset-totp", "doctor", "version"]) {
      expect(r.stdout).toContain(c);
    }
  });

  it("version prints the package version", async () => {
    const r = await run(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(PKG_VERSION);
  });

  it("serve refuses an unknown environment variable and names it", async () => {
    const r = await run(["serve", "--port", "0", "--data", join(work, "bad-env")], { YINGKE_SERVER_PORTT: "1" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("YINGKE_SERVER_PORTT");
  });

  it("serve refuses an unknown key in the config file and names it", async () => {
    const file = join(work, "bad.toml");
    writeFileSync(file, "[server]\nportt = 1\n");
    const r = await run(["serve", "--config", file, "--port", "0", "--data", join(work, "bad-file")]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("server.portt");
  });
});

describe("compiled binary: serve", () => {
  beforeAll(async () => {
    const port = freePort();
    base = `http://127.0.0.1:${port}`;
    server = Bun.spawn([bin, "serve", "--port", String(port), "--host", "127.0.0.1", "--data", data], {
      cwd: work,
      env: { ...baseEnv(), YINGKE_SERVER_SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS) },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    logs = collect(server.stdout);
    errs = collect(server.stderr);
    // Readiness: poll /healthz a bounded number of times (not a timing assertion).
    for (let i = 0; i < 150; i++) {
      if (server.exitCode !== null) break;
      try {
        if ((await fetch(`${base}/healthz`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await Bun.sleep(100);
    }
    throw new Error(`server did not become ready (exit ${server.exitCode}):\n${logs.text}\n${errs.text}`);
  }, 30_000);

  it("ignores .env and bunfig.toml in its working directory", () => {
    expect(server!.exitCode).toBeNull();
    expect(logs.text).toContain("Yingke is listening"); // info lines present: YINGKE_LOG_LEVEL=fatal was not read
    expect(existsSync(join(work, "bunfig-was-loaded"))).toBe(false);
  });

  it("/healthz reports status, version and database", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string; database: string };
    expect(body).toMatchObject({ status: "ok", version: PKG_VERSION, database: "ok" });
  });

  it("serves the sign-in page with its form", async () => {
    const res = await fetch(`${base}/login`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const page = await res.text();
    expect(page).toContain('<form method="post" action="/login"');
    expect(page).toContain('name="username"');
    expect(page).toContain('name="password"');
  });

  it("sends anonymous browsers from /admin and /console to the sign-in page", async () => {
    for (const path of ["/admin", "/console"]) {
      const res = await fetch(`${base}${path}`, { headers: { accept: "text/html" }, redirect: "manual" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toStartWith("/login");
    }
  });

  it("serves the embedded assets", async () => {
    const css = await fetch(`${base}/assets/app.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toBe(readFileSync(join(ROOT, "web", "static", "app.css"), "utf8"));
    const htmx = await fetch(`${base}/assets/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("content-type")).toContain("javascript");
    expect((await htmx.text()).length).toBeGreaterThan(10_000);
    const missing = await fetch(`${base}/assets/nope.css`);
    expect(missing.status).toBe(404);
  });

  it("serves the visitor widget: the loader sites embed and the panel it loads", async () => {
    const loader = await fetch(`${base}/widget.js?site=any`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get("content-type")).toContain("javascript");
    expect(loader.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(await loader.text()).toBe(readFileSync(join(ROOT, "build", "public", "widget", "widget.js"), "utf8"));
    const panel = await fetch(`${base}/widget/panel.js`);
    expect(panel.status).toBe(200);
    expect((await panel.text()).length).toBeGreaterThan(10_000);
    // The visitor channel refuses an unknown site before anything is stored.
    const refused = await fetch(`${base}/rt/visitor/stream?site=nope`, { headers: { origin: "http://shop.example.test" } });
    expect(refused.status).toBe(404);
  });

  it("migrated the fresh data folder and wrote the one-time admin password privately", async () => {
    expect(existsSync(join(data, "yingke.db"))).toBe(true);
    const file = join(data, "initial-admin-password.txt");
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    const password = /password: (\S+)/.exec(readFileSync(file, "utf8"))?.[1];
    expect(password).toBeTruthy();
    expect(logs.text).toContain(file);
    expect(logs.text + errs.text).not.toContain(password!);
    expect(logs.text).toContain("0001_");
    // The checkpoint worker is a separate entrypoint of the executable: it must have started.
    expect(logs.text).toContain("WAL checkpoints run on a background thread");
  });

  it("the first administrator sets up a site and a visitor chats over the binary's WebSocket, with region and keyword worked out offline", async () => {
    const password = /password: (\S+)/.exec(readFileSync(join(data, "initial-admin-password.txt"), "utf8"))![1];
    const b = socketBrowser(base);
    expect((await b.signIn("admin", password)).status).toBe(303);
    await b.get("/account/password");
    expect((await b.post("/account/password", { current_password: password, password: "Binary-Smoke-Pass-7", confirm: "Binary-Smoke-Pass-7" })).status).toBe(303);
    expect(existsSync(join(data, "initial-admin-password.txt"))).toBe(false);
    await b.get("/admin/sites/new");
    const created = await b.post("/admin/sites", { name: "Shop", allowed_origins: HOST_ORIGIN, default_language: "zh-CN" });
    expect(created.status).toBe(303);
    const sitePage = await (await b.get(created.headers.get("location")!)).text();
    const siteKey = /site=([A-Za-z0-9_-]+)/.exec(sitePage)![1];
    const siteId = /\/admin\/sites\/(\d+)/.exec(created.headers.get("location")!)![1];

    const v = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${siteKey}`, { origin: HOST_ORIGIN });
    v.send({ type: "page", url: `${HOST_ORIGIN}/p/1`, title: "P1", referrer: "https://www.baidu.com/s?wd=%D3%AD%BF%CD&ie=gbk", language: "zh-CN" });
    v.send({ type: "send", cid: "smoke-1", body: "你好" });
    expect((await v.next((f) => f.type === "ack", "ack")).seq).toBe(1);
    let row: any;
    for (let i = 0; i < 100 && !row; i++) {
      const list = await (await b.get(`/api/sites/${siteId}/visitors`, { accept: "application/json" })).json();
      row = list.visitors?.[0];
      if (!row) await Bun.sleep(20);
    }
    expect(row).toMatchObject({ region: "内网 LAN", searchKeyword: "迎客", status: "waiting", lastMessage: "你好" });
    v.close();
  });

  it("backup works while serving; restore is refused while serving", async () => {
    const b = await run(["backup", join(work, "backup.db"), "--data", data]);
    expect(b.code).toBe(0);
    expect(existsSync(join(work, "backup.db"))).toBe(true);
    const r = await run(["restore", join(work, "backup.db"), "--data", data]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/stop it/i);
    expect(r.stderr).toContain(String(server!.pid));
  });

  it("SIGTERM stops the server cleanly within the shutdown timeout and removes the pid file", async () => {
    expect(existsSync(join(data, "yingke.pid"))).toBe(true);
    server!.kill("SIGTERM");
    // The server exits 1 by itself if shutdown overruns its timeout, so 0 means it finished in time.
    const code = await waitForExit(server!, (SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000);
    expect(code).toBe(0);
    await Promise.all([logs.done, errs.done]);
    expect(logs.text).toContain("stopped");
    expect(existsSync(join(data, "yingke.pid"))).toBe(false);
  }, 20_000);

  it("after the server stopped: doctor passes, migrate has nothing to do, restore works", async () => {
    const d = await run(["doctor", "--data", data]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain("all checks passed");
    const m = await run(["migrate", "--data", data]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain("up to date");
    const r = await run(["restore", join(work, "backup.db"), "--data", data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("restored");
    const again = await run(["doctor", "--data", data]);
    expect(again.code).toBe(0);
  }, 20_000);
});
