import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "../src/platform/config.ts";
import { manualClock } from "../src/platform/clock.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox } from "../src/platform/secretbox.ts";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";
import { createServices, type Services } from "../src/services.ts";
import { createApp } from "../src/app.ts";
import { startServer, type RunningServer } from "../src/http/server.ts";
import { totpCode, stepAt } from "../src/auth/totp.ts";

export const ORIGIN = "http://localhost";

// Every test app's data folder is removed when the test process ends.
const createdDirs: string[] = [];
process.on("exit", () => {
  for (const d of createdDirs) rmSync(d, { recursive: true, force: true });
});
export const STRONG_PASSWORD = "Correct-Horse-42";

/**
 * A fresh app over a fresh SQLite file, wired exactly as in production, with a clock the test
 * moves and a settable socket peer address (requests through app.handle have no socket).
 */
export function createTestApp(opts: { config?: (c: Config) => void; realSocketPeer?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "yingke-test-"));
  createdDirs.push(dir);
  const config = loadConfig({ flags: { data: dir } });
  opts.config?.(config);
  const db = openDatabase(join(dir, "yingke.db"));
  migrate(db);
  const clock = manualClock(Date.now());
  const services = createServices({ config, db, clock, logger: silentLogger(), secretBox: createSecretBox(randomBytes(32)) });
  const peer = { ip: "127.0.0.1" };
  const app = createApp(services, opts.realSocketPeer ? {} : { peerAddress: () => peer.ip });
  return {
    dir, config, db, clock, services, app, peer,
    /** Listens on an ephemeral loopback port, with the production server (WebSockets included). */
    listen(): RunningServer & { base: string } {
      const running = startServer(app, { port: 0, hostname: "127.0.0.1" });
      return Object.assign(running, { base: `http://127.0.0.1:${running.port}` });
    },
    browser: () => new TestBrowser(app),
    async createAgent(username: string, role = "agent", extra: { password?: string; allowed_ips?: string; must_change_password?: boolean } = {}) {
      return services.agents.create(
        { username, display_name: `${username} name`, role_id: role, password: extra.password ?? STRONG_PASSWORD, allowed_ips: extra.allowed_ips, must_change_password: extra.must_change_password ?? false },
        { id: null, name: "test" },
      );
    },
    /** The code an authenticator app would show now for this agent. */
    totpNow(secret: string, offsetSteps = 0) {
      return totpCode(secret, stepAt(clock.now()) + offsetSteps);
    },
  };
}
export type TestApp = ReturnType<typeof createTestApp>;

/** A cookie-keeping client that behaves like a browser posting same-origin forms. */
export class TestBrowser {
  cookies = new Map<string, string>();
  lastHtml = "";
  constructor(private app: { handle(r: Request): Promise<Response> }, private origin = ORIGIN) {}

  private store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i);
      const value = decodeURIComponent(pair.slice(i + 1));
      if (attrs.some((a) => a.trim().toLowerCase() === "max-age=0")) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  }

  async request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { host: new URL(this.origin).host, accept: "text/html", cookie: this.cookieHeader(), ...(init.headers ?? {}) };
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    if (method !== "GET" && !("origin" in headers)) headers.origin = this.origin;
    const res = await this.app.handle(new Request(this.origin + path, { method, headers, body }));
    this.store(res);
    if ((res.headers.get("content-type") ?? "").includes("text/html")) this.lastHtml = await res.clone().text();
    return res;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, { headers });
  }

  /** The CSRF token the last page carried (hidden _csrf field). */
  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!m) throw new Error("no _csrf field on the last page");
    return m[1];
  }

  /** Posts a form the way the last page would have: with its CSRF token and same Origin. */
  post(path: string, form: Record<string, string> = {}, headers?: Record<string, string>) {
    return this.request("POST", path, { form: { _csrf: this.csrf(), ...form }, headers });
  }

  async signIn(username: string, password = STRONG_PASSWORD, totp?: () => string) {
    await this.get("/login");
    let res = await this.post("/login", { username, password });
    if (res.headers.get("location")?.startsWith("/login/totp")) {
      await this.get(res.headers.get("location")!);
      res = await this.post("/login/totp", { code: totp ? totp() : "" });
    }
    return res;
  }
}

/** The same browser over a real socket to a listening server. */
export function socketBrowser(base: string) {
  return new TestBrowser({ handle: (r) => fetch(r, { redirect: "manual" }) }, base);
}

/** Opens a WebSocket and resolves on the server's `connected` frame, or rejects with the close code. */
export function openSocket(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket; frames: any[]; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers } as any);
    const frames: any[] = [];
    let resolveClosed: (v: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));
    ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data));
      frames.push(frame);
      if (frame.type === "connected") resolve({ ws, frames, closed });
    };
    ws.onclose = (e) => {
      resolveClosed({ code: e.code, reason: e.reason });
      reject(new Error(`closed ${e.code} ${e.reason}`));
    };
    ws.onerror = () => {};
  });
}
