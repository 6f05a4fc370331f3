import { describe, expect, it } from "bun:test";
import { distributionTable, simulate } from "./routing-sim.ts";

/**
 * 20 agents, 500 visitors per mode, against the real routing service on a real SQLite file with
 * the harness clock (test/routing-sim.ts). Each mode's fairness property (docs/routing.md).
 */
describe("routing simulation", () => {
  it("service mode: every chat goes to an agent with the fewest current chats; concurrency stays level", async () => {
    const r = await simulate("service");
    console.log(distributionTable(r));
    expect(r.assignments).toHaveLength(500);
    for (const a of r.assignments) {
      const fewest = Math.min(...a.currentBefore.values());
      expect(a.currentBefore.get(a.agentId)).toBe(fewest);
    }
    // While every agent is eligible and nothing has ended yet, they are never more than one apart.
    expect(r.openingSpread).toBeLessThanOrEqual(1);
  }, 300_000);

  it("sales mode: every chat goes to an agent with the fewest chats today; daily totals end level", async () => {
    const r = await simulate("sales");
    console.log(distributionTable(r));
    expect(r.assignments).toHaveLength(500);
    for (const a of r.assignments) expect(a.todayBefore.get(a.agentId)).toBe(Math.min(...a.todayBefore.values()));
    const totals = r.agents.map((a) => a.today);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1);
    expect(totals.reduce((x, y) => x + y, 0)).toBe(500);
  }, 300_000);
});
