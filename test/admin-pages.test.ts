import { describe, expect, it } from "bun:test";
import { createTestApp, STRONG_PASSWORD, type TestApp, type TestBrowser } from "./harness.ts";
import { newTotpSecret } from "../src/auth/totp.ts";

/** Admin shell: agents pages, security policy form and access by role, driven like a browser. */
async function signedIn(t: TestApp, username: string, role: string) {
  const agent = await t.createAgent(username, role);
  const b = t.browser();
  const res = await b.signIn(username);
  expect(res.status).toBe(303);
  return { agent, b };
}

const auditActions = (t: TestApp) => (t.db.query("SELECT action, detail FROM audit_log ORDER BY id").all() as { action: string; detail: string }[]);
const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(page);

function newAgentForm(extra: Record<string, string> = {}) {
  return { username: "carol", display_name: "Carol Chen", email: "carol@example.cn", role_id: "agent", allowed_ips: "", password: "Welcome-2026-Yk", ...extra };
}

describe("admin: agents", () => {
  it("creates an agent via the form; the new agent must change the password at first sign-in", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/agents/new");
    const res = await b.post("/admin/agents", newAgentForm());
    expect(res.status).toBe(303);
    const carol = t.services.agents.byUsername("carol")!;
    expect(res.headers.get("location")).toBe(`/admin/agents/${carol.id}?done=created`);
    expect(carol.must_change_password).toBe(1);
    expect(carol.display_name).toBe("Carol Chen");

    const list = await (await b.get("/admin/agents")).text();
    expect(list).toContain(`href="/admin/agents/${carol.id}">carol</a>`);
    expect(list).toContain("Carol Chen");

    const c = t.browser();
    expect((await c.signIn("carol", "Welcome-2026-Yk")).status).toBe(303);
    const next = await c.get("/admin");
    expect(next.status).toBe(303);
    expect(next.headers.get("location")).toBe("/account/password");
    expect(auditActions(t).some((a) => a.action === "agent.create")).toBe(true);
  });

  it("re-renders the form with 422, the message at the field and the entered values kept", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/agents/new");
    let res = await b.post("/admin/agents", newAgentForm({ username: "x", display_name: "Keep Me Please" }));
    expect(res.status).toBe(422);
    expect(res.headers.get("hx-push-url")).toBe("false");
    let page = await res.text();
    expect(invalidField(page, "username")).toBe(true);
    expect(page).toContain('id="err-username"');
    expect(page).toContain("用户名为 2–32 位");
    expect(page).toContain('value="Keep Me Please"');
    expect(page).not.toContain("Welcome-2026-Yk"); // the password is never echoed
    expect(t.services.agents.byUsername("x")).toBeNull();
    // htmx 2 swaps no 4xx by default: the page's config must let the 422 re-render in.
    const meta = /<meta name="htmx-config" content="([^"]+)">/.exec(page)![1].replace(/&quot;/g, '"').replace(/&#123;/g, "{").replace(/&#125;/g, "}");
    const rules = JSON.parse(meta).responseHandling as { code: string; swap: boolean }[];
    const first422 = rules.find((r) => new RegExp(r.code).test("422"))!;
    expect(first422.swap).toBe(true);
    expect(JSON.parse(meta).historyCacheSize).toBe(0);

    res = await b.post("/admin/agents", newAgentForm({ allowed_ips: "10.0.0.0/8\n300.1.1.1" }));
    expect(res.status).toBe(422);
    page = await res.text();
    expect(invalidField(page, "allowed_ips")).toBe(true);
    expect(page).toContain("&quot;300.1.1.1&quot; 不是有效的 IP");
    expect(page).toContain("10.0.0.0/8\n300.1.1.1</textarea>");

    res = await b.post("/admin/agents", newAgentForm({ password: "short" }));
    expect(res.status).toBe(422);
    expect(invalidField(await res.text(), "password")).toBe(true);

    await t.createAgent("dave");
    res = await b.post("/admin/agents", newAgentForm({ username: "dave" }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("用户名已存在");
  });

  it("edits the role, with an audit entry", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const bob = await t.createAgent("bob");
    await b.get(`/admin/agents/${bob.id}`);
    const res = await b.post(`/admin/agents/${bob.id}`, { display_name: "Bob B", email: "", role_id: "supervisor", allowed_ips: "192.168.1.0/24" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/agents/${bob.id}?done=saved`);
    const after = t.services.agents.get(bob.id)!;
    expect(after.role_id).toBe("supervisor");
    expect(after.allowed_ips).toBe("192.168.1.0/24");
    expect(auditActions(t).some((a) => a.action === "agent.role_change")).toBe(true);
    const page = await (await b.get(res.headers.get("location")!)).text();
    expect(page).toContain("已保存");
    expect(page).toMatch(/<option value="supervisor" selected>/);

    const bad = await b.post(`/admin/agents/${bob.id}`, { display_name: "", email: "", role_id: "nope", allowed_ips: "" });
    expect(bad.status).toBe(422);
    expect(invalidField(await bad.text(), "display_name")).toBe(true);
  });

  it("disabling ends the agent's sessions; enabling lets them back; nobody disables themselves", async () => {
    const t = createTestApp();
    const { agent: root, b } = await signedIn(t, "root", "admin");
    const { agent: bob, b: bobBrowser } = await signedIn(t, "bob", "agent");
    expect((await bobBrowser.get("/api/me", { accept: "application/json" })).status).toBe(200);

    await b.get(`/admin/agents/${bob.id}`);
    const res = await b.post(`/admin/agents/${bob.id}/disable`);
    expect(res.status).toBe(303);
    expect((await bobBrowser.get("/api/me", { accept: "application/json" })).status).toBe(401);
    expect((await t.browser().signIn("bob")).status).toBe(403);
    expect(await (await b.get("/admin/agents")).text()).toContain("已停用");

    expect((await b.post(`/admin/agents/${bob.id}/enable`)).status).toBe(303);
    expect((await t.browser().signIn("bob")).status).toBe(303);

    const self = await b.post(`/admin/agents/${root.id}/disable`);
    expect(self.status).toBe(422);
    expect(await self.text()).toContain("不能停用自己的账号");
    expect(t.services.agents.get(root.id)!.disabled).toBe(0);
  });

  it("reset password shows a working temporary password once, never in a URL", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const { agent: bob, b: bobBrowser } = await signedIn(t, "bob", "agent");
    await b.get(`/admin/agents/${bob.id}`);
    const res = await b.post(`/admin/agents/${bob.id}/reset-password`);
    expect(res.status).toBe(200);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("hx-push-url")).toBe("false");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = await res.text();
    expect(page).toContain('hx-history="false"');
    const temp = /<code id="temp-password">([^<]+)<\/code>/.exec(page)![1];
    expect(temp.length).toBeGreaterThan(12);
    expect(JSON.stringify(auditActions(t))).not.toContain(temp);

    expect((await bobBrowser.get("/api/me", { accept: "application/json" })).status).toBe(401);
    expect((await t.browser().signIn("bob", STRONG_PASSWORD)).status).toBe(401);
    const fresh = t.browser();
    expect((await fresh.signIn("bob", temp)).status).toBe(303);
    expect((await fresh.get("/console")).headers.get("location")).toBe("/account/password");
  });

  it("resets TOTP and unlocks a locked agent", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const bob = await t.createAgent("bob");
    t.services.agents.credentials.setTotp(bob.id, t.services.secretBox.seal(newTotpSecret()), true, 0, t.clock.now());
    t.services.agents.credentials.lock(bob.id, t.clock.now() + 600_000);
    let page = await (await b.get(`/admin/agents/${bob.id}`)).text();
    expect(page).toContain("已锁定");
    expect(page).toContain(`action="/admin/agents/${bob.id}/unlock"`);
    expect(page).toContain(`action="/admin/agents/${bob.id}/reset-totp"`);

    expect((await b.post(`/admin/agents/${bob.id}/reset-totp`)).status).toBe(303);
    expect(t.services.agents.get(bob.id)!.totp_enabled).toBe(0);
    expect((await b.post(`/admin/agents/${bob.id}/unlock`)).status).toBe(303);
    expect(t.services.agents.get(bob.id)!.locked_until).toBe(0);
    page = await (await b.get(`/admin/agents/${bob.id}?done=unlocked`)).text();
    expect(page).toContain("已解除锁定");
    expect(page).not.toContain(`/admin/agents/${bob.id}/unlock`);
    expect((await b.get("/admin/agents/999")).status).toBe(404);
  });
});

function securityForm(extra: Record<string, string> = {}) {
  return {
    org_allowed_ips: "", password_profile: "standard", password_min_length: "10", password_min_classes: "3", password_history: "3", password_max_age_days: "0",
    lockout_threshold: "5", lockout_window_minutes: "15", lockout_minutes: "15", ip_failure_limit: "30", session_idle_minutes: "30", session_absolute_hours: "12",
    ...extra,
  };
}

describe("admin: security policy", () => {
  it("saves, is audited and the auditor sees the entry", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/security");
    const res = await b.post("/admin/security", securityForm({ password_profile: "custom", password_min_length: "14", lockout_threshold: "7", org_allowed_ips: "127.0.0.0/8, 10.0.0.0/8" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/security?done=saved");
    const s = t.services.settings.security();
    expect([s.password_profile, s.password_min_length, s.lockout_threshold]).toEqual(["custom", 14, 7]);
    expect(s.org_allowed_ips).toBe("127.0.0.0/8\n10.0.0.0/8");

    const { b: auditor } = await signedIn(t, "audrey", "auditor");
    const audit = await (await auditor.get("/admin/audit?action=settings.")).text();
    expect(audit).toContain("settings.security.update");
    expect(audit).toContain("lockout_threshold");
  });

  it("refuses an invalid CIDR or number with a field error and keeps the settings", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/security");
    let res = await b.post("/admin/security", securityForm({ org_allowed_ips: "127.0.0.1\n10.0.0.0/33" }));
    expect(res.status).toBe(422);
    let page = await res.text();
    expect(invalidField(page, "org_allowed_ips")).toBe(true);
    expect(page).toContain("&quot;10.0.0.0/33&quot;");
    expect(page).toContain("127.0.0.1\n10.0.0.0/33</textarea>");
    res = await b.post("/admin/security", securityForm({ lockout_threshold: "2" }));
    expect(res.status).toBe(422);
    page = await res.text();
    expect(invalidField(page, "lockout_threshold")).toBe(true);
    expect(page).toContain('name="lockout_threshold" type="number" value="2"');
    expect(t.services.settings.security().lockout_threshold).toBe(5);
    expect(auditActions(t).some((a) => a.action === "settings.security.update")).toBe(false);
  });

  it("refuses an allowlist that excludes the admin's own address", async () => {
    const t = createTestApp();
    t.peer.ip = "10.1.2.3";
    const { b } = await signedIn(t, "root", "admin");
    const form = await (await b.get("/admin/security")).text();
    expect(form).toContain('<code id="client-ip">10.1.2.3</code>');
    const res = await b.post("/admin/security", securityForm({ org_allowed_ips: "192.168.0.0/16" }));
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(invalidField(page, "org_allowed_ips")).toBe(true);
    expect(page).toContain("此列表不包含您当前的地址 10.1.2.3");
    expect(t.services.settings.security().org_allowed_ips).toBe("");
    expect((await b.post("/admin/security", securityForm({ org_allowed_ips: "192.168.0.0/16\n10.0.0.0/8" }))).status).toBe(303);
    expect((await b.get("/admin/security")).status).toBe(200);
  });

  it("treats an unticked require-TOTP checkbox as off", async () => {
    const t = createTestApp();
    const root = await t.createAgent("root", "admin");
    const secret = newTotpSecret();
    t.services.agents.credentials.setTotp(root.id, t.services.secretBox.seal(secret), true, 0, t.clock.now());
    const b = t.browser();
    expect((await b.signIn("root", STRONG_PASSWORD, () => t.totpNow(secret))).status).toBe(303);
    await b.get("/admin/security");
    expect((await b.post("/admin/security", securityForm({ require_totp: "1" }))).status).toBe(303);
    expect(t.services.settings.security().require_totp).toBe(true);
    expect(await (await b.get("/admin/security")).text()).toMatch(/name="require_totp" value="1" checked/);
    expect((await b.post("/admin/security", securityForm())).status).toBe(303);
    expect(t.services.settings.security().require_totp).toBe(false);
  });
});

describe("admin: access by role", () => {
  const navLinks = (page: string) => [...page.matchAll(/<nav class="admin-nav"[\s\S]*?<\/nav>/g)].join("").match(/href="[^"]+"/g) ?? [];

  it("an agent gets 403 on agents and audit pages and sees none of their links", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "bob", "agent");
    const overview = await b.get("/admin");
    expect(overview.status).toBe(200);
    expect(navLinks(await overview.text())).toEqual(['href="/admin"', 'href="/admin/blocks"']);
    for (const path of ["/admin/agents", "/admin/agents/new", "/admin/audit", "/admin/security", "/admin/login-log"]) expect((await b.get(path)).status).toBe(403);
    await b.get("/admin");
    expect((await b.post("/admin/agents", newAgentForm())).status).toBe(403);
    expect(t.services.agents.byUsername("carol")).toBeNull();
  });

  it("an admin manages but cannot read the audit log (separation of duties)", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const page = await (await b.get("/admin")).text();
    expect(navLinks(page)).toEqual(['href="/admin"', 'href="/admin/agents"', 'href="/admin/groups"', 'href="/admin/departments"', 'href="/admin/roles"', 'href="/admin/sites"', 'href="/admin/security"', 'href="/admin/login-log"', 'href="/admin/canned"', 'href="/admin/notices"', 'href="/admin/topics"', 'href="/admin/routing"', 'href="/admin/blocks"', 'href="/admin/notify"', 'href="/admin/leave-types"']);
    expect(page).toContain('id="count-agents">1<');
    expect((await b.get("/admin/audit")).status).toBe(403);
  });

  it("an auditor sees the audit log with the chain status, and a broken chain in red", async () => {
    const t = createTestApp();
    await t.createAgent("root", "admin");
    const { b } = await signedIn(t, "audrey", "auditor");
    const page = await (await b.get("/admin/audit")).text();
    expect(navLinks(page)).toEqual(['href="/admin"', 'href="/admin/login-log"', 'href="/admin/audit"']);
    const n = (t.db.query("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
    expect(page).toContain(`<div class="chain ok" role="status" id="chain-status">审计链完整：已校验 ${n} 条记录`);
    expect(page).not.toContain("method=\"post\" action=\"/admin/audit");

    t.db.run("DROP TRIGGER audit_log_no_update");
    t.db.run("UPDATE audit_log SET detail = '{\"forged\":true}' WHERE id = 2");
    const broken = await (await b.get("/admin/audit")).text();
    expect(broken).toContain('<div class="chain broken alert" role="alert" id="chain-status">');
    expect(broken).toContain("#2: entry 2 was altered after it was written");
  });
});
