import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { accessWorld, IPS, waitFor } from "./access-world.ts";
import { cid } from "./frames.ts";

/**
 * The "regions" (M5) and "identity" (V25) settings sections: validated beside the field, saved,
 * audited; the signing secret shown to sites.manage holders and rotated (audited); and what the
 * server does with them on the real visitor channel, including changes reaching open widgets.
 */
const actor = { id: null, name: "test" };
const HOST = "http://shop.example.test";

async function admin(t: TestApp) {
  await t.createAgent("root", "admin");
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  return b;
}
const fieldError = (html: string, name: string) => new RegExp(`id="err-${name}" role="alert">([^<]*)`).exec(html)?.[1] ?? null;

describe("regions settings page", () => {
  it("refuses unknown region names, an empty list and unknown choices beside the field; saves and audits a good list", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, actor);
    const b = await admin(t);
    const page = await (await b.get(`/admin/sites/${site.id}/settings/regions`)).text();
    expect(page).toContain("服务地区");
    expect(page).toMatch(/<option value="off" selected>/);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ regions_mode: "allow", regions: "北京\n广东深圳", regions_outside: "leave" }, "regions", /广东深圳/],
      [{ regions_mode: "deny", regions: "Atlantis", regions_outside: "leave" }, "regions", /Atlantis/],
      [{ regions_mode: "allow", regions: "  ", regions_outside: "leave" }, "regions", /at least one region/],
      [{ regions_mode: "sometimes", regions: "北京", regions_outside: "leave" }, "regions_mode", /allow-list/],
      [{ regions_mode: "allow", regions: "北京", regions_outside: "explode" }, "regions_outside", /outside/],
    ];
    for (const [body, field, message] of cases) {
      const r = await b.post(`/admin/sites/${site.id}/settings/regions`, body);
      expect(r.status).toBe(422);
      const html = await r.text();
      expect(fieldError(html, field)).toMatch(message);
      expect(html).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
    }
    expect(t.db.query("SELECT count(*) AS n FROM site_settings").get()).toEqual({ n: 0 });
    const r = await b.post(`/admin/sites/${site.id}/settings/regions`, { regions_mode: "allow", regions: "北京市\n广东省 深圳, 内网", regions_outside: "hide" });
    expect(r.status).toBe(303);
    expect(t.services.siteSettings.get(site.id, "regions")).toEqual({ mode: "allow", regions: ["北京市", "广东省 深圳", "内网"], outside: "hide" });
    const shown = await (await b.get(r.headers.get("location")!)).text();
    expect(shown).toContain("北京市\n广东省 深圳\n内网</textarea>");
    const audit = t.db.query("SELECT detail FROM audit_log WHERE action = 'site.settings'").get() as { detail: string };
    expect(JSON.parse(audit.detail).section).toBe("regions");
  });
});

describe("identity settings page", () => {
  it("shows the secret to sites.manage holders, rotates it (audited, never logged) and refuses required-without-enabled", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, actor);
    const b = await admin(t);
    const page = await (await b.get(`/admin/sites/${site.id}/settings/identity`)).text();
    expect(page).toContain(`<code id="identity-secret">${site.secret}</code>`);
    expect(page).toMatch(/name="identity_enabled" value="1" checked/);
    expect(page).toContain(`formaction="/admin/sites/${site.id}/identity/rotate-secret"`);

    let r = await b.post(`/admin/sites/${site.id}/settings/identity`, { identity_required: "1" });
    expect(r.status).toBe(422);
    expect(fieldError(await r.text(), "identity_required")).toMatch(/turn identity checking on/);
    r = await b.post(`/admin/sites/${site.id}/settings/identity`, { identity_enabled: "1", identity_required: "1" });
    expect(r.status).toBe(303);
    expect(t.services.siteSettings.get(site.id, "identity")).toEqual({ enabled: true, required: true });

    await b.get(`/admin/sites/${site.id}/settings/identity`);
    r = await b.post(`/admin/sites/${site.id}/identity/rotate-secret`, { identity_enabled: "1" });
    expect(r.status).toBe(200);
    const after = await r.text();
    const rotated = t.services.sites.get(site.id)!.secret;
    expect(rotated).not.toBe(site.secret);
    expect(rotated.length).toBeGreaterThanOrEqual(40);
    expect(after).toContain("已更换签名密钥");
    expect(after).toContain(`<code id="identity-secret">${rotated}</code>`);
    const audit = t.db.query("SELECT action, target_id, detail FROM audit_log WHERE action = 'site.secret_rotate'").all() as { target_id: string; detail: string }[];
    expect(audit.map((a) => a.target_id)).toEqual([String(site.id)]);
    const everything = JSON.stringify(t.db.query("SELECT detail FROM audit_log").all());
    expect(everything).not.toContain(rotated);
    expect(everything).not.toContain(site.secret);

    // Without sites.manage: neither the secret nor the rotation.
    await t.createAgent("amy", "supervisor");
    const s = t.browser();
    await s.signIn("amy");
    const denied = await s.get(`/admin/sites/${site.id}/settings/identity`);
    expect(denied.status).toBe(403);
    expect(await denied.text()).not.toContain(rotated);
    await s.get("/account");
    expect((await s.post(`/admin/sites/${site.id}/identity/rotate-secret`, {})).status).toBe(403);
    expect(t.services.sites.get(site.id)!.secret).toBe(rotated);
  });
});

