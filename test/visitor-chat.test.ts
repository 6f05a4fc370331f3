import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";

const HOST = "http://shop.example.test";
const admin = { id: null, name: "test" };
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => void server.stop());
  const base = server.base;
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, admin);
  const visitorUrl = (token?: string) => `${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`;
  const visitor = (token?: string) => FrameClient.open(visitorUrl(token), { origin: HOST, "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" });
  async function agent(username = "alice") {
    await t.createAgent(username);
    const { b, ws, api, close } = await agentDriver(base, username);
    stops.push(close);
    return { b, ws, api };
  }
  return { t, base, site, visitor, agent };
}

describe("visitor channel", () => {
  it("refuses a page from an origin the site does not allow", async () => {
    const { base, site } = await setup();
    const url = `${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`;
    await expect(FrameClient.open(url, { origin: "http://evil.example.test" })).rejects.toThrow();
    await expect(FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=nope`, { origin: HOST })).rejects.toThrow();
  });

  it("starts with connected, issues a signed token, and keeps the visitor on reconnect", async () => {
    const { visitor, t } = await setup();
    const v1 = await visitor();
    const c1 = v1.frames[0];
    expect(c1).toMatchObject({ type: "connected", online: false, language: "zh-CN", conversation: null });
    expect(c1.token).toStartWith("v1.");
    v1.close();
    const v2 = await visitor(c1.token);
    expect(v2.frames[0].visitorId).toBe(c1.visitorId);
    // A forged token (another public id, same signature) is not believed: a new visitor is made.
    const forged = c1.token.replace(c1.visitorId, "AAAAAAAAAAAAAAAAAAAAAAAA");
    const v3 = await visitor(forged);
    expect(v3.frames[0].visitorId).not.toBe(c1.visitorId);
    expect(t.db.query("SELECT count(*) AS n FROM visitors").get()).toEqual({ n: 2 });
    v2.close();
    v3.close();
  });

  it("tracks the page view and lists the visitor live for agents, with trail", async () => {
    const { visitor, agent, site } = await setup();
    const a = await agent();
    const v = await visitor();
    v.send({ type: "page", url: "https://shop.example.test/p/1", title: "Product 1", referrer: "https://www.baidu.com/s?wd=%E8%BF%8E%E5%AE%A2&ie=utf-8", language: "zh-CN", screen: "1920x1080", timezone: "Asia/Shanghai" });
    const row = await a.ws.next((f) => f.type === "visitor" && f.visitor.currentUrl.endsWith("/p/1"), "visitor frame");
    expect(row.visitor).toMatchObject({ status: "browsing", searchKeyword: "迎客", browser: "Chrome 124", os: "Windows 10/11", visitCount: 1, language: "zh-CN", region: "内网 LAN" });
    v.send({ type: "page", url: "https://shop.example.test/p/2", title: "Product 2", referrer: "https://shop.example.test/p/1" });
    await a.ws.next((f) => f.type === "visitor" && f.visitor.currentUrl.endsWith("/p/2"), "second page");
    const list = await a.api("GET", `/api/sites/${site.id}/visitors`);
    expect(list.status).toBe(200);
    expect(list.body.visitors).toHaveLength(1);
    const trail = list.body.visitors[0].trail;
    expect(trail.map((p: any) => p.title)).toEqual(["Product 1", "Product 2"]);
    expect(trail[0].dwellMs).not.toBeNull();
    v.close();
  });

  it("relays a chat both ways with acks, gapless seq and idempotent cids", async () => {
    const { visitor, agent, t } = await setup();
    const a = await agent();
    const v = await visitor();
    expect(v.frames[0].online).toBe(true);
    const first = cid();
    v.send({ type: "send", cid: first, body: "你好，我想咨询 <b>价格</b>" });
    const ack = await v.next((f) => f.type === "ack" && f.cid === first, "ack");
    expect(ack.seq).toBe(1);
    const queued = await a.ws.next((f) => f.type === "message" && f.cid === first, "message to the queue");
    expect(queued.body).toBe("你好，我想咨询 <b>价格</b>");
    // The same cid again: same seq, nothing new stored.
    v.send({ type: "send", cid: first, body: "你好，我想咨询 <b>价格</b>" });
    const again = await v.nextNew((f) => f.type === "ack" && f.cid === first, "second ack");
    expect(again.seq).toBe(1);
    expect(t.db.query("SELECT count(*) AS n FROM messages").get()).toEqual({ n: 1 });

    const accepted = await a.api("POST", `/api/conversations/${ack.conversationId}/accept`);
    expect(accepted.status).toBe(200);
    const status = await v.next((f) => f.type === "conversation" && f.status === "active", "active status");
    expect(status.agentName).toBe("alice name");
    const reply = await a.api("POST", `/api/conversations/${ack.conversationId}/messages`, { cid: cid(), body: "您好！" });
    expect(reply.body.seq).toBe(3); // 2 is the "agent joined" event
    const got = await v.next((f) => f.type === "message" && f.body === "您好！", "agent reply");
    expect(got).toMatchObject({ from: "agent", name: "alice name", seq: 3 });
    const seqs = (t.db.query("SELECT seq FROM messages ORDER BY seq").all() as { seq: number }[]).map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 3]);
    v.close();
  });

  it("a second agent accepting the same chat gets a conflict", async () => {
    const { visitor, agent } = await setup();
    const a = await agent("alice");
    const b = await agent("bob");
    const v = await visitor();
    v.send({ type: "send", cid: cid(), body: "hi" });
    const ack = await v.next((f) => f.type === "ack", "ack");
    const [r1, r2] = await Promise.all([a.api("POST", `/api/conversations/${ack.conversationId}/accept`), b.api("POST", `/api/conversations/${ack.conversationId}/accept`)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    v.close();
  });

  it("resumes after a reconnect with exactly the missed messages, in order", async () => {
    const { visitor, agent } = await setup();
    const a = await agent();
    const v = await visitor();
    const token = v.frames[0].token;
    v.send({ type: "send", cid: cid(), body: "one" });
    const ack = await v.next((f) => f.type === "ack", "ack");
    await a.api("POST", `/api/conversations/${ack.conversationId}/accept`);
    v.close();
    for (const body of ["two", "three", "four"]) await a.api("POST", `/api/conversations/${ack.conversationId}/messages`, { cid: cid(), body });
    const back = await visitor(token);
    expect(back.frames[0].conversation).toMatchObject({ id: ack.conversationId, status: "active", lastSeq: 5 });
    back.send({ type: "resume", conversationId: ack.conversationId, lastSeq: 1 });
    await back.next((f) => f.type === "resumed", "resumed");
    const replayed = back.frames.filter((f) => f.type === "message").map((f) => f.seq);
    expect(replayed).toEqual([2, 3, 4, 5]);
    // Someone else's conversation is not reachable with this token.
    const other = await visitor();
    other.send({ type: "resume", conversationId: ack.conversationId, lastSeq: 0 });
    expect((await other.next((f) => f.type === "error", "error")).code).toBe("not_found");
    back.close();
    other.close();
  });

  it("sends the visitor's draft and typing only to the assigned agent", async () => {
    const { visitor, agent } = await setup();
    const a = await agent("alice");
    const b = await agent("bob");
    const v = await visitor();
    v.send({ type: "send", cid: cid(), body: "hi" });
    const ack = await v.next((f) => f.type === "ack", "ack");
    await a.api("POST", `/api/conversations/${ack.conversationId}/accept`);
    v.send({ type: "draft", text: "I am typing a long qu" });
    v.send({ type: "typing", on: true });
    expect((await a.ws.next((f) => f.type === "draft", "draft")).text).toBe("I am typing a long qu");
    await a.ws.next((f) => f.type === "typing", "typing");
    await a.api("POST", `/api/conversations/${ack.conversationId}/messages`, { cid: cid(), body: "marker" });
    await v.next((f) => f.body === "marker", "marker");
    expect(b.ws.frames.some((f) => f.type === "draft" || f.type === "typing")).toBe(false);
    v.close();
  });

  it("refuses over-long messages, bad frames and floods with clear error frames", async () => {
    const { visitor } = await setup();
    const v = await visitor();
    const long = cid();
    v.send({ type: "send", cid: long, body: "x".repeat(5001) });
    expect(await v.next((f) => f.type === "error" && f.cid === long, "too_long")).toMatchObject({ code: "too_long", field: "body" });
    v.ws.send("not json");
    expect((await v.next((f) => f.type === "error" && f.code === "bad_frame", "bad_frame")).message).toContain("JSON");
    for (let i = 0; i < 70; i++) v.send({ type: "ping" });
    const limited = await v.next((f) => f.type === "error" && f.code === "rate_limited", "rate_limited");
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    v.close();
  });

  it("ends the chat from the visitor side and tells the agent", async () => {
    const { visitor, agent } = await setup();
    const a = await agent();
    const v = await visitor();
    v.send({ type: "send", cid: cid(), body: "bye soon" });
    const ack = await v.next((f) => f.type === "ack", "ack");
    await a.api("POST", `/api/conversations/${ack.conversationId}/accept`);
    v.send({ type: "end" });
    await v.next((f) => f.type === "conversation" && f.status === "ended", "ended");
    const ended = await a.ws.next((f) => f.type === "conversation" && f.status === "ended", "agent sees end");
    expect(ended.endedBy).toBe("visitor");
    const after = await a.api("POST", `/api/conversations/${ack.conversationId}/messages`, { cid: cid(), body: "too late" });
    expect(after.status).toBe(409);
    v.close();
  });

  it("shows offline and takes a leave message when nobody is online", async () => {
    const { visitor, t, agent } = await setup();
    const v = await visitor();
    expect(v.frames[0].online).toBe(false);
    const bad = cid();
    v.send({ type: "leave", cid: bad, name: "张三", content: "请回电" });
    expect(await v.next((f) => f.cid === bad, "leave error")).toMatchObject({ type: "error", code: "invalid", field: "phone" });
    const good = cid();
    v.send({ type: "leave", cid: good, name: "张三", phone: "13800138000", content: "请回电" });
    const ack = await v.next((f) => f.type === "ack" && f.cid === good, "leave ack");
    v.send({ type: "leave", cid: good, name: "张三", phone: "13800138000", content: "请回电" });
    await v.nextNew((f) => f.type === "ack" && f.cid === good, "second leave ack");
    expect(t.db.query("SELECT count(*) AS n FROM leave_messages").get()).toEqual({ n: 1 });
    const a = await agent();
    const list = await a.api("GET", "/api/leave-messages");
    // A plain agent holds no visitor.contact: the phone is masked (X8; test/masking.test.ts).
    expect(list.body.rows[0]).toMatchObject({ id: ack.leaveMessageId, name: "张三", phone: "138****8000", content: "请回电" });
    // The agent coming online flips the entry to online for open widgets.
    expect((await v.next((f) => f.type === "presence", "presence")).online).toBe(true);
    v.close();
  });

  it("marks a visitor gone only after the grace period", async () => {
    const { visitor, agent, t, site } = await setup();
    const a = await agent();
    const v = await visitor();
    v.send({ type: "page", url: "https://shop.example.test/", title: "Home" });
    await a.ws.next((f) => f.type === "visitor", "visitor");
    v.close();
    // Wait (bounded) until the server has seen the close.
    for (let i = 0; i < 200 && t.services.visitors.online(site.id)[0].connections > 0; i++) await Bun.sleep(5);
    t.clock.advance(5_000);
    expect(t.services.visitors.sweepGone()).toHaveLength(0);
    t.clock.advance(20_000);
    expect(t.services.visitors.sweepGone()).toHaveLength(1);
    await a.ws.next((f) => f.type === "visitor_gone", "gone");
    const list = await a.api("GET", `/api/sites/${site.id}/visitors`);
    expect(list.body.visitors[0].status).toBe("gone");
  });
});

describe("visitor draft", () => {
  it("reaches the agent at most 4 times a second, ending with the latest text", async () => {
    const { visitor, agent } = await setup();
    const a = await agent();
    const v = await visitor();
    v.send({ type: "send", cid: cid(), body: "hi" });
    const ack = await v.next((f) => f.type === "ack", "ack");
    await a.api("POST", `/api/conversations/${ack.conversationId}/accept`);
    for (let i = 1; i <= 20; i++) v.send({ type: "draft", text: "x".repeat(i) });
    await a.ws.next((f) => f.type === "draft" && f.text === "x".repeat(20), "latest draft");
    const drafts = a.ws.frames.filter((f) => f.type === "draft");
    expect(drafts.length).toBeLessThanOrEqual(2);
    v.close();
  });
});
