import { describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";

/** The idle, keep and flood settings pages: fields shown, a bad value refused beside its field, a good one saved. */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };

async function setup() {
  const t = createTestApp();
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, actor);
  await t.createAgent("root", "admin");
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  return { t, site, b };
}

describe("idle, keep and anti-flood settings pages", () => {
  it("anti-flood: refuses a difficulty out of bounds beside the field, saves a good one and warns about slow puzzles", async () => {
    const { t, site, b } = await setup();
    let html = await (await b.get(`/admin/sites/${site.id}/settings/flood`)).text();
    expect(html).toContain("防刷屏");
    expect(html).toMatch(/name="difficulty" type="number" value="16"/);
    const form = { enabled: "1", chats_per_minute: "10", messages_per_minute: "60", difficulty: "30", pass_minutes: "5" };
    let r = await b.post(`/admin/sites/${site.id}/settings/flood`, form);
    expect(r.status).toBe(422);
    html = await r.text();
    expect(html).toMatch(/name="difficulty"[^>]*aria-invalid="true"/);
    expect(html).toContain("验证难度须为 8–22");
    expect(t.services.siteSettings.get(site.id, "flood")).toMatchObject({ difficulty: 16 });
    r = await b.post(`/admin/sites/${site.id}/settings/flood`, { ...form, difficulty: "18" });
    expect(r.status).toBe(303);
    expect(t.services.siteSettings.get(site.id, "flood")).toEqual({ enabled: true, chatsPerMinute: 10, messagesPerMinute: 60, difficulty: 18, passMinutes: 5 });
    // A hard puzzle is saved, with a warning beside the field.
    await b.get(r.headers.get("location")!);
    r = await b.post(`/admin/sites/${site.id}/settings/flood`, { ...form, difficulty: "21" });
    expect(r.status).toBe(200);
    html = await r.text();
    expect(html).toMatch(/name="difficulty" type="number" value="21"/);
    expect(html).toMatch(/class="field-warning" role="status">难度 21 位时/);
    expect(t.services.siteSettings.get(site.id, "flood")).toMatchObject({ difficulty: 21 });
  });

  it("idle prompts and chat keep: minutes validated beside their fields; texts per language saved", async () => {
    const { t, site, b } = await setup();
    await b.get(`/admin/sites/${site.id}/settings/idle`);
    const idle = { enabled: "1", first_minutes: "4", second_minutes: "0", end_minutes: "2", first_text_en: "Still there?" };
    let r = await b.post(`/admin/sites/${site.id}/settings/idle`, idle);
    expect(r.status).toBe(422);
    expect(await r.text()).toMatch(/name="second_minutes"[^>]*aria-invalid="true"/);
    r = await b.post(`/admin/sites/${site.id}/settings/idle`, { ...idle, second_minutes: "3" });
    expect(r.status).toBe(303);
    expect(t.services.siteSettings.get(site.id, "idle")).toMatchObject({ enabled: true, firstMinutes: 4, secondMinutes: 3, endMinutes: 2, first: { en: "Still there?", "zh-CN": "" } });

    await b.get(`/admin/sites/${site.id}/settings/keep`);
    r = await b.post(`/admin/sites/${site.id}/settings/keep`, { minutes: "1441" });
    expect(r.status).toBe(422);
    expect(await r.text()).toMatch(/name="minutes"[^>]*aria-invalid="true"/);
    r = await b.post(`/admin/sites/${site.id}/settings/keep`, { minutes: "0" });
    expect(r.status).toBe(303);
    expect(t.services.siteSettings.widgetConfig(site.id).keep).toEqual({ minutes: 0 });
    expect(t.services.siteSettings.widgetConfig(site.id)).not.toHaveProperty("flood");
    expect(t.services.siteSettings.widgetConfig(site.id)).not.toHaveProperty("idle");
  });
});
