import { describe, expect, it } from "bun:test";
import { randomBytes } from "node:crypto";
import { AppError } from "../src/platform/errors.ts";
import { createServices } from "../src/services.ts";
import { silentLogger } from "../src/platform/logger.ts";
import { createSecretBox } from "../src/platform/secretbox.ts";
import { ADMIN, routingWorld } from "./routing-world.ts";

const statusOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return { status: 200, message: "" };
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, message: e.message };
    throw e;
  }
};

describe("routing: offers", () => {
  it("service mode offers the chat to the agent with the fewest current chats; only they can accept it", async () => {
    const w = await routingWorld({ mode: "service" });
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const first = await w.chat();
    const o1 = w.offerOf(first.id)!;
    await w.accept(o1.agent_id, first.id);
    const second = await w.chat();
    const o2 = w.offerOf(second.id)!;
    // The one who took the first chat now has more; the other gets the second.
    expect(o2.agent_id).toBe(o1.agent_id === a.id ? b.id : a.id);
    const thief = await statusOf(w.accept(o1.agent_id, second.id));
    expect(thief.status).toBe(409);
    expect(thief.message).toContain("已分配给其他客服");
    await w.accept(o2.agent_id, second.id);
    expect(w.s.chat.get(second.id)).toMatchObject({ status: "active", agent_id: o2.agent_id });
    expect(w.s.routing.repo.offer(o2.id)!.status).toBe("accepted");
  });

  it("sales mode offers the chat to the agent with the fewest chats today", async () => {
    const w = await routingWorld({ mode: "sales" });
    const a = await w.agent("amy");
    const b = await w.agent("ben", { online: false });
    // amy served two chats today (both ended), ben none; ben comes online.
    for (let i = 0; i < 2; i++) {
      const c = await w.chat();
      await w.accept(a.id, c.id);
      await w.end(c.id);
    }
    w.online(b.id);
    const c = await w.chat();
    expect(w.offerOf(c.id)!.agent_id).toBe(b.id);
  });

  it("prefers the visitor's previous agent when online and under the limit, and not when switched off", async () => {
    const w = await routingWorld({ mode: "service" });
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const visitorId = w.s.visitors.identify(w.site.id, null).visitor.id;
    const c1 = await w.chat({ visitorId });
    const who = w.offerOf(c1.id)!.agent_id;
    await w.accept(who, c1.id);
    await w.end(c1.id);
    // Give the previous agent more load than the other: the preference still wins.
    const other = who === a.id ? b.id : a.id;
    const busy = await w.chat({ requestedAgentId: who });
    await w.accept(who, busy.id);
    const c2 = await w.chat({ visitorId });
    expect(w.offerOf(c2.id)!.agent_id).toBe(who);
    await w.accept(who, c2.id);
    await w.end(c2.id);
    // Switched off: the fewest current chats decide (who still has one, the other none).
    w.setMode("service", w.site.id, { prefer: false });
    const c3 = await w.chat({ visitorId });
    expect(w.offerOf(c3.id)!.agent_id).toBe(other);
  });

  it("re-offers to the next agent when the deadline passes, and back to the same one only if nobody else is there", async () => {
    const w = await routingWorld({ mode: "service", timeout: 10 });
    await w.agent("amy");
    await w.agent("ben");
    const c = await w.chat();
    const first = w.offerOf(c.id)!;
    w.t.clock.advance(10_001);
    await w.s.routing.tick();
    await w.s.routing.settle();
    expect(w.s.routing.repo.offer(first.id)!.status).toBe("expired");
    const second = w.offerOf(c.id)!;
    expect(second.agent_id).not.toBe(first.agent_id);
    // The second lets it lapse too, and goes away: the first is all that is left.
    w.s.agents.setServiceStatus(second.agent_id, "away");
    await w.s.routing.settle();
    expect(w.s.routing.repo.offer(second.id)!.status).toBe("dropped");
    expect(w.offerOf(c.id)!.agent_id).toBe(first.agent_id);
  });

  it("moves the offer on when the agent signs out, or when their console is gone beyond the grace", async () => {
    const w = await routingWorld({ mode: "service", timeout: 120 });
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const c = await w.chat();
    const o = w.offerOf(c.id)!;
    w.s.events.publish("agent.sessions_ended", { agentId: o.agent_id, reason: "signed_out" });
    w.s.agents.availability.disconnected(o.agent_id);
    await w.s.routing.settle();
    expect(w.s.routing.repo.offer(o.id)!.status).toBe("dropped");
    const next = w.offerOf(c.id)!;
    expect(next.agent_id).toBe(o.agent_id === a.id ? b.id : a.id);
    // The socket drops without a sign-out: a reload within the grace keeps the offer.
    w.online(o.agent_id);
    w.s.agents.availability.disconnected(next.agent_id);
    await w.s.routing.tick();
    w.t.clock.advance(5_000);
    await w.s.routing.tick();
    expect(w.offerOf(c.id)!.id).toBe(next.id);
    w.t.clock.advance(15_000);
    await w.s.routing.tick();
    await w.s.routing.settle();
    expect(w.s.routing.repo.offer(next.id)!.status).toBe("dropped");
    expect(w.offerOf(c.id)!.agent_id).toBe(o.agent_id);
  });

  it("offers waiting chats in arrival order when an agent becomes available", async () => {
    const w = await routingWorld({ mode: "service" });
    const a = await w.agent("amy", { online: false, max: 1 });
    const c1 = await w.chat();
    const c2 = await w.chat();
    expect(w.offerOf(c1.id)).toBeNull();
    w.online(a.id);
    await w.s.routing.route();
    await w.s.routing.settle();
    expect(w.offerOf(c1.id)!.agent_id).toBe(a.id);
    // One chat at a time (limit 1, the pending offer counts): the second waits.
    expect(w.offerOf(c2.id)).toBeNull();
    await w.accept(a.id, c1.id);
    await w.end(c1.id);
    expect(w.offerOf(c2.id)!.agent_id).toBe(a.id);
  });

  it("expired offers from before a restart are re-routed when the server starts again", async () => {
    const w = await routingWorld({ mode: "service", timeout: 30 });
    await w.agent("amy");
    const c = await w.chat();
    const o = w.offerOf(c.id)!;
    w.s.routing.stop();
    w.t.clock.advance(60_000);
    const again = createServices({ config: w.t.config, db: w.t.db, clock: w.t.clock, logger: silentLogger(), secretBox: createSecretBox(randomBytes(32)) });
    await again.routing.started;
    await again.routing.settle();
    expect(again.routing.repo.offer(o.id)!.status).toBe("expired");
    // Nobody is connected to the new process yet: the chat waits in the queue, first in line.
    expect(again.routing.pendingOffer(c.id)).toBeNull();
    expect(again.routing.queueOf(c.id)).toMatchObject({ position: 1 });
    again.routing.stop();
  });

  it("manual mode makes no offers", async () => {
    const w = await routingWorld();
    await w.agent("amy");
    const c = await w.chat();
    expect(w.offerOf(c.id)).toBeNull();
    expect(w.s.routing.queueOf(c.id)).toBeNull();
  });
});

