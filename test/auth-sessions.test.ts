import { describe, expect, it } from "bun:test";
import { createTestApp, STRONG_PASSWORD, ORIGIN } from "./harness.ts";
import { sha256Hex } from "../src/platform/ids.ts";

const MINUTE = 60_000;
const admin = { id: null, name: "test" };

describe("sessions", () => {
  it("uses an HttpOnly SameSite=Strict cookie holding a token stored only as a hash", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.get("/login");
    const res = await b.post("/login", { username: "alice", password: STRONG_PASSWORD });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("yk_session="))!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
    const token = b.cookies.get("yk_session")!;
    const rows = t.db.query("SELECT token_hash FROM sessions").all() as { token_hash: string }[];
    expect(rows.map((r) => r.token_hash)).toEqual([sha256Hex(token)]);
  });

  it("under HTTPS uses the __Host- prefix, Secure, and sends HSTS", async () => {
    const t = createTestApp({ config: (c) => { c.tls.cert = "/cert.pem"; c.tls.key = "/key.pem"; } });
    await t.createAgent("alice");
    const b = t.browser();
    const page = await b.get("/login");
    expect(page.headers.get("strict-transport-security")).toContain("max-age=");
    const res = await b.post("/login", { username: "alice", password: STRONG_PASSWORD });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-yk_session="))!;
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("HttpOnly");
  });

  it("behind a TLS-terminating proxy (server.external_https) marks cookies Secure and sends HSTS", async () => {
    const t = createTestApp({ config: (c) => { c.server.external_https = true; } });
    await t.createAgent("alice");
    const b = t.browser();
    const page = await b.get("/login");
    expect(page.headers.get("strict-transport-security")).toContain("max-age=");
    const res = await b.post("/login", { username: "alice", password: STRONG_PASSWORD });
    expect(res.headers.getSetCookie().find((c) => c.startsWith("__Host-yk_session="))).toContain("Secure");
  });

  it("issues a new session id at sign-in, ignoring one planted beforehand", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    b.cookies.set("yk_session", "planted-by-attacker");
    await b.signIn("alice");
    expect(b.cookies.get("yk_session")).not.toBe("planted-by-attacker");
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(200);
  });

  it("expires after 30 idle minutes", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    t.clock.advance(29 * MINUTE);
    expect((await b.get("/admin")).status).toBe(200);
    t.clock.advance(31 * MINUTE);
    const res = await b.get("/admin");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fadmin");
  });

  it("expires after 12 hours however active the agent is", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    for (let h = 0; h < 11 * 3; h++) {
      t.clock.advance(20 * MINUTE);
      expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(200);
    }
    t.clock.advance(61 * MINUTE);
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(401);
  });

  it("applies shorter limits set by an administrator at once", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    t.services.settings.updateSecurity({ session_idle_minutes: "10" }, admin);
    t.clock.advance(11 * MINUTE);
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(401);
  });

  it("logout ends every session of the agent", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const [b1, b2] = [t.browser(), t.browser()];
    await b1.signIn("alice");
    await b2.signIn("alice");
    await b1.get("/account");
    const out = await b1.post("/logout");
    expect(out.headers.get("location")).toBe("/login");
    expect((await b2.get("/api/me", { accept: "application/json" })).status).toBe(401);
    expect((await b1.get("/api/me", { accept: "application/json" })).status).toBe(401);
  });

  it("a password change ends the other sessions and keeps the current browser signed in", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const [b1, b2] = [t.browser(), t.browser()];
    await b1.signIn("alice");
    await b2.signIn("alice");
    await b1.get("/account/password");
    const res = await b1.post("/account/password", { current_password: STRONG_PASSWORD, password: "Another-Strong-7", confirm: "Another-Strong-7" });
    expect(res.status).toBe(303);
    expect((await b2.get("/api/me", { accept: "application/json" })).status).toBe(401);
    expect((await b1.get("/api/me", { accept: "application/json" })).status).toBe(200);
  });

  it("disabling an agent ends their sessions at once", async () => {
    const t = createTestApp();
    const alice = await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    t.services.agents.setDisabled(alice.id, true, admin);
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(401);
    expect(t.db.query("SELECT count(*) AS n FROM sessions WHERE agent_id = ?").get(alice.id)).toEqual({ n: 0 });
  });
});

