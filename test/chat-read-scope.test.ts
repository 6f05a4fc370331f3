import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { cid } from "./frames.ts";

setDefaultTimeout(60_000);

/**
 * Who may read a chat's transcript (M1): its own agents; organisation-wide supervisors; agents
 * serving its site; a department admin only inside their department. Others get 404.
 */
const sys = { id: null, name: "test" };

async function world() {
  const t = createTestApp();
  const retail = t.services.departments.create({ name: "零售" }, sys);
  const corporate = t.services.departments.create({ name: "对公" }, sys);
  const retailSite = t.services.sites.create({ name: "零售网站", allowed_origins: "https://retail.example.test", default_language: "zh-CN" }, sys);
  t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [retail.id, retailSite.id]);
  async function signedIn(username: string, role: string, departmentId: number | null) {
    const agent = await t.createAgent(username, role);
    if (departmentId !== null) t.services.departments.setAgentDepartment(agent.id, departmentId, sys);
    const b = t.browser();
    expect((await b.signIn(username)).status).toBe(303);
    return { agent, read: async (id: number) => (await b.get(`/api/conversations/${id}/messages`, { accept: "application/json" })).status };
  }
  const visitor = t.services.visitors.identify(retailSite.id, null).visitor;
  const { conversation } = await t.services.chat.visitorSend({ id: visitor.id, site_id: retailSite.id, name: "" }, { cid: cid(), body: "我想开户" });
  return { t, retail, corporate, conversation, signedIn };
}

describe("reading a chat's transcript", () => {
  it("is open to the site's agents and organisation supervisors, closed to other departments", async () => {
    const w = await world();
    const retailAgent = await w.signedIn("amy", "agent", w.retail.id);
    const corporateAgent = await w.signedIn("ben", "agent", w.corporate.id);
    const anywhereAgent = await w.signedIn("cal", "agent", null);
    const supervisor = await w.signedIn("sue", "supervisor", w.corporate.id);
    const retailAdmin = await w.signedIn("rita", "department_admin", w.retail.id);
    const corporateAdmin = await w.signedIn("carl", "department_admin", w.corporate.id);
    const id = w.conversation.id;
    expect(await retailAgent.read(id)).toBe(200);
    expect(await anywhereAgent.read(id)).toBe(200);
    expect(await supervisor.read(id)).toBe(200);
    expect(await retailAdmin.read(id)).toBe(200);
    expect(await corporateAgent.read(id)).toBe(404);
    expect(await corporateAdmin.read(id)).toBe(404);
  });

  it("stays open to an agent who took part, even from another department", async () => {
    const w = await world();
    const ben = await w.signedIn("ben", "agent", w.corporate.id);
    expect(await ben.read(w.conversation.id)).toBe(404);
    w.t.db.run("INSERT INTO conversation_participants (conversation_id, agent_id, role, joined_at) VALUES (?, ?, 'guest', ?)", [w.conversation.id, ben.agent.id, w.t.clock.now()]);
    expect(await ben.read(w.conversation.id)).toBe(200);
  });
});
