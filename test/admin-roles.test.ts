import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { PERMISSIONS } from "../src/auth/permissions.ts";
import { PERMISSION_AREAS } from "../src/auth/roles.ts";

setDefaultTimeout(60_000);

/** /admin/roles: built-in roles read-only, custom roles created, edited and deleted, no escalation. */
async function signedIn(t: TestApp, username: string, role: string) {
  const agent = await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return { agent, b };
}

/** Posts a form with repeated fields (checkboxes), as a browser does. */
function postPairs(b: ReturnType<TestApp["browser"]>, path: string, pairs: [string, string][]) {
  return b.request("POST", path, { form: [["_csrf", b.csrf()], ...pairs] as unknown as Record<string, string> });
}
const roleForm = (o: { id?: string; name?: string; scope?: string; permissions?: string[] }): [string, string][] => [
  ...(o.id !== undefined ? [["id", o.id] as [string, string]] : []),
  ["name", o.name ?? "质检员 QA"], ["description", "质检 / quality checks"], ["scope", o.scope ?? "all"],
  ...(o.permissions ?? []).map((p) => ["permissions", p] as [string, string]),
];
const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(page) || page.includes(`aria-describedby="err-${name}"`);
const sys = { id: null, name: "test" };

describe("admin: roles", () => {
  it("lists built-in roles read-only with their scope and permission meanings", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const list = await (await b.get("/admin/roles")).text();
    for (const id of ["admin", "supervisor", "agent", "auditor", "department_admin"]) expect(list).toContain(`<a href="/admin/roles/${id}"><code>${id}</code></a>`);
    const view = await (await b.get("/admin/roles/department_admin")).text();
    expect(view).toContain("本部门 <small>Own department</small>");
    expect(view).toContain(`✓ <code>agents.manage</code> ${PERMISSIONS["agents.manage"]}`);
    expect(view).toContain(`— <code>roles.manage</code> ${PERMISSIONS["roles.manage"]}`);
    expect(view).not.toContain('type="checkbox"');
    expect(view).not.toContain('action="/admin/roles/department_admin"');
    await b.get("/admin/roles");
    expect((await postPairs(b, "/admin/roles/agent", roleForm({ permissions: ["chat.accept", "roles.manage"] }))).status).toBe(403);
    await b.get("/admin/roles");
    expect((await postPairs(b, "/admin/roles/agent/delete", [])).status).toBe(403);
    expect(t.services.roles.permissionsOf("agent")).not.toContain("roles.manage");
  });

  it("creates a custom role with grouped permission checkboxes, validates at the field, audits the diff", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const form = await (await b.get("/admin/roles/new")).text();
    for (const area of PERMISSION_AREAS) expect(form).toContain(`data-area="${area.id}"`);
    for (const p of Object.keys(PERMISSIONS)) expect(form).toContain(`<input type="checkbox" name="permissions" value="${p}">`);
    expect(form).toContain(PERMISSIONS["visitor.contact"]);

    let res = await postPairs(b, "/admin/roles", roleForm({ id: "Bad Id!", permissions: ["chat.accept"] }));
    expect(res.status).toBe(422);
    let page = await res.text();
    expect(invalidField(page, "id")).toBe(true);
    expect(page).toContain('value="chat.accept" checked'); // the ticks survive the error
    res = await postPairs(b, "/admin/roles", roleForm({ id: "supervisor" }));
    expect(res.status).toBe(409);
    expect(invalidField(await res.text(), "id")).toBe(true);
    res = await postPairs(b, "/admin/roles", roleForm({ id: "qa", permissions: ["chat.accept", "chat.fly"] }));
    expect(res.status).toBe(422);
    page = await res.text();
    expect(invalidField(page, "permissions")).toBe(true);
    expect(page).toContain("未知权限");
    res = await postPairs(b, "/admin/roles", roleForm({ id: "qa", scope: "galaxy" }));
    expect(invalidField(await res.text(), "scope")).toBe(true);
    expect(t.services.roles.get("qa")).toBeNull();

    res = await postPairs(b, "/admin/roles", roleForm({ id: "qa", permissions: ["history.all", "chat.monitor"] }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/roles/qa?done=created");
    expect(t.services.roles.get("qa")).toMatchObject({ name: "质检员 QA", scope: "all", builtin: false, permissions: ["chat.monitor", "history.all"] });

    await b.get("/admin/roles/qa");
    expect(b.lastHtml).toContain('value="history.all" checked');
    res = await postPairs(b, "/admin/roles/qa", roleForm({ name: "质检", scope: "department", permissions: ["history.all", "history.department"] }));
    expect(res.status).toBe(303);
    expect(t.services.roles.get("qa")).toMatchObject({ name: "质检", scope: "department", permissions: ["history.department", "history.all"] });
    const entries = t.db.query("SELECT action, detail FROM audit_log WHERE target_type = 'role' ORDER BY id").all() as { action: string; detail: string }[];
    expect(entries.map((e) => e.action)).toEqual(["role.create", "role.update"]);
    expect(JSON.parse(entries[1].detail)).toMatchObject({ added: ["history.department"], removed: ["chat.monitor"], scope: { from: "all", to: "department" } });
    expect((await b.get("/admin/roles")).status).toBe(200);
    expect(b.lastHtml).toContain('<a href="/admin/roles/qa"><code>qa</code></a>');
  });

  it("refuses to grant permissions the admin does not hold (403 at the field)", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/roles/new");
    const res = await postPairs(b, "/admin/roles", roleForm({ id: "snoop", permissions: ["audit.read", "chat.accept"] }));
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(invalidField(page, "permissions")).toBe(true);
    expect(page).toContain("audit.read");
    expect(t.services.roles.get("snoop")).toBeNull();
    t.services.roles.create({ id: "helper", name: "Helper", permissions: ["chat.accept"] }, sys, null);
    await b.get("/admin/roles/helper");
    expect((await postPairs(b, "/admin/roles/helper", roleForm({ permissions: ["audit.read"] }))).status).toBe(403);
    expect(t.services.roles.permissionsOf("helper")).toEqual(["chat.accept"]);
  });

  it("refuses to delete a role while agents hold it (409 at the field), then deletes it", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    t.services.roles.create({ id: "helper", name: "Helper", permissions: ["chat.accept"] }, sys, null);
    const carol = await t.createAgent("carol", "helper");
    await b.get("/admin/roles/helper");
    expect(b.lastHtml).toContain('hx-confirm="删除角色“Helper”？');
    let res = await postPairs(b, "/admin/roles/helper/delete", []);
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain('id="err-delete" role="alert">仍有 1 位客服使用该角色');
    expect(t.services.roles.get("helper")).not.toBeNull();

    t.services.agents.update(carol.id, { display_name: "Carol", role_id: "agent" }, sys);
    await b.get("/admin/roles/helper");
    res = await postPairs(b, "/admin/roles/helper/delete", []);
    expect(res.status).toBe(303);
    expect(t.services.roles.get("helper")).toBeNull();
    expect(t.db.query("SELECT count(*) AS n FROM role_permissions WHERE role_id = 'helper'").get()).toEqual({ n: 0 });
    expect((t.db.query("SELECT detail FROM audit_log WHERE action = 'role.delete'").get() as { detail: string }).detail).toContain("chat.accept");
  });

  it("a changed role takes effect on its holders' next request, without signing in again", async () => {
    const t = createTestApp();
    const { b: admin } = await signedIn(t, "root", "admin");
    t.services.roles.create({ id: "helper", name: "Helper", permissions: ["chat.accept"] }, sys, null);
    const { b: carol } = await signedIn(t, "carol", "helper");
    const api = (path: string) => carol.get(path, { accept: "application/json" });
    expect((await api("/api/leave-messages")).status).toBe(403);
    expect((await api("/api/conversations")).status).toBe(200);

    await admin.get("/admin/roles/helper");
    expect((await postPairs(admin, "/admin/roles/helper", roleForm({ name: "Helper", permissions: ["leave.read"] }))).status).toBe(303);
    expect((await api("/api/leave-messages")).status).toBe(200);
    expect((await api("/api/conversations")).status).toBe(403);
  });

  it("is only for holders of roles.manage", async () => {
    const t = createTestApp();
    for (const role of ["supervisor", "department_admin", "agent", "auditor"]) {
      const { b } = await signedIn(t, `u_${role}`, role);
      expect((await b.get("/admin/roles")).status).toBe(403);
      expect((await b.get("/admin")).status).toBe(200);
      expect(b.lastHtml).not.toContain('href="/admin/roles"');
    }
  });
});
