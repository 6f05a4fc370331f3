import { describe, expect, it } from "bun:test";
import { createTestApp, STRONG_PASSWORD, type TestApp, type TestBrowser } from "./harness.ts";

/** Enrols the signed-in browser's agent through the pages, as a person would. */
async function enrol(t: TestApp, b: TestBrowser) {
  const page = await b.get("/account/totp");
  expect(page.status).toBe(200);
  const secret = /<code class="secret">([A-Z2-7]+)<\/code>/.exec(b.lastHtml)![1];
  expect(b.lastHtml).toContain('src="data:image/png;base64,'); // QR drawn locally, no external service
  const res = await b.post("/account/totp", { code: t.totpNow(secret) });
  expect(res.status).toBe(200);
  const codes = [...b.lastHtml.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]);
  return { secret, codes };
}

async function startLogin(t: TestApp, username = "alice") {
  const b = t.browser();
  await b.get("/login");
  const res = await b.post("/login", { username, password: STRONG_PASSWORD });
  return { b, res };
}

describe("TOTP", () => {
  it("enrols with a QR code and 10 recovery codes, then asks for a code at sign-in", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    const { secret, codes } = await enrol(t, b);
    expect(codes.length).toBe(10);
    expect(new Set(codes).size).toBe(10);
    t.clock.advance(60_000);

    const { b: b2, res } = await startLogin(t);
    expect(res.headers.get("location")).toStartWith("/login/totp");
    // Half signed in: nothing else is reachable yet.
    expect((await b2.get("/admin")).headers.get("location")).toBe("/login/totp");
    expect((await b2.get("/api/me", { accept: "application/json" })).status).toBe(403);
    const pendingCookie = b2.cookies.get("yk_session");
    await b2.get("/login/totp");
    const done = await b2.post("/login/totp", { code: t.totpNow(secret) });
    expect(done.headers.get("location")).toBe("/console");
    expect(b2.cookies.get("yk_session")).not.toBe(pendingCookie); // new session id after the second factor
    expect((await b2.get("/api/me", { accept: "application/json" })).status).toBe(200);
    const actions = t.services.audit.list({ limit: 20, offset: 0 }).rows.map((r) => r.action);
    expect(actions).toContain("auth.totp_enrol");
  });

  it("refuses a code that was already accepted once", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    const { secret } = await enrol(t, b);
    t.clock.advance(60_000);
    const code = t.totpNow(secret);
    const first = await startLogin(t);
    await first.b.get("/login/totp");
    expect((await first.b.post("/login/totp", { code })).headers.get("location")).toBe("/console");

    const second = await startLogin(t);
    await second.b.get("/login/totp");
    const replay = await second.b.post("/login/totp", { code });
    expect(replay.status).toBe(401);
    expect(second.b.lastHtml).toContain("已使用");
    // An older code within the drift window is refused too: steps only move forward.
    expect((await second.b.post("/login/totp", { code: t.totpNow(secret, -1) })).status).toBe(401);
  });

  it("accepts one step of clock drift", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    const { secret } = await enrol(t, b);
    t.clock.advance(120_000);
    const { b: b2 } = await startLogin(t);
    await b2.get("/login/totp");
    expect((await b2.post("/login/totp", { code: t.totpNow(secret, 1) })).headers.get("location")).toBe("/console");
  });

  it("accepts each recovery code once", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    const { codes } = await enrol(t, b);
    const first = await startLogin(t);
    await first.b.get("/login/totp");
    expect((await first.b.post("/login/totp", { code: codes[3].toUpperCase() })).headers.get("location")).toBe("/console");
    const again = await startLogin(t);
    await again.b.get("/login/totp");
    expect((await again.b.post("/login/totp", { code: codes[3] })).status).toBe(401);
  });

  it("keeps the secret out of the database, responses and logs after enrolment", async () => {
    const t = createTestApp();
    const alice = await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    const { secret } = await enrol(t, b);
    const row = t.db.query("SELECT totp_secret_enc FROM agents WHERE id = ?").get(alice.id) as { totp_secret_enc: string };
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(row.totp_secret_enc.startsWith("v1.")).toBe(true);
    for (const path of ["/account", "/account/totp", "/console"]) {
      const res = await b.get(path);
      expect(await res.text()).not.toContain(secret);
    }
    const me = await b.get("/api/me", { accept: "application/json" });
    expect(await me.text()).not.toContain(secret);
    const audit = JSON.stringify(t.services.audit.list({ limit: 50, offset: 0 }).rows);
    expect(audit).not.toContain(secret);
  });

  it("counts wrong codes toward the lockout", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    await enrol(t, b);
    t.clock.advance(1000);
    const { b: b2 } = await startLogin(t);
    await b2.get("/login/totp");
    for (let i = 0; i < 5; i++) await b2.post("/login/totp", { code: "000000" });
    const after = await b2.post("/login/totp", { code: "000000" });
    expect(after.status).toBe(401);
    const actions = t.services.audit.list({ limit: 20, offset: 0 }).rows.map((r) => r.action);
    expect(actions).toContain("auth.lockout");
  });

  it("forces enrolment at the next sign-in when the organisation requires TOTP", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    t.services.settings.updateSecurity({ require_totp: "on" }, { id: null, name: "test" });
    const b = t.browser();
    const res = await b.signIn("alice");
    expect(res.headers.get("location")).toBe("/console");
    expect((await b.get("/console")).headers.get("location")).toBe("/account/totp");
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(403);
    await enrol(t, b);
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(200);
  });

  it("an administrator's reset removes TOTP and ends the agent's sessions", async () => {
    const t = createTestApp();
    const alice = await t.createAgent("alice");
    const b = t.browser();
    await b.signIn("alice");
    await enrol(t, b);
    t.services.auth.totp.reset(alice.id, { id: null, name: "test" });
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(401);
    const again = await t.browser().signIn("alice");
    expect(again.headers.get("location")).toBe("/console");
    expect(t.services.audit.list({ limit: 20, offset: 0 }).rows.map((r) => r.action)).toContain("auth.totp_reset");
  });
});
