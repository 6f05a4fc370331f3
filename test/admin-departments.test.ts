import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp, type TestApp, type TestBrowser } from "./harness.ts";

setDefaultTimeout(60_000);

/** /admin/departments, the department on agent and group forms, and department admins' reach (M1). */
async function signedIn(t: TestApp, username: string, role: string, departmentId: number | null = null) {
  const agent = await t.createAgent(username, role);
  if (departmentId !== null) t.services.departments.setAgentDepartment(agent.id, departmentId, { id: null, name: "test" });
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return { agent, b };
}

const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(page);
const audit = (t: TestApp, action: string) => t.db.query("SELECT detail FROM audit_log WHERE action = ? ORDER BY id").all(action) as { detail: string }[];
const sys = { id: null, name: "test" };

describe("admin: departments", () => {
  it("creates, lists with member counts, edits, refuses a bad or taken name at the field, deletes after confirmation", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    await b.get("/admin/departments/new");
    const created = await b.post("/admin/departments", { name: "零售业务部", position: "2" });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/departments\/(\d+)\?done=created/.exec(created.headers.get("location")!)![1]);
    const alice = await t.createAgent("alice");
    t.services.departments.setAgentDepartment(alice.id, id, sys);

    const list = await (await b.get("/admin/departments")).text();
    expect(list).toContain(`<a href="/admin/departments/${id}">零售业务部</a>`);
    expect(list).toContain('<td class="count-members">1</td>');

    const edit = await (await b.get(`/admin/departments/${id}`)).text();
    expect(edit).toContain('hx-confirm="删除部门“零售业务部”？');
    let res = await b.post(`/admin/departments/${id}`, { name: "", position: "1" });
    expect(res.status).toBe(422);
    expect(invalidField(await res.text(), "name")).toBe(true);
    await b.get("/admin/departments/new");
    await b.post("/admin/departments", { name: "对公业务部" });
    res = await b.post(`/admin/departments/${id}`, { name: "对公业务部", position: "1" });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(invalidField(page, "name")).toBe(true);
    expect(page).toContain("部门名称已存在");
    res = await b.post(`/admin/departments/${id}`, { name: "零售部", position: "x" });
    expect(invalidField(await res.text(), "position")).toBe(true);
    await b.get(`/admin/departments/${id}`);
    expect((await b.post(`/admin/departments/${id}`, { name: "零售部", position: "3" })).status).toBe(303);
    expect(t.services.departments.get(id)).toMatchObject({ name: "零售部", position: 3 });

    await b.get(`/admin/departments/${id}`);
    expect((await b.post(`/admin/departments/${id}/delete`)).status).toBe(303);
    expect(t.services.departments.get(id)).toBeNull();
    expect(t.services.agents.get(alice.id)!.department_id).toBeNull();
    expect(audit(t, "department.create").length).toBe(2);
    expect(audit(t, "department.update").length).toBe(1);
    expect(audit(t, "department.delete").length).toBe(1);
    expect((await b.get(`/admin/departments/${id}`)).status).toBe(404);
  });

  it("the group and agent forms store the chosen department", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const d = t.services.departments.create({ name: "信用卡中心" }, sys);
    const form = await (await b.get("/admin/groups/new")).text();
    expect(form).toContain(`<option value="${d.id}">信用卡中心</option>`);
    const res = await b.post("/admin/groups", { name: "催收组", position: "0", default_agent_id: "", department_id: String(d.id) });
    expect(res.status).toBe(303);
    const g = t.services.groups.list().find((x) => x.name === "催收组")!;
    expect(g.department_id).toBe(d.id);
    await b.get(`/admin/groups/${g.id}`);
    expect(b.lastHtml).toContain(`<option value="${d.id}" selected>信用卡中心</option>`);
    expect((await b.post(`/admin/groups/${g.id}`, { name: "催收组", position: "0", default_agent_id: "", department_id: "999" })).status).toBe(422);
    expect(invalidField(b.lastHtml, "department_id")).toBe(true);
    expect((await b.post(`/admin/groups/${g.id}`, { name: "催收组", position: "0", default_agent_id: "", department_id: "" })).status).toBe(303);
    expect(t.services.groups.get(g.id)!.department_id).toBeNull();

    await b.get("/admin/agents/new");
    const created = await b.post("/admin/agents", { username: "carol", display_name: "Carol", email: "", role_id: "agent", allowed_ips: "", department_id: String(d.id), password: "Welcome-2026-Yk" });
    expect(created.status).toBe(303);
    const carol = t.services.agents.byUsername("carol")!;
    expect(carol.department_id).toBe(d.id);
    await b.get(`/admin/agents/${carol.id}`);
    expect((await b.post(`/admin/agents/${carol.id}`, { display_name: "Carol", email: "", role_id: "agent", allowed_ips: "", department_id: "" })).status).toBe(303);
    expect(t.services.agents.get(carol.id)!.department_id).toBeNull();
  });

  it("is refused to roles without departments.manage", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "dora", "department_admin");
    expect((await b.get("/admin/departments")).status).toBe(403);
    expect((await b.get("/admin")).status).toBe(200);
    expect(b.lastHtml).not.toContain('href="/admin/departments"');
  });
});

