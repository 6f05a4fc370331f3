import { describe, expect, it } from "bun:test";
import { createTestApp, STRONG_PASSWORD } from "./harness.ts";

const MINUTE = 60_000;

async function failLogin(t: ReturnType<typeof createTestApp>, username: string, password = "wrong-Password-1") {
  const b = t.browser();
  await b.get("/login");
  return { res: await b.post("/login", { username, password }), b };
}

describe("sign-in", () => {
  it("answers an unknown user exactly like a wrong password", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const unknown = await failLogin(t, "nobody");
    const wrong = await failLogin(t, "alice");
    expect(unknown.res.status).toBe(wrong.res.status);
    const msg = (html: string) => /<p class="alert" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    expect(msg(unknown.b.lastHtml)).toBeTruthy();
    expect(msg(unknown.b.lastHtml)).toBe(msg(wrong.b.lastHtml));
    const log = t.services.auth.listLoginLog({ limit: 10, offset: 0 }).rows;
    expect(log.map((r) => r.reason).sort()).toEqual(["bad_password", "unknown_user"]);
  });

  it("locks the account after 5 wrong passwords in 15 minutes, then frees it", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    for (let i = 0; i < 5; i++) await failLogin(t, "alice");
    // The right password is refused while locked, with the same generic answer.
    const locked = await failLogin(t, "alice", STRONG_PASSWORD);
    expect(locked.res.status).toBe(401);
    const audit = t.services.audit.list({ limit: 50, offset: 0 }).rows.map((r) => r.action);
    expect(audit).toContain("auth.lockout");
    t.clock.advance(16 * MINUTE);
    const ok = await t.browser().signIn("alice");
    expect(ok.headers.get("location")).toBe("/console");
  });

  it("lets an administrator unlock a locked account", async () => {
    const t = createTestApp();
    const alice = await t.createAgent("alice");
    for (let i = 0; i < 5; i++) await failLogin(t, "alice");
    expect((await failLogin(t, "alice", STRONG_PASSWORD)).res.status).toBe(401);
    t.services.agents.unlock(alice.id, { id: null, name: "test" });
    expect((await t.browser().signIn("alice")).headers.get("location")).toBe("/console");
  });

  it("does not lock for failures spread beyond the window", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    for (let i = 0; i < 8; i++) {
      await failLogin(t, "alice");
      t.clock.advance(4 * MINUTE);
    }
    expect((await t.browser().signIn("alice")).headers.get("location")).toBe("/console");
  });

  it("throttles one address guessing across many usernames, not other addresses", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    t.services.settings.updateSecurity({ ip_failure_limit: "6" }, { id: null, name: "test" });
    t.peer.ip = "198.51.100.10";
    for (let i = 0; i < 6; i++) await failLogin(t, `user${i}`);
    const blocked = await failLogin(t, "alice", STRONG_PASSWORD);
    expect(blocked.res.status).toBe(429);
    t.peer.ip = "198.51.100.11";
    expect((await t.browser().signIn("alice")).headers.get("location")).toBe("/console");
  });

  it("logs every attempt with time, username, IP, user agent, result and reason", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    t.peer.ip = "192.0.2.44";
    await failLogin(t, "alice");
    const b = t.browser();
    await b.signIn("alice");
    await b.get("/account");
    await b.post("/logout");
    const rows = t.services.auth.listLoginLog({ limit: 10, offset: 0 }).rows.reverse();
    expect(rows.map((r) => [r.username, r.ip, r.result, r.reason])).toEqual([
      ["alice", "192.0.2.44", "failure", "bad_password"],
      ["alice", "192.0.2.44", "success", "password"],
      ["alice", "192.0.2.44", "logout", "user"],
    ]);
    expect(rows.every((r) => r.at > 0)).toBe(true);
  });

  it("refuses a disabled account even with the right password", async () => {
    const t = createTestApp();
    const alice = await t.createAgent("alice");
    t.services.agents.setDisabled(alice.id, true, { id: null, name: "test" });
    const r = await failLogin(t, "alice", STRONG_PASSWORD);
    expect(r.res.status).toBe(403);
    expect(r.b.lastHtml).toContain("停用");
  });

  it("sends a redirect target only to this site", async () => {
    const t = createTestApp();
    await t.createAgent("alice");
    const b = t.browser();
    await b.get("/login?next=//evil.example/x");
    const res = await b.post("/login", { username: "alice", password: STRONG_PASSWORD, next: "//evil.example/x" });
    expect(res.headers.get("location")).toBe("/console");
    await b.get("/login?next=/admin");
    const ok = await t.browser().signIn("alice");
    expect(ok.status).toBe(303);
  });
});

describe("initial administrator", () => {
  it("must change the one-time password, which deletes the password file", async () => {
    const { bootstrapAdmin } = await import("../src/cli/bootstrap.ts");
    const { dataPaths } = await import("../src/cli/data-folder.ts");
    const { readFileSync, statSync, existsSync } = await import("node:fs");
    const t = createTestApp();
    const paths = dataPaths(t.dir);
    const file = await bootstrapAdmin(t.services, paths);
    expect(file).toBe(paths.initialPassword);
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    const password = /password: (\S+)/.exec(readFileSync(file!, "utf8"))![1];
    expect(await bootstrapAdmin(t.services, paths)).toBeNull(); // only on an empty installation

    const b = t.browser();
    const res = await b.signIn("admin", password);
    expect(res.headers.get("location")).toBe("/console");
    const forced = await b.get("/admin");
    expect(forced.headers.get("location")).toBe("/account/password");
    await b.get("/account/password");
    const changed = await b.post("/account/password", { current_password: password, password: "Fresh-Secure-Pass-9", confirm: "Fresh-Secure-Pass-9" });
    expect(changed.status).toBe(303);
    expect(existsSync(file!)).toBe(false);
    expect((await b.get("/admin")).status).toBe(200);
  });

  it("re-renders the form with the field error when the new password breaks the policy", async () => {
    const t = createTestApp();
    await t.createAgent("bob", "agent", { must_change_password: true });
    const b = t.browser();
    await b.signIn("bob");
    await b.get("/account/password");
    const res = await b.post("/account/password", { current_password: STRONG_PASSWORD, password: "short", confirm: "short" });
    expect(res.status).toBe(422);
    expect(b.lastHtml).toContain('name="password" type="password" autocomplete="new-password" required maxlength="256" aria-invalid="true"');
    expect((await b.get("/api/me", { accept: "application/json" })).status).toBe(403);
  });
});
