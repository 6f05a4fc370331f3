import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { FrameClient } from "./frames.ts";

/**
 * The settings core (M10): per-site sections validated with the error beside the field, saved
 * and audited; the config in `connected`; saved changes pushed to open widgets; the preview.
 * Exercised through the languages section (V15 per site).
 */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function admin(t: TestApp) {
  await t.createAgent("root", "admin");
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  return b;
}
const allLanguages = { lang_zhCN: "1", lang_zhTW: "1", lang_en: "1", lang_ja: "1", lang_ko: "1", follow_browser: "1" };

describe("site settings", () => {
  it("shows each section with the saved values, refuses a bad value beside its field and writes nothing, saves and audits a good one", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "网上银行", allowed_origins: HOST, default_language: "zh-CN" }, actor);
    const b = await admin(t);
    let r = await b.get(`/admin/sites/${site.id}/settings`);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`/admin/sites/${site.id}/settings/languages`);
    let html = await (await b.get(`/admin/sites/${site.id}/settings/languages`)).text();
    expect(html).toContain(`aria-current="page" class="active">语言`);
    expect(html).toMatch(/name="lang_ja" value="1" checked/);
    expect(html).toContain(`<iframe class="preview-frame" src="/admin/sites/${site.id}/preview"`);

    // The site's default language cannot be switched off.
    r = await b.post(`/admin/sites/${site.id}/settings/languages`, { lang_en: "1", follow_browser: "1" });
    expect(r.status).toBe(422);
    html = await r.text();
    expect(html).toMatch(/name="lang_zhCN" value="1" aria-invalid="true"/);
    expect(html).toContain(`id="err-lang_zhCN" role="alert">网站默认语言（简体中文）必须启用`);
    expect(html).toMatch(/name="lang_en" value="1" checked/); // what the admin ticked is kept
    expect(t.db.query("SELECT COUNT(*) AS n FROM site_settings").get()).toEqual({ n: 0 });

    r = await b.post(`/admin/sites/${site.id}/settings/languages`, { lang_zhCN: "1", lang_en: "1" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`/admin/sites/${site.id}/settings/languages?done=saved`);
    expect(t.services.siteSettings.get(site.id, "languages")).toEqual({ followBrowser: false, enabled: ["zh-CN", "en"] });
    html = await (await b.get(r.headers.get("location")!)).text();
    expect(html).toContain("已保存");
    expect(html).not.toMatch(/name="lang_ja" value="1" checked/);
    const audit = t.db.query("SELECT action, target_id, detail FROM audit_log WHERE action = 'site.settings'").all() as { target_id: string; detail: string }[];
    expect(audit.length).toBe(1);
    expect(audit[0].target_id).toBe(String(site.id));
    expect(JSON.parse(audit[0].detail)).toEqual({ section: "languages", before: { followBrowser: true, enabled: ["zh-CN", "zh-TW", "en", "ja", "ko"] }, after: { followBrowser: false, enabled: ["zh-CN", "en"] } });

    expect((await b.get(`/admin/sites/${site.id}/settings/nonsense`)).status).toBe(404);
    expect((await b.get(`/admin/sites/999/settings/languages`)).status).toBe(404);
  });

  it("is for holders of sites.manage only", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "S", allowed_origins: HOST, default_language: "en" }, actor);
    await t.createAgent("amy", "agent");
    const b = t.browser();
    await b.signIn("amy");
    expect((await b.get(`/admin/sites/${site.id}/settings/languages`)).status).toBe(403);
    expect((await b.get(`/admin/sites/${site.id}/preview`)).status).toBe(403);
    await b.get("/account");
    expect((await b.post(`/admin/sites/${site.id}/settings/languages`, allLanguages)).status).toBe(403);
  });

  it("validates a draft for the preview without saving it, and serves it to a frame only our own pages may embed", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "S", allowed_origins: HOST, default_language: "en" }, actor);
    const b = await admin(t);
    await b.get(`/admin/sites/${site.id}/settings/languages`);
    let r = await b.post(`/admin/sites/${site.id}/settings/languages/preview`, { lang_zhCN: "1" });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("预览未更新：网站默认语言（English）必须启用");

    await b.get(`/admin/sites/${site.id}/settings/languages`);
    r = await b.post(`/admin/sites/${site.id}/settings/languages/preview`, { lang_en: "1", lang_ko: "1" });
    const box = await r.text();
    const src = box.match(/src="(\/admin\/sites\/\d+\/preview\?draft=[0-9a-f-]+)"/)?.[1];
    expect(src).toBeTruthy();
    expect(t.db.query("SELECT COUNT(*) AS n FROM site_settings").get()).toEqual({ n: 0 });

    r = await b.get(src!);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(r.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const frame = await r.text();
    expect(frame).toContain(`<script src="/widget/preview.js?site=${site.site_key}"`);
    const data = JSON.parse(frame.match(/<script type="application\/json" id="yk-preview">(.*?)<\/script>/s)![1]);
    expect(data.config.languages).toEqual({ followBrowser: false, enabled: ["en", "ko"] });
    // Without a draft: the saved (here default) settings. Other pages still refuse framing.
    const saved = await (await b.get(`/admin/sites/${site.id}/preview`)).text();
    expect(JSON.parse(saved.match(/id="yk-preview">(.*?)<\/script>/s)![1]).config.languages.enabled).toEqual(["zh-CN", "zh-TW", "en", "ja", "ko"]);
    expect((await b.get(`/admin/sites/${site.id}/settings/languages`)).headers.get("x-frame-options")).toBe("DENY");
  });

  it("sends the config in connected and pushes saved changes to the site's open widgets", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    stops.push(() => void server.stop());
    const site = t.services.sites.create({ name: "S", allowed_origins: HOST, default_language: "en" }, actor);
    const other = t.services.sites.create({ name: "Other", allowed_origins: HOST, default_language: "en" }, actor);
    const ws = (key: string) => FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${key}`, { origin: HOST });
    const v = await ws(site.site_key);
    const o = await ws(other.site_key);
    stops.push(() => v.close(), () => o.close());
    const connected = v.frames.find((f) => f.type === "connected");
    expect(connected.config.languages).toEqual({ followBrowser: true, enabled: ["zh-CN", "zh-TW", "en", "ja", "ko"] });

    const pushed = v.nextNew((f) => f.type === "config", "config frame");
    t.services.siteSettings.update(site.id, "languages", { lang_en: "1", lang_ja: "1", follow_browser: "1" }, actor);
    expect((await pushed).config.languages).toEqual({ followBrowser: true, enabled: ["en", "ja"] });
    // A reconnecting widget gets the saved config; the other site's widgets got nothing.
    const again = await ws(site.site_key);
    stops.push(() => again.close());
    expect(again.frames.find((f) => f.type === "connected").config.languages.enabled).toEqual(["en", "ja"]);
    await o.send({ type: "ping" });
    await o.next((f) => f.type === "pong", "pong");
    expect(o.frames.some((f) => f.type === "config")).toBe(false);
  });
});
