import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";

const admin = { id: null, name: "test" };

describe("skill groups", () => {
  it("keeps members, lists an agent's groups in order and refuses bad input by field", async () => {
    const t = createTestApp();
    const [a, b] = await Promise.all([t.createAgent("g1"), t.createAgent("g2")]);
    const sales = t.services.groups.create(admin, { name: "销售", position: 2, member_ids: [String(a.id), String(b.id)] });
    const support = t.services.groups.create(admin, { name: "Support", position: 1, default_agent_id: a.id, member_ids: [a.id] });
    expect(t.services.groups.groupsOf(a.id).map((g) => g.name)).toEqual(["Support", "销售"]);
    expect(t.services.groups.memberIds(sales.id)).toEqual([a.id, b.id].sort((x, y) => x - y));
    expect(() => t.services.groups.create(admin, { name: "support" })).toThrow(expect.objectContaining({ status: 409, field: "name" }));
    expect(() => t.services.groups.create(admin, { name: "X", member_ids: [99999] })).toThrow(expect.objectContaining({ status: 422, field: "member_ids" }));
    expect(() => t.services.groups.update(admin, support.id, { name: " " })).toThrow(expect.objectContaining({ field: "name" }));
    t.services.groups.update(admin, support.id, { name: "Support", member_ids: [] });
    expect(t.services.groups.groupsOf(a.id).map((g) => g.name)).toEqual(["销售"]);
    t.services.groups.remove(admin, sales.id);
    expect(t.services.groups.groupsOf(b.id)).toEqual([]);
  });
});
