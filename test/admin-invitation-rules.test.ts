import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

/** /admin/sites/:id/invitation-rules (V8 rules, M10): create, edit, order, enable, delete; errors by field; statistics; access. */
const admin = { id: null, name: "test" };

async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return b;
}
function world() {
  const t = createTestApp();
  const site = t.services.sites.create({ name: "Shop", allowed_origins: "https://shop.example", default_language: "zh-CN" }, admin);
  return { t, site, base: `/admin/sites/${site.id}/invitation-rules` };
}
const valid = (o: Record<string, string> = {}) => ({
  name: "Products", enabled: "1", kind: "invite", trigger: "delay", delay_seconds: "20", url_patterns: "/products/*", min_page_views: "0",
  regions: "", sources: "", keywords: "", max_per_visit: "1", interval_seconds: "60", require_agent: "1", group_id: "", style: "popup",
  text_zhCN: "您好，需要帮忙吗？", text_zhTW: "", text_en: "Need help?", text_ja: "", text_ko: "", ...o,
});
/** The field's input carries aria-invalid and points at its message, which says `text`. */
function expectFieldError(html: string, field: string, text: string) {
  expect(html).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true" aria-describedby="err-${field}"`));
  expect(html).toContain(`<span class="field-error" id="err-${field}" role="alert">`);
  const message = new RegExp(`id="err-${field}" role="alert">([^<]*)<`).exec(html)?.[1] ?? "";
  expect(message).toContain(text);
}

