import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

setDefaultTimeout(30_000);

/** Admin pages for skill groups (/admin/groups): create, edit members, field errors, delete, access. */
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

const invalidField = (page: string, name: string) => new RegExp(`name="${name}"[^>]*aria-invalid="true"`).test(page);

describe("admin: groups", () => {
  it("creates a group with members and a default agent, edits it, shows field errors, deletes it", async () => {
    const t = createTestApp();
    const { b } = await signedIn(t, "root", "admin");
    const alice = await t.createAgent("alice");
    const bob = await t.createAgent("bob");

    const form = await (await b.get("/admin/groups/new")).text();
    expect(form).toContain('name="member_ids"');
    const created = await postPairs(b, "/admin/groups", [["name", "贷款组"], ["position", "2"], ["default_agent_id", String(alice.id)], ["member_ids", String(alice.id)], ["member_ids", String(bob.id)]]);
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/groups\/(\d+)\?done=created/.exec(created.headers.get("location") ?? "")![1]);
    expect(t.services.groups.get(id)).toMatchObject({ name: "贷款组", position: 2, default_agent_id: alice.id });
    expect(t.services.groups.memberIds(id)).toEqual([alice.id, bob.id]);

    const list = await (await b.get("/admin/groups")).text();
    expect(list).toContain("贷款组");
    expect(list).toContain("alice name、bob name");
    expect(list).toContain('href="/admin/groups"');

    // Errors stay next to their fields, with what was typed.
    await b.get("/admin/groups/new");
    const dup = await postPairs(b, "/admin/groups", [["name", "贷款组"], ["position", "1"]]);
    expect(dup.status).toBe(422);
    const dupPage = await dup.text();
    expect(invalidField(dupPage, "name")).toBe(true);
    expect(dupPage).toContain("分组名称已存在");
    const badPosition = await postPairs(b, "/admin/groups", [["name", "<b>理财</b>"], ["position", "-3"]]);
    const badPage = await badPosition.text();
    expect(badPosition.status).toBe(422);
    expect(invalidField(badPage, "position")).toBe(true);
    expect(badPage).toContain('value="&lt;b&gt;理财&lt;/b&gt;"');
    expect(t.services.groups.list()).toHaveLength(1);

    // Edit: rename, drop a member; a missing default agent is refused on its field.
    await b.get(`/admin/groups/${id}`);
    const saved = await postPairs(b, `/admin/groups/${id}`, [["name", "贷款一组"], ["position", "1"], ["default_agent_id", ""], ["member_ids", String(bob.id)]]);
    expect(saved.status).toBe(303);
    expect(t.services.groups.get(id)).toMatchObject({ name: "贷款一组", default_agent_id: null });
    expect(t.services.groups.memberIds(id)).toEqual([bob.id]);
    await b.get(`/admin/groups/${id}`);
    const wrong = await postPairs(b, `/admin/groups/${id}`, [["name", "贷款一组"], ["default_agent_id", "9999"]]);
    expect(wrong.status).toBe(422);
    expect(invalidField(await wrong.text(), "default_agent_id")).toBe(true);

    await b.get(`/admin/groups/${id}`);
    expect((await b.post(`/admin/groups/${id}/delete`)).status).toBe(303);
    expect(t.services.groups.list()).toHaveLength(0);
    const actions = (t.db.query("SELECT action FROM audit_log WHERE action LIKE 'group.%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(["group.create", "group.update", "group.delete"]);
  });

  it("is reserved to departments.manage: routes, navigation and a plain agent's refusal", async () => {
    for (const [route, policy] of Object.entries(ROUTE_POLICY)) if (route.includes("/admin/groups")) expect(policy).toBe("departments.manage");
    const t = createTestApp();
    const { b } = await signedIn(t, "ann", "agent");
    expect((await b.get("/admin/groups")).status).toBe(403);
    expect(await (await b.get("/admin")).text()).not.toContain('href="/admin/groups"');
    const { b: admin } = await signedIn(t, "root", "admin");
    expect(await (await admin.get("/admin")).text()).toContain('href="/admin/groups"');
  });
});