describe("CSRF", () => {
  it("refuses a state change without the token, with a foreign Origin, or with no Origin", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    await b.get("/account/password");
    const token = b.csrf();
    const form = { current_password: STRONG_PASSWORD, password: "Another-Strong-7", confirm: "Another-Strong-7" };
    const noToken = await b.request("POST", "/account/password", { form });
    expect(noToken.status).toBe(403);
    const foreign = await b.request("POST", "/account/password", { form: { ...form, _csrf: token }, headers: { origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
    const noOrigin = await t.app.handle(new Request(ORIGIN + "/account/password", {
      method: "POST",
      headers: { host: "localhost", cookie: b.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form, _csrf: token }).toString(),
    }));
    expect(noOrigin.status).toBe(403);
    // Nothing changed: the old password still works.
    expect((await t.browser().signIn("alice")).headers.get("location")).toBe("/console");
  });

  it("refuses a sign-in post without the form's double-submit token", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    const res = await b.request("POST", "/login", { form: { username: "alice", password: STRONG_PASSWORD, _csrf: "x".repeat(32) } });
    expect(res.status).toBe(403);
    expect(b.cookies.has("yk_session")).toBe(false);
  });

  it("never changes state on GET: sign-out is POST only", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    expect((await b.get("/logout")).status).toBe(404);
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(200);
  });
});

describe("login IP allowlist", () => {
  it("enforces the organisation list at sign-in and on every request", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    t.services.settings.updateSecurity({ org_allowed_ips: "10.8.0.0/16" }, admin);
    t.peer.ip = "10.9.0.1";
    const refused = await t.browser().signIn("alice");
    expect(refused.status).toBe(403);
    t.peer.ip = "10.8.3.4";
    const b = t.browser();
    expect((await b.signIn("alice")).headers.get("location")).toBe("/console");
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(200);
    t.peer.ip = "10.9.0.1"; // same cookie, other network
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(401);
    const reasons = t.services.auth.listLoginLog({ limit: 10, offset: 0 }).rows.map((r) => r.reason);
    expect(reasons).toContain("ip_not_allowed");
  });

  it("enforces the agent's own list on top of the organisation's", async () => {
    const t = createTestApp();
    await t.createAgent("alice", "agent", { allowed_ips: "192.0.2.0/28" });
    t.peer.ip = "192.0.2.100";
    expect((await t.browser().signIn("alice")).status).toBe(403);
    t.peer.ip = "192.0.2.3";
    expect((await t.browser().signIn("alice")).headers.get("location")).toBe("/console");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    t.services.settings.updateSecurity({ org_allowed_ips: "10.8.0.0/16" }, admin);
    t.peer.ip = "203.0.113.5";
    const b = t.browser();
    await b.get("/login");
    const res = await b.post("/login", { username: "alice", password: STRONG_PASSWORD }, { "x-forwarded-for": "10.8.0.1" });
    expect(res.status).toBe(403);
  });

  it("believes the right-most untrusted hop when the peer is a trusted proxy", async () => {
    const t = createTestApp({ config: (c) => { c.server.trusted_proxies = ["172.16.0.1"]; } });
    await t.createAgent("alice");
    t.services.settings.updateSecurity({ org_allowed_ips: "10.8.0.0/16" }, admin);
    t.peer.ip = "172.16.0.1";
    const b = t.browser();
    await b.get("/login", { "x-forwarded-for": "10.8.0.1" });
    // The client forged the left entry; the proxy appended the real address.
    const forged = await b.post("/login", { username: "alice", password: STRONG_PASSWORD }, { "x-forwarded-for": "10.8.0.1, 203.0.113.5" });
    expect(forged.status).toBe(403);
    const real = await b.post("/login", { username: "alice", password: STRONG_PASSWORD }, { "x-forwarded-for": "203.0.113.5, 10.8.0.1" });
    expect(real.headers.get("location")).toBe("/console");
  });
});
