import { describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { visibleSiteIds } from "../src/realtime/visitor-scope.ts";

const sys = { id: null, name: "test" };

/** Which sites an agent serves (A3, M1): the rule behind the visitor list, routing and the inbox. */
describe("the sites an agent serves", () => {
  it("follows the department, and a department-scoped role without one reaches no site", async () => {
    const t = createTestApp();
    const retail = t.services.departments.create({ name: "零售" }, sys);
    const open = t.services.sites.create({ name: "公共网站", allowed_origins: "https://a.example.test", default_language: "zh-CN" }, sys);
    const retailSite = t.services.sites.create({ name: "零售网站", allowed_origins: "https://r.example.test", default_language: "zh-CN" }, sys);
    t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [retail.id, retailSite.id]);
    const anywhere = await t.createAgent("cal", "agent");
    const inRetail = await t.createAgent("amy", "agent");
    t.services.departments.setAgentDepartment(inRetail.id, retail.id, sys);
    const adminWithout = await t.createAgent("dan", "department_admin");
    expect(visibleSiteIds(t.services, anywhere.id).sort()).toEqual([open.id, retailSite.id].sort());
    expect(visibleSiteIds(t.services, inRetail.id).sort()).toEqual([open.id, retailSite.id].sort());
    expect(visibleSiteIds(t.services, adminWithout.id)).toEqual([]);
    t.services.departments.setAgentDepartment(adminWithout.id, retail.id, sys);
    expect(visibleSiteIds(t.services, adminWithout.id).sort()).toEqual([open.id, retailSite.id].sort());
  });
});
