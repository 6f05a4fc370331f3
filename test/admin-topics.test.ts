import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

/** /admin/topics (A12): add, rename, reorder, disable; field errors; access; visitor and admin text escaped. */
async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return b;
}
const names = (t: TestApp) => t.services.care.topics.list().map((x) => `${x.name}${x.disabled ? " (off)" : ""}`);

describe("admin: chat topics", () => {
  it("adds, renames, reorders, disables and enables topics, with errors next to the field", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "root", "admin");
    const page = await (await b.get("/admin/topics")).text();
    expect(page).toContain('href="/admin/topics"');
    expect(page).toContain("咨询话题");
    for (const n of ["账单 Billing", "退货 Returns", "投诉 Complaints"]) {
      const r = await b.post("/admin/topics", { name: n });
      expect(r.status).toBe(303);
      expect(r.headers.get("location")).toBe("/admin/topics?done=added");
      await b.get("/admin/topics");
    }
    // Duplicate (any case) and empty names: 422 with the error beside the field, value kept.
    let r = await b.post("/admin/topics", { name: "账单 billing" });
    expect(r.status).toBe(422);
    let html = await r.text();
    expect(html).toMatch(/name="name" [^>]*value="账单 billing"[^>]*aria-invalid="true" aria-describedby="err-name"/);
    expect(html).toContain('<span class="field-error" id="err-name" role="alert">已有同名话题');
    r = await b.post("/admin/topics", { name: "  " });
    expect(r.status).toBe(422);
    const [billing, returns, complaints] = t.services.care.topics.list();

    // Rename: an error shows beside that row's field only.
    r = await b.post(`/admin/topics/${returns.id}`, { name: "x".repeat(41) });
    expect(r.status).toBe(422);
    html = await r.text();
    expect(html).toContain(`aria-describedby="err-name-${returns.id}"`);
    expect(html).not.toContain(`aria-describedby="err-name-${billing.id}"`);
    await b.get("/admin/topics");
    expect((await b.post(`/admin/topics/${returns.id}`, { name: "退换货 Returns" })).status).toBe(303);

    await b.get("/admin/topics");
    expect((await b.post(`/admin/topics/${complaints.id}/move`, { direction: "up" })).status).toBe(303);
    await b.get("/admin/topics");
    expect((await b.post(`/admin/topics/${billing.id}/disable`)).status).toBe(303);
    expect(names(t)).toEqual(["账单 Billing (off)", "投诉 Complaints", "退换货 Returns"]);
    await b.get("/admin/topics");
    expect((await b.post(`/admin/topics/${billing.id}/enable`)).status).toBe(303);
    await b.get("/admin/topics");
    expect((await b.post(`/admin/topics/${billing.id}/move`, { direction: "down" })).status).toBe(303);
    expect(names(t)).toEqual(["投诉 Complaints", "账单 Billing", "退换货 Returns"]);
    const actions = (t.db.query("SELECT action FROM audit_log WHERE action LIKE 'topic.%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(["topic.create", "topic.create", "topic.create", "topic.rename", "topic.move", "topic.disable", "topic.enable", "topic.move"]);
    expect((await b.post(`/admin/topics/99999/disable`)).status).toBe(404);
  }, 30_000);

  it("is for settings.manage only: the route policy, the guard and the navigation agree", async () => {
    for (const [k, v] of Object.entries(ROUTE_POLICY)) if (k.includes("/admin/topics")) expect(v).toBe("settings.manage");
    const t = createTestApp();
    const b = await signedIn(t, "sue", "supervisor");
    expect((await b.get("/admin/topics")).status).toBe(403);
    const overview = await (await b.get("/admin")).text();
    expect(overview).not.toContain('href="/admin/topics"');
    await b.get("/admin");
    expect((await b.post("/admin/topics", { name: "x" })).status).toBe(403);
    expect(t.services.care.topics.list()).toEqual([]);
  }, 30_000);

  it("shows topic names as text", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "root", "admin");
    t.services.care.topics.create({ id: null, name: "test" }, `<script>alert(1)</script>"x`);
    const html = await (await b.get("/admin/topics")).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;x");
  }, 30_000);
});
