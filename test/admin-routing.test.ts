import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { ADMIN } from "./routing-world.ts";

/** /admin/routing: assignment mode per site and group, validation with field errors, audit, access. */
async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return b;
}

describe("admin: routing", () => {
  it("shows the defaults, refuses bad values beside their fields, saves good ones and audits them", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "网上银行 <Bank>", allowed_origins: "http://bank.example.test", default_language: "zh-CN" }, ADMIN);
    const group = t.services.groups.create(ADMIN, { name: "信用卡" });
    const b = await signedIn(t, "root", "admin");
    let html = await (await b.get("/admin/routing")).text();
    expect(html).toContain("网上银行 &lt;Bank&gt;");
    expect(html).toMatch(new RegExp(`<option value="manual" selected>`));
    expect(html).toContain(`name="site_${site.id}_offer_timeout_seconds" type="number" value="30"`);
    expect(html).toMatch(new RegExp(`name="site_${site.id}_prefer_previous_agent" value="1" checked`));

    const form = (over: Record<string, string>) => ({
      [`site_${site.id}_assign_mode`]: "service", [`site_${site.id}_offer_timeout_seconds`]: "45", [`group_${group.id}_assign_mode`]: "sales", ...over,
    });
    let r = await b.post("/admin/routing", form({ [`site_${site.id}_offer_timeout_seconds`]: "3", [`group_${group.id}_assign_mode`]: "fastest" }));
    expect(r.status).toBe(422);
    html = await r.text();
    expect(html).toMatch(new RegExp(`name="site_${site.id}_offer_timeout_seconds" [^>]*value="3"[^>]*aria-invalid="true"`));
    expect(html).toContain(`id="err-site_${site.id}_offer_timeout_seconds" role="alert">应答时限须为 5–600 秒的整数`);
    expect(html).toContain(`id="err-group_${group.id}_assign_mode" role="alert">请选择分配方式`);
    // Nothing was half-written.
    expect(t.services.routing.siteSettings(site.id).assign_mode).toBe("manual");
    expect(t.services.routing.groupMode(group.id)).toBe("inherit");

    await b.get("/admin/routing");
    r = await b.post("/admin/routing", form({}));
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/admin/routing?done=saved");
    // The box was not ticked: the previous-agent preference is off now.
    expect(t.services.routing.siteSettings(site.id)).toEqual({ site_id: site.id, assign_mode: "service", prefer_previous_agent: false, offer_timeout_seconds: 45 });
    expect(t.services.routing.groupMode(group.id)).toBe("sales");
    expect(t.services.routing.modeOf({ site_id: site.id, group_id: group.id })).toBe("sales");
    expect(t.services.routing.modeOf({ site_id: site.id, group_id: null })).toBe("service");
    const audit = t.db.query("SELECT action, target_id FROM audit_log WHERE action LIKE 'routing.%' ORDER BY id").all();
    expect(audit).toEqual([{ action: "routing.site_update", target_id: String(site.id) }, { action: "routing.group_update", target_id: String(group.id) }]);
    html = await (await b.get("/admin/routing?done=saved")).text();
    expect(html).toContain("已保存");
  });

  it("is for holders of settings.manage only", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "amy", "agent");
    expect((await b.get("/admin/routing")).status).toBe(403);
  });
});