describe("admin: invitation rules", () => {
  it("creates a rule from the form and lists it with its conditions, linked from the site's settings tabs", async () => {
    const { t, site, base } = world();
    const b = await signedIn(t, "root", "admin");
    let html = await (await b.get(base)).text();
    expect(html).toContain("还没有规则");
    const tabs = await (await b.get(`/admin/sites/${site.id}/settings/languages`)).text();
    expect(tabs).toContain(`href="${base}"`);
    html = await (await b.get(`${base}/new`)).text();
    expect(html).toContain('name="delay_seconds"');
    expect(html).toContain('name="text_zhTW"');
    const r = await b.post(base, valid({ regions: "浙江，上海", keywords: "贷款" }));
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`${base}?done=created`);
    const [rule] = t.services.invitationRules.list(site.id);
    expect(rule).toMatchObject({ name: "Products", delaySeconds: 20, urlPatterns: ["/products/*"], regions: ["浙江", "上海"], keywords: ["贷款"], texts: { "zh-CN": "您好，需要帮忙吗？", en: "Need help?" } });
    html = await (await b.get(`${base}?done=created`)).text();
    expect(html).toContain("已创建规则");
    expect(html).toContain("<code>/products/*</code>");
    expect(html).toContain("浙江、上海");
    // The edit form shows what was saved.
    html = await (await b.get(`${base}/${rule.id}`)).text();
    expect(html).toMatch(/name="delay_seconds" type="number" value="20"/);
    expect(html).toContain(">浙江\n上海</textarea>");
  }, 30_000);

  it("refuses bad input with each error beside its field, keeping what was typed, and stores nothing", async () => {
    const { t, site, base } = world();
    const b = await signedIn(t, "root", "admin");
    await b.get(`${base}/new`);
    const r = await b.post(base, valid({
      name: "", kind: "banner", trigger: "scroll", delay_seconds: "99999", url_patterns: "products/*", min_page_views: "x", max_per_visit: "101",
      interval_seconds: "-1", group_id: "424242", style: "fullscreen", text_en: "y".repeat(501), keywords: "k".repeat(101),
    }));
    expect(r.status).toBe(422);
    expect(r.headers.get("hx-push-url")).toBe("false");
    const html = await r.text();
    expect(html).toContain("请更正标出的字段");
    expectFieldError(html, "name", "请填写规则名称");
    expectFieldError(html, "kind", "choose invitation or proactive chat");
    expectFieldError(html, "trigger", "choose when the rule fires");
    expectFieldError(html, "delay_seconds", "0–3600");
    expectFieldError(html, "url_patterns", "products/*");
    expectFieldError(html, "min_page_views", "0–1000");
    expectFieldError(html, "max_per_visit", "0–100");
    expectFieldError(html, "interval_seconds", "0–86400");
    expectFieldError(html, "group_id", "group does not exist");
    expectFieldError(html, "style", "choose a style");
    expectFieldError(html, "text_en", "500");
    expectFieldError(html, "keywords", "100");
    // Valid fields keep their values; nothing was stored or audited.
    expect(html).toContain(">您好，需要帮忙吗？</textarea>");
    expect(html).toContain(">products/*</textarea>");
    expect(t.services.invitationRules.list(site.id)).toEqual([]);
    expect(t.db.query("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'invitation_rule.%'").get()).toEqual({ n: 0 });

    // An edit with an error is refused the same way and leaves the rule as it was.
    const rule = t.services.invitationRules.create(admin, site.id, valid());
    await b.get(`${base}/${rule.id}`);
    const e = await b.post(`${base}/${rule.id}`, valid({ delay_seconds: "1.5" }));
    expect(e.status).toBe(422);
    expectFieldError(await e.text(), "delay_seconds", "whole number");
    expect(t.services.invitationRules.get(rule.id)!.delaySeconds).toBe(20);
  }, 30_000);

  it("edits, reorders, disables, enables and deletes rules, every change audited; shows shown/accepted/declined per rule", async () => {
    const { t, site, base } = world();
    const b = await signedIn(t, "root", "admin");
    const one = t.services.invitationRules.create(admin, site.id, valid({ name: "One" }));
    const two = t.services.invitationRules.create(admin, site.id, valid({ name: "Two" }));
    await b.get(`${base}/${one.id}`);
    expect((await b.post(`${base}/${one.id}`, valid({ name: "First", kind: "proactive", style: "corner" }))).status).toBe(303);
    expect(t.services.invitationRules.get(one.id)).toMatchObject({ name: "First", kind: "proactive", style: "corner" });
    await b.get(base);
    expect((await b.post(`${base}/${two.id}/move`, { direction: "up" })).status).toBe(303);
    await b.get(base);
    expect((await b.post(`${base}/${one.id}/disable`)).status).toBe(303);
    expect(t.services.invitationRules.list(site.id).map((r) => [r.name, r.enabled])).toEqual([["Two", true], ["First", false]]);
    await b.get(base);
    expect((await b.post(`${base}/${one.id}/enable`)).status).toBe(303);

    // Statistics come from the invitations each rule made.
    const visitor = t.services.visitors.identify(site.id, null).visitor;
    const add = (ruleId: number, status: string) =>
      t.db.query("INSERT INTO invitations (site_id, visitor_id, agent_id, rule_id, kind, text, status, created_at) VALUES (?, ?, NULL, ?, 'invite', '', ?, 0)").run(site.id, visitor.id, ruleId, status);
    for (const s of ["accepted", "declined", "declined", "shown"]) add(two.id, s);
    add(one.id, "accepted");
    t.db.query("INSERT INTO invitations (site_id, visitor_id, agent_id, rule_id, kind, text, status, created_at) VALUES (?, ?, NULL, NULL, 'invite', '', 'accepted', 0)").run(site.id, visitor.id);
    const html = await (await b.get(base)).text();
    const row = (id: number) => new RegExp(`id="rule-${id}"[\\s\\S]*?</tr>`).exec(html)![0];
    const stat = (id: number, k: string) => new RegExp(`data-stat="${k}">(\\d+)`).exec(row(id))![1];
    expect([stat(two.id, "shown"), stat(two.id, "accepted"), stat(two.id, "declined")]).toEqual(["4", "1", "2"]);
    expect([stat(one.id, "shown"), stat(one.id, "accepted"), stat(one.id, "declined")]).toEqual(["1", "1", "0"]);

    expect((await b.post(`${base}/${two.id}/delete`)).status).toBe(303);
    expect(t.services.invitationRules.list(site.id).map((r) => r.name)).toEqual(["First"]);
    const actions = (t.db.query("SELECT action FROM audit_log WHERE action LIKE 'invitation_rule.%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(["invitation_rule.create", "invitation_rule.create", "invitation_rule.update", "invitation_rule.move", "invitation_rule.disable", "invitation_rule.enable", "invitation_rule.delete"]);

    // Another site's rule, an unknown rule, an unknown site: 404.
    const other = t.services.sites.create({ name: "Other", allowed_origins: "https://other.example", default_language: "en" }, admin);
    expect((await b.get(`/admin/sites/${other.id}/invitation-rules/${one.id}`)).status).toBe(404);
    expect((await b.get(`${base}/999999`)).status).toBe(404);
    expect((await b.get(`/admin/sites/999999/invitation-rules`)).status).toBe(404);
  }, 30_000);

  it("is for sites.manage only, and shows admin text as text", async () => {
    for (const [k, v] of Object.entries(ROUTE_POLICY)) if (k.includes("/invitation-rules")) expect(v).toBe("sites.manage");
    const { t, site, base } = world();
    const sue = await signedIn(t, "sue", "supervisor");
    expect((await sue.get(base)).status).toBe(403);
    await sue.get("/admin");
    expect((await sue.post(base, valid())).status).toBe(403);
    expect(t.services.invitationRules.list(site.id)).toEqual([]);

    const b = await signedIn(t, "root", "admin");
    const rule = t.services.invitationRules.create(admin, site.id, valid({ name: `<script>alert(1)</script>`, keywords: `"><img src=x>` }));
    const html = await (await b.get(base)).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(await (await b.get(`${base}/${rule.id}`)).text()).not.toContain("<img src=x>");
  }, 30_000);
});
