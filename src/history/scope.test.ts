import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import type { Principal } from "../auth/service.ts";
import type { ConversationRow } from "../chat/repo.ts";
import { historyScope, historyWhere, inHistoryScope } from "./scope.ts";

const sys = { id: null, name: "test" };

/**
 * The list (SQL) and the detail (inHistoryScope) must agree on every chat, for every kind of
 * holder; otherwise a chat could be listed and then refused, or opened but never listed.
 */
async function world() {
  const t = createTestApp();
  const retail = t.services.departments.create({ name: "零售" }, sys);
  const corporate = t.services.departments.create({ name: "对公" }, sys);
  const site = t.services.sites.create({ name: "网站", allowed_origins: "https://a.example.test", default_language: "zh-CN" }, sys);
  const retailSite = t.services.sites.create({ name: "零售网站", allowed_origins: "https://r.example.test", default_language: "zh-CN" }, sys);
  t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [retail.id, retailSite.id]);
  const retailGroup = t.services.groups.create(sys, { name: "零售组", department_id: retail.id });
  const agent = async (name: string, role: string, dept: number | null) => {
    const a = await t.createAgent(name, role);
    if (dept !== null) t.services.departments.setAgentDepartment(a.id, dept, sys);
    return t.services.agents.get(a.id)!;
  };
  const amy = await agent("amy", "agent", retail.id);
  const ben = await agent("ben", "agent", corporate.id);
  const cal = await agent("cal", "agent", null);
  const rita = await agent("rita", "department_admin", retail.id);
  const sue = await agent("sue", "supervisor", corporate.id);
  const admin = await agent("root", "admin", null);
  const chat = (siteId: number, agentId: number | null, groupId: number | null) => {
    const visitor = t.services.visitors.identify(siteId, null).visitor;
    const now = Date.now();
    return t.db.query("INSERT INTO conversations (site_id, visitor_id, status, agent_id, group_id, created_at) VALUES (?, ?, 'ended', ?, ?, ?) RETURNING *")
      .get(siteId, visitor.id, agentId, groupId, now) as ConversationRow;
  };
  const chats = [
    chat(site.id, amy.id, null), chat(site.id, ben.id, null), chat(site.id, cal.id, null),
    chat(retailSite.id, null, null), chat(site.id, null, retailGroup.id), chat(site.id, null, null),
  ];
  // ben was invited into amy's chat as a guest: it is his too.
  t.db.run("INSERT INTO conversation_participants (conversation_id, agent_id, role, joined_at, left_at) VALUES (?, ?, 'guest', 1, 2)", [chats[0].id, ben.id]);
  const principal = (a: typeof amy): Principal => ({
    session: null as never, agent: a, permissions: t.services.auth.permissionsOf(a), scope: t.services.auth.scopeOf(a), pending: null,
  });
  return { t, chats, people: { amy, ben, cal, rita, sue, admin }, principal };
}

describe("history scope", () => {
  it("lists exactly the chats the detail would open, for every kind of holder", async () => {
    const w = await world();
    const visible: Record<string, number[]> = {};
    for (const [name, a] of Object.entries(w.people)) {
      const scope = historyScope(w.principal(a));
      expect(scope).not.toBeNull();
      const where = historyWhere(scope!);
      const listed = (w.t.db.query(`SELECT c.id FROM conversations c WHERE ${where.sql} ORDER BY c.id`).all(where.params as never) as { id: number }[]).map((r) => r.id);
      const opened = w.chats.filter((c) => inHistoryScope(w.t.services, scope!, c)).map((c) => c.id);
      expect({ name, listed }).toEqual({ name, listed: opened });
      visible[name] = listed.map((id) => w.chats.findIndex((c) => c.id === id));
    }
    // Ordinary agents: their own chats (served or joined as a guest).
    expect(visible.amy).toEqual([0]);
    expect(visible.ben).toEqual([0, 1]);
    expect(visible.cal).toEqual([2]);
    // The retail department admin: retail agents' chats, the retail group's and the retail site's.
    expect(visible.rita).toEqual([0, 3, 4]);
    // Organisation-wide admins and supervisors (history.all) see everything.
    expect(visible.admin).toEqual([0, 1, 2, 3, 4, 5]);
    expect(visible.sue).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("gives nothing to a role without any history permission", async () => {
    const w = await world();
    const p = w.principal(w.people.amy);
    p.permissions = new Set([...p.permissions].filter((x) => !x.startsWith("history.")));
    expect(historyScope(p)).toBeNull();
  });
});