describe("service regions on the visitor channel", () => {
  it("allow-list with leave-only: a visitor from an allowed region chats, one from elsewhere gets only the leave form", async () => {
    const w = await accessWorld();
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "allow", regions: "北京", regions_outside: "leave" }, actor);
    const beijing = await w.visitor({ ip: IPS.beijing });
    expect(beijing.frames[0].blocked).toBeUndefined();
    const c = cid();
    beijing.send({ type: "send", cid: c, body: "你好" });
    await beijing.next((f) => f.type === "ack" && f.cid === c, "ack");

    const guangzhou = await w.visitor({ ip: IPS.guangzhou });
    expect(guangzhou.frames[0].blocked).toBe("refuse_chat");
    const c2 = cid();
    guangzhou.send({ type: "send", cid: c2, body: "你好" });
    expect((await guangzhou.next((f) => f.type === "error" && f.cid === c2, "refused")).code).toBe("blocked");
    const lc = cid();
    guangzhou.send({ type: "leave", cid: lc, content: "请联系我", phone: "13800000000" });
    expect((await guangzhou.next((f) => f.type === "ack" && f.cid === lc, "leave ack")).leaveMessageId).toBeGreaterThan(0);
    // Uploads are refused the same way.
    const form = new FormData();
    form.append("file", new File(["x"], "a.txt"));
    const up = await fetch(`${w.base}/rt/visitor/files?site=${w.site.site_key}&token=${encodeURIComponent(guangzhou.frames[0].token)}`, { method: "POST", headers: { origin: HOST, "x-forwarded-for": IPS.guangzhou }, body: form });
    expect(up.status).toBe(403);
  });

  it("deny-list with no widget: a visitor from a denied region is refused before `connected`; others are served", async () => {
    const w = await accessWorld();
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "deny", regions: "广东", regions_outside: "hide" }, actor);
    for (const ip of [IPS.guangzhou, IPS.shenzhen]) {
      const v = w.rawVisitor(ip);
      await v.next((f) => f.type === "blocked" && f.mode === "hide", "hide frame");
      await waitFor(() => v.closed?.code === 4003, "closed 4003");
      expect(v.frames.some((f) => f.type === "connected")).toBe(false);
    }
    const ok = await w.visitor({ ip: IPS.beijing });
    expect(ok.frames[0].blocked).toBeUndefined();
  });

  it("a saved change reaches open widgets: refused, then hidden, then served again", async () => {
    const w = await accessWorld();
    const v = await w.visitor({ ip: IPS.guangzhou });
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "deny", regions: "广东", regions_outside: "leave" }, actor);
    await v.next((f) => f.type === "blocked" && f.mode === "refuse_chat", "refused");
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "off", regions: "", regions_outside: "leave" }, actor);
    await v.next((f) => f.type === "unblocked", "served again");
    w.t.services.siteSettings.update(w.site.id, "regions", { regions_mode: "allow", regions: "美国", regions_outside: "hide" }, actor);
    await v.next((f) => f.type === "blocked" && f.mode === "hide", "hidden");
    await waitFor(() => v.closed?.code === 4003, "closed");
  });
});

describe("required identity on the visitor channel", () => {
  it("an unverified visitor gets only the leave form; a valid claim opens chat at once; a bad one does not", async () => {
    const w = await accessWorld();
    w.t.services.siteSettings.update(w.site.id, "identity", { identity_enabled: "1", identity_required: "1" }, actor);
    const v = await w.visitor();
    expect(v.frames[0].blocked).toBe("refuse_chat");
    v.send({ type: "identify", ...w.claim(), sig: "a".repeat(64) });
    expect((await v.next((f) => f.type === "identity", "identity")).verified).toBe(false);
    const c = cid();
    v.send({ type: "send", cid: c, body: "hello" });
    expect((await v.next((f) => f.type === "error" && f.cid === c, "refused")).code).toBe("blocked");

    v.send({ type: "identify", ...w.claim() });
    await v.next((f) => f.type === "unblocked", "unblocked");
    const c2 = cid();
    v.send({ type: "send", cid: c2, body: "hello" });
    await v.next((f) => f.type === "ack" && f.cid === c2, "ack");
    // Signing out on the host (no claim any more) takes chat away again.
    v.send({ type: "identify" });
    await v.nextNew((f) => f.type === "blocked" && f.mode === "refuse_chat", "refused again");
  });
});