describe("department admins manage only their own department", () => {
  async function world() {
    const t = createTestApp();
    const retail = t.services.departments.create({ name: "零售" }, sys);
    const corporate = t.services.departments.create({ name: "对公" }, sys);
    const { agent: dora, b } = await signedIn(t, "dora", "department_admin", retail.id);
    const mine = await t.createAgent("mine");
    t.services.departments.setAgentDepartment(mine.id, retail.id, sys);
    const theirs = await t.createAgent("theirs");
    t.services.departments.setAgentDepartment(theirs.id, corporate.id, sys);
    const loose = await t.createAgent("loose");
    return { t, b, dora, retail, corporate, mine, theirs, loose };
  }
  const profile = (extra: Record<string, string> = {}) => ({ display_name: "X Name", email: "", role_id: "agent", allowed_ips: "", ...extra });

  it("lists and opens only their department's agents; everyone else is 404 for every action", async () => {
    const { t, b, mine, theirs, loose } = await world();
    const list = await (await b.get("/admin/agents")).text();
    expect(list).toContain(`/admin/agents/${mine.id}"`);
    expect(list).not.toContain(`/admin/agents/${theirs.id}"`);
    expect(list).not.toContain(`/admin/agents/${loose.id}"`);
    expect((await b.get(`/admin/agents/${mine.id}`)).status).toBe(200);
    for (const other of [theirs, loose]) {
      expect((await b.get(`/admin/agents/${other.id}`)).status).toBe(404);
      const csrf = (await b.get("/admin/agents"), b.csrf());
      const post = (path: string, form: Record<string, string> = {}) => b.request("POST", path, { form: { _csrf: csrf, ...form } });
      expect((await post(`/admin/agents/${other.id}`, profile())).status).toBe(404);
      for (const action of ["disable", "enable", "reset-password", "reset-totp", "unlock"]) expect((await post(`/admin/agents/${other.id}/${action}`)).status).toBe(404);
    }
    expect(t.services.agents.get(theirs.id)!.disabled).toBe(0);
    expect(t.services.agents.get(theirs.id)!.display_name).toBe("theirs name");
    await b.get(`/admin/agents/${mine.id}`);
    expect((await b.post(`/admin/agents/${mine.id}/disable`)).status).toBe(303);
    expect(t.services.agents.get(mine.id)!.disabled).toBe(1);
    const reset = await b.post(`/admin/agents/${mine.id}/reset-password`);
    expect(reset.status).toBe(200);
  });

  it("new agents go into their department; the field is fixed and moving an agent out is refused", async () => {
    const { t, b, retail, corporate, mine } = await world();
    const form = await (await b.get("/admin/agents/new")).text();
    expect(form).toContain(`<select name="department_id" disabled><option value="${retail.id}" selected>零售</option>`);
    const created = await b.post("/admin/agents", { username: "newbie", password: "Welcome-2026-Yk", ...profile() });
    expect(created.status).toBe(303);
    expect(t.services.agents.byUsername("newbie")!.department_id).toBe(retail.id);

    await b.get("/admin/agents/new");
    let res = await b.post("/admin/agents", { username: "sneaky", password: "Welcome-2026-Yk", ...profile({ department_id: String(corporate.id) }) });
    expect(res.status).toBe(403);
    expect(invalidField(await res.text(), "department_id")).toBe(true);
    expect(t.services.agents.byUsername("sneaky")).toBeNull();

    await b.get(`/admin/agents/${mine.id}`);
    res = await b.post(`/admin/agents/${mine.id}`, profile({ department_id: String(corporate.id) }));
    expect(res.status).toBe(403);
    expect(t.services.agents.get(mine.id)!.department_id).toBe(retail.id);
    await b.get(`/admin/agents/${mine.id}`);
    expect((await b.post(`/admin/agents/${mine.id}`, profile({ display_name: "Renamed" }))).status).toBe(303);
    expect(t.services.agents.get(mine.id)).toMatchObject({ display_name: "Renamed", department_id: retail.id });
  });

  it("may grant only department-scoped roles (or agent) whose permissions they hold, enforced in the service too", async () => {
    const { t, b, dora, mine } = await world();
    const form = await (await b.get("/admin/agents/new")).text();
    expect(form).toContain('<option value="agent"');
    expect(form).toContain('<option value="department_admin"');
    expect(form).not.toContain('<option value="admin"');
    expect(form).not.toContain('<option value="supervisor"');
    for (const role of ["admin", "supervisor", "auditor"]) {
      await b.get(`/admin/agents/${mine.id}`);
      const res = await b.post(`/admin/agents/${mine.id}`, profile({ role_id: role }));
      expect(res.status).toBe(403);
      expect(invalidField(await res.text(), "role_id")).toBe(true);
      expect(t.services.agents.get(mine.id)!.role_id).toBe("agent");
    }
    // An organisation-wide custom role with only permissions Dora holds is still out of reach.
    t.services.roles.create({ id: "helper", name: "Helper", scope: "all", permissions: ["chat.accept"] }, sys, null);
    const actor = { id: dora.id, name: "dora" };
    expect(() => t.services.agents.update(mine.id, profile({ role_id: "helper" }), actor)).toThrow(expect.objectContaining({ status: 403, field: "role_id" }));
    await expect(t.services.agents.create({ username: "x2", password: "Welcome-2026-Yk", ...profile({ role_id: "admin" }) }, actor)).rejects.toMatchObject({ status: 403, field: "role_id" });
    t.services.roles.create({ id: "dept_helper", name: "Dept helper", scope: "department", permissions: ["chat.accept"] }, sys, null);
    expect(t.services.agents.update(mine.id, profile({ role_id: "dept_helper" }), actor).role_id).toBe("dept_helper");

    // An admin placed in her department is beyond her: she cannot reset or disable them.
    const boss = await t.createAgent("boss", "admin");
    t.services.departments.setAgentDepartment(boss.id, t.services.agents.get(dora.id)!.department_id, sys);
    expect(() => t.services.agents.setDisabled(boss.id, true, actor)).toThrow(expect.objectContaining({ status: 403 }));
    expect(t.services.agents.get(boss.id)!.disabled).toBe(0);
  });

  it("an organisation admin cannot grant a role holding permissions they lack", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const carol = await t.createAgent("carol");
    await b.get(`/admin/agents/${carol.id}`);
    expect(b.lastHtml).not.toContain('<option value="auditor"');
    const res = await b.post(`/admin/agents/${carol.id}`, profile({ role_id: "auditor" }));
    expect(res.status).toBe(403);
    expect(invalidField(await res.text(), "role_id")).toBe(true);
    expect(t.services.agents.get(carol.id)!.role_id).toBe("agent");
    await b.get(`/admin/agents/${carol.id}`);
    expect((await b.post(`/admin/agents/${carol.id}`, profile({ role_id: "supervisor" }))).status).toBe(303);
  });
});
