import { describe, expect, it } from "bun:test";
import { createTestApp, socketBrowser, type TestApp } from "./harness.ts";
import { FrameClient } from "./frames.ts";
import { seedVisitor, seedVisitors, movePage } from "./visitor-seed.ts";

const admin = { id: null, name: "test" };
const A3_COLUMNS = [
  "id", "siteId", "status", "name", "searchEngine", "searchKeyword", "visitCount", "ip", "region", "enteredAt", "waitingSince",
  "lastMessage", "lastMessageAt", "goneAt", "agentId", "agentName", "conversationId", "currentUrl", "currentTitle", "language", "os", "browser", "blocked",
  "member", // V25: the verified member, or null
];

async function world() {
  const t: TestApp = createTestApp();
  const shop = t.services.sites.create({ name: "Shop", allowed_origins: "http://shop.example.test", default_language: "zh-CN" }, admin);
  const bank = t.services.sites.create({ name: "Bank", allowed_origins: "http://bank.example.test", default_language: "zh-CN" }, admin);
  const alice = await t.createAgent("alice");
  const b = t.browser();
  await b.signIn("alice");
  const get = async (path: string) => {
    const res = await b.get(path, { accept: "application/json" });
    return { status: res.status, body: await res.json() };
  };
  return { t, shop, bank, alice, get };
}

describe("GET /api/visitors/online", () => {
  it("lists every visitor of every site the agent sees, one compact row each with every A3 column", async () => {
    const { t, shop, bank, alice, get } = await world();
    const [browsing] = await seedVisitors(t.services, shop.id, 1);
    const waiting = await seedVisitor(t.services, bank.id, 1, { keyword: "信用卡申请" });
    const chatting = await seedVisitor(t.services, bank.id, 2);
    const s = t.services;
    await s.chat.visitorSend(waiting, { cid: "w-1", body: "请问信用卡额度怎么提高？" });
    t.clock.advance(1000);
    const sent = await s.chat.visitorSend(chatting, { cid: "c-1", body: "你好" });
    await s.chat.accept({ id: alice.id, display_name: alice.display_name }, sent.conversation.id);
    await s.chat.agentSend({ id: alice.id, display_name: alice.display_name }, sent.conversation.id, { cid: "c-2", body: "您好，请讲" });

    const res = await get("/api/visitors/online");
    expect(res.status).toBe(200);
    expect([...res.body.sites].sort((a: any, b: any) => a.id - b.id)).toEqual([{ id: shop.id, name: "Shop" }, { id: bank.id, name: "Bank" }]);
    const rows = res.body.visitors as any[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual([...A3_COLUMNS].sort());
      expect(row).not.toHaveProperty("trail");
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(browsing.id)).toMatchObject({ status: "browsing", siteId: shop.id, conversationId: null, waitingSince: null, agentName: "", visitCount: 1 });
    const w = byId.get(waiting.id);
    expect(w).toMatchObject({ status: "waiting", siteId: bank.id, searchEngine: "百度 Baidu", searchKeyword: "信用卡申请", lastMessage: "请问信用卡额度怎么提高？", language: "zh-CN" });
    expect(w.waitingSince).toBe(w.lastMessageAt);
    expect(w.region).not.toBe("");
    expect(w.os).toBe("macOS 10.15");
    const c = byId.get(chatting.id);
    expect(c).toMatchObject({ status: "chatting", agentId: alice.id, agentName: "alice name", lastMessage: "您好，请讲", waitingSince: null, currentTitle: "信用卡 2" });
    // alice holds no visitor.full_ip: the address is masked (X8; test/masking.test.ts).
    expect(c.ip).toBe("220.0.*.*");
  });

  it("keeps gone visitors within the grace period, with their leave time", async () => {
    const { t, shop, get } = await world();
    const [v] = await seedVisitors(t.services, shop.id, 1);
    t.services.visitors.connected(v.id);
    t.services.visitors.disconnected(v.id);
    const left = t.clock.now();
    t.clock.advance(t.config.visitors.gone_grace_seconds * 1000);
    expect(t.services.visitors.sweepGone()).toHaveLength(1);
    const rows = (await get("/api/visitors/online")).body.visitors;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: v.id, status: "gone", goneAt: left });
  });

  it("answers 5,000 visitors in one request", async () => {
    const { t, shop, get } = await world();
    await seedVisitors(t.services, shop.id, 5000);
    const res = await get("/api/visitors/online");
    expect(res.status).toBe(200);
    expect(res.body.visitors).toHaveLength(5000);
    expect(new Set(res.body.visitors.map((r: any) => r.id)).size).toBe(5000);
  }, 60_000);

  it("refuses agents without chat.accept and anonymous requests", async () => {
    const { t } = await world();
    await t.createAgent("audrey", "auditor");
    const b = t.browser();
    expect((await b.get("/api/visitors/online", { accept: "application/json" })).status).toBe(401);
    await b.signIn("audrey");
    expect((await b.get("/api/visitors/online", { accept: "application/json" })).status).toBe(403);
  });
});

describe("GET /api/visitors/:id/trail", () => {
  it("gives one visitor's details and page trail with dwell times", async () => {
    const { t, shop, get } = await world();
    const v = await seedVisitor(t.services, shop.id, 4, { title: "首页 <b>Home</b>" });
    t.clock.advance(12_000);
    await movePage(t.services, v, 1, "信用卡 Cards");
    const res = await get(`/api/visitors/${v.id}/trail`);
    expect(res.status).toBe(200);
    const d = res.body.visitor;
    expect(d).toMatchObject({ id: v.id, status: "browsing", currentTitle: "信用卡 Cards", landingUrl: "https://bank.example.test/p/4", pageCount: 2 });
    expect(d.trail.map((p: any) => [p.title, p.dwellMs])).toEqual([["首页 <b>Home</b>", 12_000], ["信用卡 Cards", null]]);
    expect((await get("/api/visitors/999999/trail")).status).toBe(404);
  });
});

describe("visitor frames on the agent channel", () => {
  it("carry the same compact row (every A3 column, no trail) when a visitor moves", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    try {
      const site = t.services.sites.create({ name: "Shop", allowed_origins: "http://shop.example.test", default_language: "zh-CN" }, admin);
      await t.createAgent("alice");
      const b = socketBrowser(server.base);
      await b.signIn("alice");
      const ws = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/agent`, { cookie: b.cookieHeader(), origin: server.base });
      const v = await seedVisitor(t.services, site.id, 3);
      await movePage(t.services, v, 8, "第二页 <i>Two</i>");
      const frame = await ws.next((f) => f.type === "visitor" && f.visitor.currentTitle === "第二页 <i>Two</i>", "visitor frame");
      expect(frame.siteId).toBe(site.id);
      expect(Object.keys(frame.visitor).sort()).toEqual([...A3_COLUMNS].sort());
      const list = await (await b.get("/api/visitors/online", { accept: "application/json" })).json();
      expect(list.visitors[0]).toEqual(frame.visitor);
      ws.close();
    } finally {
      await server.stop(true);
    }
  });
});