describe("routing: eligibility", () => {
  it("a group's chat is listed for and taken by its members only", async () => {
    const w = await routingWorld();
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const g = w.s.groups.create(ADMIN, { name: "贷款", member_ids: [String(a.id)] });
    const c = await w.chat({ groupId: g.id });
    expect(w.s.routing.waitingFor(a.id).map((x) => x.id)).toEqual([c.id]);
    expect(w.s.routing.waitingFor(b.id)).toEqual([]);
    const refused = await statusOf(w.accept(b.id, c.id));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain("您不能接待这个对话");
    await w.accept(a.id, c.id);
  });

  it("a group's default agent takes its chats first while available, then load balancing resumes", async () => {
    const w = await routingWorld({ mode: "service" });
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const g = w.s.groups.create(ADMIN, { name: "理财", member_ids: [String(a.id), String(b.id)], default_agent_id: String(b.id) });
    const first = await w.chat({ groupId: g.id });
    expect(w.offerOf(first.id)!.agent_id).toBe(b.id);
    await w.accept(b.id, first.id);
    // Ben already has one chat and Amy none, yet the default agent is still preferred.
    const second = await w.chat({ groupId: g.id });
    expect(w.offerOf(second.id)!.agent_id).toBe(b.id);
    await w.accept(b.id, second.id);
    // Away, the default agent gets nothing: the group's chats are balanced among the others.
    w.s.agents.setServiceStatus(b.id, "away");
    const third = await w.chat({ groupId: g.id });
    expect(w.offerOf(third.id)!.agent_id).toBe(a.id);
  });

  it("a requested agent gets the chat while available; otherwise it is routed like any other", async () => {
    const w = await routingWorld({ mode: "service" });
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    // ben has more load, yet the visitor asked for him.
    const busy = await w.chat();
    const holder = w.offerOf(busy.id)!.agent_id;
    await w.accept(holder, busy.id);
    const other = holder === a.id ? b.id : a.id;
    const c = await w.chat({ requestedAgentId: holder });
    expect(w.offerOf(c.id)!.agent_id).toBe(holder);
    expect(w.s.routing.waitingFor(other)).toEqual([]);
    // The requested agent goes away: the offer moves on and the others see the chat.
    w.s.agents.setServiceStatus(holder, "away");
    await w.s.routing.settle();
    expect(w.offerOf(c.id)!.agent_id).toBe(other);
    expect(w.s.routing.waitingFor(other).map((x) => x.id)).toEqual([c.id]);
  });

  it("a site given to a department is served only by that department's agents", async () => {
    const w = await routingWorld({ mode: "service" });
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const dept = w.s.departments.create({ name: "零售部" }, ADMIN);
    w.t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [dept.id, w.site.id]);
    w.t.db.run("UPDATE agents SET department_id = ? WHERE id = ?", [dept.id, b.id]);
    w.t.db.run("UPDATE agents SET department_id = NULL WHERE id = ?", [a.id]);
    // amy has no department: she serves every site (visitor-scope rule); so both are eligible.
    const other = w.s.departments.create({ name: "对公部" }, ADMIN);
    w.t.db.run("UPDATE agents SET department_id = ? WHERE id = ?", [other.id, a.id]);
    const c = await w.chat();
    expect(w.offerOf(c.id)!.agent_id).toBe(b.id);
    expect(w.s.routing.waitingFor(a.id)).toEqual([]);
    expect((await statusOf(w.accept(a.id, c.id))).status).toBe(403);
  });
});

describe("routing: queue", () => {
  it("numbers waiting visitors per site and group in arrival order with an expected wait", async () => {
    const w = await routingWorld({ mode: "service" });
    await w.agent("amy", { online: false });
    const g = w.s.groups.create(ADMIN, { name: "信用卡" });
    const c1 = await w.chat();
    const c2 = await w.chat();
    const cg = await w.chat({ groupId: g.id });
    expect(w.s.routing.queueOf(c1.id)).toMatchObject({ position: 1 });
    expect(w.s.routing.queueOf(c2.id)).toMatchObject({ position: 2 });
    expect(w.s.routing.queueOf(cg.id)).toMatchObject({ position: 1 });
    // Nobody online and no history: five minutes a chat, one slot assumed.
    expect(w.s.routing.queueOf(c1.id)!.expectedWaitSeconds).toBe(300);
    expect(w.s.routing.queueOf(c2.id)!.expectedWaitSeconds).toBe(600);
    await w.end(c1.id);
    expect(w.s.routing.queueOf(c2.id)).toMatchObject({ position: 1 });
  });
});
