import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

/** /admin/leave-types (H2): add, rename, reorder, disable, enable; errors by field; audit; access; text escaped. */
async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return b;
}
const names = (t: TestApp) => t.services.leave.types.list().map((x) => `${x.name}${x.disabled ? " (off)" : ""}`);

describe("admin: leave-message types", () => {
  it("adds, renames, reorders, disables and enables types, every change audited", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "root", "admin");
    const page = await (await b.get("/admin/leave-types")).text();
    expect(page).toContain('href="/admin/leave-types"');
    expect(page).toContain("留言类型");
    for (const n of ["咨询 Enquiry", "投诉 Complaint", "建议 Suggestion"]) {
      const r = await b.post("/admin/leave-types", { name: n });
      expect([r.status, r.headers.get("location")]).toEqual([303, "/admin/leave-types?done=added"]);
      await b.get("/admin/leave-types");
    }
    // A duplicate (any case) is refused beside the field, the value kept.
    let r = await b.post("/admin/leave-types", { name: "咨询 enquiry" });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('<span class="field-error" id="err-name" role="alert">已有同名类型');
    const [enquiry, complaint, suggestion] = t.services.leave.types.list();
    r = await b.post(`/admin/leave-types/${complaint.id}`, { name: "x".repeat(41) });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain(`aria-describedby="err-name-${complaint.id}"`);
    await b.get("/admin/leave-types");
    expect((await b.post(`/admin/leave-types/${complaint.id}`, { name: "投诉与纠纷 Complaint" })).status).toBe(303);
    await b.get("/admin/leave-types");
    expect((await b.post(`/admin/leave-types/${suggestion.id}/move`, { direction: "up" })).status).toBe(303);
    await b.get("/admin/leave-types");
    expect((await b.post(`/admin/leave-types/${enquiry.id}/disable`)).status).toBe(303);
    expect(names(t)).toEqual(["咨询 Enquiry (off)", "建议 Suggestion", "投诉与纠纷 Complaint"]);
    await b.get("/admin/leave-types");
    expect((await b.post(`/admin/leave-types/${enquiry.id}/enable`)).status).toBe(303);
    const actions = (t.db.query("SELECT action FROM audit_log WHERE action LIKE 'leave_type.%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(["leave_type.create", "leave_type.create", "leave_type.create", "leave_type.rename", "leave_type.move", "leave_type.disable", "leave_type.enable"]);
    expect((await b.post("/admin/leave-types/99999/disable")).status).toBe(404);
  }, 30_000);

  it("is for settings.manage only, and shows names as text", async () => {
    for (const [k, v] of Object.entries(ROUTE_POLICY)) if (k.includes("/admin/leave-types")) expect(v).toBe("settings.manage");
    const t = createTestApp();
    const sue = await signedIn(t, "sue", "supervisor");
    expect((await sue.get("/admin/leave-types")).status).toBe(403);
    expect(await (await sue.get("/admin")).text()).not.toContain('href="/admin/leave-types"');
    await sue.get("/admin");
    expect((await sue.post("/admin/leave-types", { name: "x" })).status).toBe(403);
    expect(t.services.leave.types.list()).toEqual([]);

    const root = await signedIn(t, "root", "admin");
    t.services.leave.types.create({ id: null, name: "test" }, `<script>alert(1)</script>"x`);
    const html = await (await root.get("/admin/leave-types")).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;x");
  }, 30_000);
});
