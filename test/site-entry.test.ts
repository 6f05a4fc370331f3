import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";

/** V24 / R2: a site's department, entry binding and visitor choice — admin form and chat opening. */
const actor = { id: null, name: "test" };
const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(page);

async function world() {
  const t = createTestApp();
  const s = t.services;
  const sales = s.departments.create({ name: "销售部" }, actor);
  const support = s.departments.create({ name: "客服部" }, actor);
  const ann = await t.createAgent("ann");
  const bob = await t.createAgent("bob");
  const aud = await t.createAgent("aud", "auditor"); // may not take chats
  s.departments.setAgentDepartment(ann.id, sales.id, actor);
  s.departments.setAgentDepartment(bob.id, support.id, actor);
  s.departments.setAgentDepartment(aud.id, sales.id, actor);
  const g1 = s.groups.create(actor, { name: "售前 Pre-sales", position: 2, member_ids: [String(ann.id)] });
  const g0 = s.groups.create(actor, { name: "大客户 Key accounts", position: 1, member_ids: [String(ann.id)] });
  const g2 = s.groups.create(actor, { name: "售后 After-sales", position: 0, member_ids: [String(bob.id)] });
  // Groups get their department from the departments admin (another part of issue 5); set it here.
  t.db.run("UPDATE agent_groups SET department_id = ? WHERE id IN (?, ?)", [sales.id, g1.id, g0.id]);
  t.db.run("UPDATE agent_groups SET department_id = ? WHERE id = ?", [support.id, g2.id]);
  return { t, s, sales, support, ann, bob, aud, g0, g1, g2 };
}

const siteInput = (extra: Record<string, unknown> = {}) => ({ name: "Shop", allowed_origins: "https://shop.example", default_language: "en", ...extra });

async function admin(t: TestApp) {
  await t.createAgent("root", "admin");
  const b = t.browser();
  expect((await b.signIn("root")).status).toBe(303);
  return b;
}

describe("site entry: admin", () => {
  it("saves department, group binding and choice through the form, audited, and shows them selected", async () => {
    const { t, s, sales, g1 } = await world();
    const b = await admin(t);
    const form = await (await b.get("/admin/sites/new")).text();
    expect(form).toContain(`<option value="${sales.id}">销售部</option>`);
    expect(form).toContain(`name="route_group_id"`);
    expect(form).toContain(`name="route_agent_id"`);
    expect(form).toContain(`<option value="groups">`);
    const res = await b.post("/admin/sites", { ...siteInput(), department_id: String(sales.id), route_group_id: String(g1.id), route_agent_id: "", entry_choice: "groups" } as Record<string, string>);
    expect(res.status).toBe(303);
    const site = s.sites.list()[0];
    expect(site).toMatchObject({ department_id: sales.id, route_group_id: g1.id, route_agent_id: null, entry_choice: "groups" });
    const page = await (await b.get(`/admin/sites/${site.id}`)).text();
    expect(page).toContain(`<option value="${g1.id}" selected>`);
    expect(page).toContain(`<option value="groups" selected>`);
    const audit = t.db.query("SELECT detail FROM audit_log WHERE action = 'site.create'").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ department_id: sales.id, route_group_id: g1.id, entry_choice: "groups" });

    // Editing to an agent binding and no choice; the audit keeps before and after.
    const { ann } = { ann: s.agents.byUsername("ann")! };
    const edit = await b.post(`/admin/sites/${site.id}`, { ...siteInput(), department_id: String(sales.id), route_group_id: "", route_agent_id: String(ann.id), entry_choice: "none" } as Record<string, string>);
    expect(edit.status).toBe(303);
    expect(s.sites.get(site.id)).toMatchObject({ route_group_id: null, route_agent_id: ann.id, entry_choice: "none" });
    const upd = JSON.parse((t.db.query("SELECT detail FROM audit_log WHERE action = 'site.update'").get() as { detail: string }).detail);
    expect(upd.before).toMatchObject({ route_group_id: g1.id, entry_choice: "groups" });
    expect(upd.after).toMatchObject({ route_group_id: null, route_agent_id: ann.id, entry_choice: "none" });
  });

  it("refuses a binding outside the site's department, to both, to nothing that exists, and a bad choice — at the field", async () => {
    const { t, s, sales, g1, g2, ann, bob } = await world();
    const b = await admin(t);
    await b.get("/admin/sites/new");
    const post = (extra: Record<string, string>) => b.post("/admin/sites", { ...siteInput(), department_id: "", route_group_id: "", route_agent_id: "", entry_choice: "none", ...extra } as Record<string, string>);
    const cases: [Record<string, string>, string, string][] = [
      [{ department_id: String(sales.id), route_group_id: String(g2.id) }, "route_group_id", "分组须属于本网站的部门"],
      [{ department_id: String(sales.id), route_agent_id: String(bob.id) }, "route_agent_id", "客服须属于本网站的部门"],
      [{ route_group_id: String(g1.id), route_agent_id: String(ann.id) }, "route_agent_id", "不能同时绑定"],
      [{ route_group_id: "99999" }, "route_group_id", "分组不存在"],
      [{ route_agent_id: "99999" }, "route_agent_id", "客服不存在"],
      [{ department_id: "99999" }, "department_id", "部门不存在"],
      [{ entry_choice: "everyone" }, "entry_choice", "the entry choice must be"],
    ];
    for (const [extra, field, text] of cases) {
      const res = await post(extra);
      expect(res.status).toBe(422);
      const page = await res.text();
      expect(invalidField(page, field)).toBe(true);
      expect(page).toContain(text);
    }
    expect(s.sites.list()).toEqual([]);
    // The service refuses the same without the form (e.g. a site edited to a department later).
    const site = s.sites.create(siteInput({ route_group_id: g2.id }), actor);
    expect(() => s.sites.update(site.id, siteInput({ department_id: sales.id }), actor)).toThrow(/分组须属于本网站的部门/);
    expect(s.sites.get(site.id)!.department_id).toBeNull();
  });
});

