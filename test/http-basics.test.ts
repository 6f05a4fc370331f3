import { describe, expect, it } from "bun:test";
import { Elysia } from "elysia";
import { createTestApp, ORIGIN } from "./harness.ts";
import { errorMapper } from "../src/http/errors.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { invalid } from "../src/platform/errors.ts";
import { VERSION } from "../src/platform/version.ts";

const get = (t: ReturnType<typeof createTestApp>, path: string, accept = "application/json") =>
  t.app.handle(new Request(ORIGIN + path, { headers: { accept, host: "localhost" } }));

describe("HTTP basics", () => {
  it("reports health with version, uptime and database state", async () => {
    const t = createTestApp();
    t.clock.advance(5_000);
    const res = await get(t, "/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", version: VERSION, uptimeSeconds: 5, database: "ok" });
    t.db.close();
    const down = await get(t, "/healthz");
    expect(down.status).toBe(503);
    expect((await down.json()).database).toBe("error");
  });

  it("puts the security headers on pages, API answers and errors alike", async () => {
    const t = createTestApp();
    for (const [path, accept] of [["/login", "text/html"], ["/healthz", "application/json"], ["/nope", "text/html"], ["/api/me", "application/json"]]) {
      const res = await get(t, path, accept);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBeTruthy();
      expect(res.headers.get("strict-transport-security")).toBeNull(); // plain HTTP here
    }
  });

  it("answers unknown API paths with the JSON error shape and pages with a friendly page", async () => {
    const t = createTestApp();
    const api = await get(t, "/api/nothing-here");
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    const page = await get(t, "/nothing-here", "text/html");
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("返回首页");
  });

  it("maps a domain error to status, code, message and field", async () => {
    const app = new Elysia().use(errorMapper(silentLogger())).get("/api/x", () => {
      throw invalid("邮箱格式不正确 / not a valid email address", "email");
    });
    const res = await app.handle(new Request("http://localhost/api/x"));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "invalid", message: "邮箱格式不正确 / not a valid email address", field: "email" } });
  });

  it("never shows a stack trace or internal message to a client", async () => {
    const app = new Elysia().use(errorMapper(silentLogger())).get("/api/boom", () => {
      throw new Error("SQLITE_CORRUPT at /srv/secret/path.ts:42");
    }).get("/boom", () => {
      throw new Error("SQLITE_CORRUPT at /srv/secret/path.ts:42");
    });
    const api = await app.handle(new Request("http://localhost/api/boom"));
    expect(api.status).toBe(500);
    const text = await api.text();
    expect(text).not.toContain("SQLITE_CORRUPT");
    expect(text).not.toContain("path.ts");
    const page = await app.handle(new Request("http://localhost/boom", { headers: { accept: "text/html" } }));
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).not.toContain("SQLITE_CORRUPT");
    expect(html).toContain("500");
  });

  it("answers a malformed JSON body with 400, not 500", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    await b.get("/account");
    const res = await t.app.handle(new Request(ORIGIN + "/logout", {
      method: "POST",
      headers: { host: "localhost", origin: ORIGIN, cookie: b.cookieHeader(), "content-type": "application/json", accept: "application/json" },
      body: "{not json",
    }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
  });
});
