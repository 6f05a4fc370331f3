import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { ADMIN } from "./routing-world.ts";

const HOST = "http://bank.example.test";
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup(mode: "manual" | "service" | "sales") {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const site = t.services.sites.create({ name: "Bank", allowed_origins: HOST, default_language: "zh-CN" }, ADMIN);
  t.services.routing.saveAll(ADMIN, { [site.id]: { assign_mode: mode, offer_timeout_seconds: "30", prefer_previous_agent: "1" } }, {});
  const visitor = async (token?: string) => {
    const v = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`, { origin: HOST });
    stops.push(() => v.close());
    return v;
  };
  const agent = async (username: string) => {
    const row = await t.createAgent(username);
    const d = await agentDriver(server.base, username);
    stops.push(d.close);
    return { ...d, id: row.id };
  };
  /** The visitor writes; resolves with the new conversation id. */
  const write = async (v: FrameClient, body = "你好") => {
    const id = cid();
    v.send({ type: "send", cid: id, body });
    return (await v.next((f) => f.type === "ack" && f.cid === id, "ack")).conversationId as number;
  };
  return { t, site, visitor, agent, write };
}

describe("routing over real sockets", () => {
  it("offers the chat to an online agent, who accepts it; the visitor saw their queue place", async () => {
    const w = await setup("service");
    const a = await w.agent("amy");
    const v = await w.visitor();
    const id = await w.write(v);
    const offer = await a.ws.next((f) => f.type === "offer" && f.conversationId === id, "offer frame");
    expect(offer.deadline).toBeGreaterThan(offer.serverTime);
    expect(offer.lastMessage).toBe("你好");
    const place = await v.next((f) => f.type === "queue", "queue frame");
    expect(place).toMatchObject({ conversationId: id, position: 1 });
    const list = await a.api("GET", "/api/conversations?status=waiting");
    expect(list.body.conversations).toMatchObject([{ id, offeredTo: a.id }]);
    const r = await a.api("POST", `/api/conversations/${id}/accept`);
    expect(r.status).toBe(200);
    await v.next((f) => f.type === "conversation" && f.status === "active", "active");
    await a.ws.next((f) => f.type === "offer_ended" && f.conversationId === id && f.outcome === "accepted", "offer ended");
  });

  it("updates queue places live: the second visitor moves up when the first is served", async () => {
    const w = await setup("service");
    const a = await w.agent("amy");
    w.t.services.agents.setServiceStatus(a.id, "away");
    const v1 = await w.visitor();
    const v2 = await w.visitor();
    const c1 = await w.write(v1);
    await v1.next((f) => f.type === "queue" && f.position === 1, "v1 place");
    await w.write(v2);
    const second = await v2.next((f) => f.type === "queue", "v2 place");
    expect(second.position).toBe(2);
    expect(second.expectedWaitSeconds).toBeGreaterThan(0);
    // amy takes the first by hand (she may, though away); v2 is now first.
    expect((await a.api("POST", `/api/conversations/${c1}/accept`)).status).toBe(200);
    await v2.nextNew((f) => f.type === "queue" && f.position === 1, "v2 moved up");
    // A visitor who reconnects (another page) learns the place at once.
    v2.close();
    const again = await w.visitor(v2.frames[0].token);
    expect(await again.next((f) => f.type === "queue", "place on reconnect")).toMatchObject({ position: 1 });
  });

  it("announces a waiting chat only to agents who may take it", async () => {
    const w = await setup("manual");
    const inside = await w.agent("amy");
    const outside = await w.agent("ben");
    const s = w.t.services;
    const retail = s.departments.create({ name: "零售部" }, ADMIN);
    const corporate = s.departments.create({ name: "对公部" }, ADMIN);
    w.t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [retail.id, w.site.id]);
    w.t.db.run("UPDATE agents SET department_id = ? WHERE id = ?", [retail.id, inside.id]);
    w.t.db.run("UPDATE agents SET department_id = ? WHERE id = ?", [corporate.id, outside.id]);
    const v = await w.visitor();
    const id = await w.write(v, "开户");
    await inside.ws.next((f) => f.type === "conversation" && f.id === id && f.status === "waiting", "waiting frame");
    await inside.ws.next((f) => f.type === "message" && f.conversationId === id, "message frame");
    expect((await outside.api("GET", "/api/conversations?status=waiting")).body.conversations).toEqual([]);
    const refused = await outside.api("POST", `/api/conversations/${id}/accept`);
    expect(refused.status).toBe(403);
    // The next frame ben gets about anything is not this chat's waiting announcement.
    expect(outside.ws.frames.some((f) => (f.type === "conversation" && f.id === id && f.status === "waiting") || (f.type === "message" && f.conversationId === id))).toBe(false);
    expect((await inside.api("POST", `/api/conversations/${id}/accept`)).status).toBe(200);
  });

  it("two agents accepting the same chat at once: exactly one wins, the other gets a clear 409, every round", async () => {
    const w = await setup("manual");
    const a = await w.agent("amy");
    const b = await w.agent("ben");
    const rounds = 25;
    const wins = { [a.id]: 0, [b.id]: 0 };
    for (let i = 0; i < rounds; i++) {
      const v = await w.visitor();
      const id = await w.write(v, `第 ${i} 位`);
      await a.ws.next((f) => f.type === "conversation" && f.id === id, "waiting frame");
      // Both requests are on the wire before either answer is read; who goes first alternates.
      const fire = (d: typeof a) => d.api("POST", `/api/conversations/${id}/accept`);
      const [ra, rb] = i % 2 ? await Promise.all([fire(a), fire(b)]) : (await Promise.all([fire(b), fire(a)])).reverse();
      const statuses = [ra.status, rb.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = ra.status === 409 ? ra : rb;
      expect(loser.body.error.message).toContain("该对话已被接待");
      const winner = ra.status === 200 ? a.id : b.id;
      wins[winner]++;
      expect(w.t.services.chat.get(id)).toMatchObject({ status: "active", agent_id: winner });
      const owners = w.t.db.query("SELECT count(*) AS n FROM conversation_participants WHERE conversation_id = ?").get(id) as { n: number };
      expect(owners.n).toBe(1);
      v.close();
    }
    expect(wins[a.id] + wins[b.id]).toBe(rounds);
    console.log(`accept race: ${rounds} rounds, amy won ${wins[a.id]}, ben won ${wins[b.id]}`);
  });
});