describe("site entry: what the widget offers and where a chat goes", () => {
  it("offers the department's groups by position and the agents who take chats, with live status", async () => {
    const { s, sales, g0, g1, ann } = await world();
    const groupsSite = s.sites.create(siteInput({ department_id: sales.id, entry_choice: "groups" }), actor);
    expect(s.sites.entry.offer(groupsSite)).toEqual({ kind: "groups", options: [{ id: g0.id, name: "大客户 Key accounts", online: false }, { id: g1.id, name: "售前 Pre-sales", online: false }] });
    const agentsSite = s.sites.create(siteInput({ name: "Agents", department_id: sales.id, entry_choice: "agents" }), actor);
    // aud is in the department but may not take chats; bob takes chats in another department.
    expect(s.sites.entry.offer(agentsSite)).toEqual({ kind: "agents", options: [{ id: ann.id, name: "ann name", online: false }] });
    s.agents.availability.connected(ann.id, "online");
    expect(s.sites.entry.offer(groupsSite)!.options.map((o) => o.online)).toEqual([true, true]);
    expect(s.sites.entry.offer(agentsSite)!.options[0].online).toBe(true);
    s.agents.availability.setStatus(ann.id, "away");
    expect(s.sites.entry.offer(agentsSite)!.options[0].online).toBe(false);
    // Without a department: every group, ordered by position.
    const all = s.sites.create(siteInput({ name: "All", entry_choice: "groups" }), actor);
    expect(s.sites.entry.offer(all)!.options.map((o) => o.name)).toEqual(["售后 After-sales", "大客户 Key accounts", "售前 Pre-sales"]);
    expect(s.sites.entry.offer(s.sites.create(siteInput({ name: "None" }), actor))).toBeNull();
  });

  it("stores the site's binding on a new chat, and only on opening it", async () => {
    const { s, g1, ann } = await world();
    const site = s.sites.create(siteInput({ route_group_id: g1.id }), actor);
    const visitor = s.visitors.identify(site.id, null).visitor;
    const route = () => s.sites.entry.route(s.sites.get(site.id)!, {});
    const first = await s.chat.visitorSend(visitor, { cid: "a1", body: "hi", route });
    expect(first.conversation).toMatchObject({ group_id: g1.id, requested_agent_id: null });
    // A later binding change does not move an open chat.
    s.sites.update(site.id, siteInput({ route_group_id: null, route_agent_id: ann.id }), actor);
    const second = await s.chat.visitorSend(visitor, { cid: "a2", body: "again", route });
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(s.chat.get(first.conversation.id)).toMatchObject({ group_id: g1.id, requested_agent_id: null });
    await s.chat.end(first.conversation.id, "visitor");
    const third = await s.chat.visitorSend(visitor, { cid: "a3", body: "new chat", route });
    expect(third.conversation).toMatchObject({ group_id: null, requested_agent_id: ann.id });
  });

  it("takes the visitor's choice when offered, refuses a forged one, and falls back to the binding without one", async () => {
    const { s, sales, g0, g1, g2, ann, bob, aud } = await world();
    const site = s.sites.create(siteInput({ department_id: sales.id, route_group_id: g1.id, entry_choice: "groups" }), actor);
    expect(s.sites.entry.route(site, { groupId: g0.id })).toEqual({ groupId: g0.id, requestedAgentId: null });
    expect(s.sites.entry.route(site, { groupId: String(g0.id) })).toEqual({ groupId: g0.id, requestedAgentId: null });
    expect(s.sites.entry.route(site, {})).toEqual({ groupId: g1.id, requestedAgentId: null });
    for (const forged of [g2.id, 99999, "1 OR 1", -1]) {
      expect(() => s.sites.entry.route(site, { groupId: forged })).toThrow(expect.objectContaining({ status: 422, field: "groupId" }));
    }
    expect(() => s.sites.entry.route(site, { agentId: ann.id })).toThrow(expect.objectContaining({ field: "agentId" }));

    const agents = s.sites.create(siteInput({ name: "A", department_id: sales.id, entry_choice: "agents" }), actor);
    expect(s.sites.entry.route(agents, { agentId: ann.id })).toEqual({ groupId: null, requestedAgentId: ann.id });
    for (const forged of [bob.id, aud.id]) expect(() => s.sites.entry.route(agents, { agentId: forged })).toThrow(expect.objectContaining({ field: "agentId" }));

    // A refused choice writes nothing: no conversation, no message.
    const visitor = s.visitors.identify(site.id, null).visitor;
    await expect(s.chat.visitorSend(visitor, { cid: "f1", body: "x", route: () => s.sites.entry.route(site, { groupId: g2.id }) })).rejects.toMatchObject({ field: "groupId" });
    expect(s.chat.openFor(visitor.id)).toBeNull();
    const ok = await s.chat.visitorSend(visitor, { cid: "f2", body: "x", route: () => s.sites.entry.route(site, { groupId: g0.id }) });
    expect(ok.conversation).toMatchObject({ group_id: g0.id, requested_agent_id: null });
  });
});
