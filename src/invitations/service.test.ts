import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { RuleInvalid } from "./service.ts";
import { ruleForm, validateRule } from "./validate.ts";

/** Rule validation (every field, all errors at once) and the rules service (order, audit, cache). */
const admin = { id: null, name: "test" };
const form = (o: Record<string, string> = {}) => ({ ...ruleForm(null), name: "Products", ...o });

describe("rule validation", () => {
  it("accepts a full rule and normalises its lists", () => {
    const { fields, errors } = validateRule(
      form({
        enabled: "1", kind: "proactive", trigger: "leave", delay_seconds: "0", url_patterns: "/products/*\r\n\r\nhttps://shop.example/*\n/products/*",
        min_page_views: "3", regions: "浙江, 上海、北京", sources: "https://www.baidu.com/s?wd=x\nwww.Partner.example\n百度", keywords: "贷款，利率",
        max_per_visit: "0", interval_seconds: "600", require_agent: "", group_id: "", style: "corner", text_zhCN: " 您好 ", text_en: "Hi", text_ja: "",
      }),
      () => true,
    );
    expect(errors).toEqual({});
    expect(fields).toEqual({
      name: "Products", enabled: true, kind: "proactive", trigger: "leave", delaySeconds: 0, urlPatterns: ["/products/*", "https://shop.example/*"], minPageViews: 3,
      regions: ["浙江", "上海", "北京"], sources: ["www.baidu.com", "partner.example", "百度"], keywords: ["贷款", "利率"], maxPerVisit: 0, intervalSeconds: 600,
      requireAgent: false, groupId: null, style: "corner", texts: { "zh-CN": "您好", en: "Hi" },
    });
  });

  it("names every bad field at once", () => {
    const { fields, errors } = validateRule(
      {
        name: " ", kind: "popup", trigger: "hover", style: "modal", delay_seconds: "3601", min_page_views: "-1", max_per_visit: "1.5", interval_seconds: "abc",
        url_patterns: "products/*", group_id: "42", text_en: "x".repeat(501), regions: Array.from({ length: 31 }, (_, i) => `r${i}`).join("\n"), keywords: "k".repeat(101),
      },
      (id) => id === 1,
    );
    expect(fields).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(
      ["name", "kind", "trigger", "style", "delay_seconds", "min_page_views", "max_per_visit", "interval_seconds", "url_patterns", "group_id", "text_en", "regions", "keywords"].sort(),
    );
    expect(errors.url_patterns).toContain("products/*");
    expect(errors.delay_seconds).toContain("0–3600");
    expect(validateRule(form({ url_patterns: "/a b" }), () => true).errors.url_patterns).toBeDefined();
    expect(validateRule(form({ name: "x".repeat(61) }), () => true).errors.name).toContain("60");
  });

  it("the form of a rule is what validation reads back", () => {
    const { fields } = validateRule(form({ regions: "浙江\n上海", text_zhTW: "您好", group_id: "", enabled: "1", require_agent: "1" }), () => true);
    const again = validateRule(ruleForm(fields!), () => true);
    expect(again.fields).toEqual(fields);
  });
});

describe("rules service", () => {
  it("creates, edits, orders, enables and deletes rules per site, audited; the engine's cache follows", () => {
    const t = createTestApp();
    const rules = t.services.invitationRules;
    const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
    const other = t.services.sites.create({ name: "T", allowed_origins: "https://b.example", default_language: "en" }, admin);
    const seen: number[] = [];
    t.services.events.subscribe("invitation_rules.changed", ({ siteId }) => seen.push(siteId));
    const a = rules.create(admin, site.id, form({ name: "A", enabled: "1" }));
    const b = rules.create(admin, site.id, form({ name: "B", enabled: "1" }));
    const c = rules.create(admin, site.id, form({ name: "C", enabled: "" }));
    rules.create(admin, other.id, form({ name: "Elsewhere", enabled: "1" }));
    expect(rules.list(site.id).map((r) => [r.name, r.position, r.enabled])).toEqual([["A", 1, true], ["B", 2, true], ["C", 3, false]]);
    expect(rules.active(site.id).map((r) => r.name)).toEqual(["A", "B"]);

    expect(() => rules.create(admin, site.id, form({ name: "", delay_seconds: "x" }))).toThrow(RuleInvalid);
    const refused = (() => {
      try {
        rules.update(admin, site.id, a.id, form({ name: "A", interval_seconds: "-5" }));
      } catch (e) {
        return e as RuleInvalid;
      }
    })();
    expect(refused?.errors).toEqual({ interval_seconds: expect.any(String) });
    expect(refused?.field).toBe("interval_seconds");
    rules.update(admin, site.id, a.id, form({ name: "A2", enabled: "1", delay_seconds: "40" }));
    expect(rules.active(site.id)[0]).toMatchObject({ name: "A2", delaySeconds: 40 });
    rules.move(admin, site.id, c.id, "up");
    rules.move(admin, site.id, a.id, "up"); // already first: nothing happens
    rules.setEnabled(admin, site.id, c.id, true);
    expect(rules.active(site.id).map((r) => r.name)).toEqual(["A2", "C", "B"]);
    rules.remove(admin, site.id, b.id);
    expect(rules.list(site.id).map((r) => [r.name, r.position])).toEqual([["A2", 1], ["C", 2]]);
    // Another site's rule id is not found through this site.
    expect(() => rules.remove(admin, other.id, a.id)).toThrow("not found");

    const audit = t.db.query("SELECT action, detail FROM audit_log WHERE action LIKE 'invitation_rule.%' ORDER BY id").all() as { action: string; detail: string }[];
    expect(audit.map((x) => x.action)).toEqual([
      "invitation_rule.create", "invitation_rule.create", "invitation_rule.create", "invitation_rule.create",
      "invitation_rule.update", "invitation_rule.move", "invitation_rule.enable", "invitation_rule.delete",
    ]);
    expect(JSON.parse(audit[4].detail).changes).toEqual({ name: { from: "A", to: "A2" }, delaySeconds: { from: 15, to: 40 } });
    expect(seen.filter((x) => x === site.id).length).toBe(7);
  });
});
