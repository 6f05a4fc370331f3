import { afterEach, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { createTestApp } from "./harness.ts";
import { agentDriver } from "./agent-driver.ts";
import { FrameClient, cid } from "./frames.ts";
import { createServices } from "../src/services.ts";
import { createApp } from "../src/app.ts";
import { startServer } from "../src/http/server.ts";
import { openDatabase } from "../src/store/db.ts";
import { silentLogger } from "../src/platform/logger.ts";

/** Idle prompts (V19) over real sockets, with the harness's clock and the sweep called directly. */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };
const MIN = 60_000;
const stops: (() => unknown)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const IDLE_FORM = { enabled: "1", first_minutes: "3", second_minutes: "2", end_minutes: "1", first_text_en: "Are you still with us?", first_text_zhCN: "您还在吗？" };
const isEvent = (name: string, f: any) => f.type === "message" && f.kind === "event" && JSON.parse(f.body).event === name;

async function setup() {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => server.stop(true));
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, actor);
  t.services.siteSettings.update(site.id, "idle", IDLE_FORM, actor);
  await t.createAgent("alice");
  const agent = await agentDriver(server.base, "alice");
  stops.push(agent.close);
  const visitorAt = (base: string, token?: string) =>
    FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`, { origin: HOST });
  const visitor = await visitorAt(server.base);
  stops.push(() => visitor.close());
  visitor.send({ type: "send", cid: cid(), body: "I have a question" });
  const first = await agent.message((f) => f.body === "I have a question", "the visitor's first message");
  const conversationId = first.conversationId;
  expect((await agent.api("POST", `/api/conversations/${conversationId}/accept`)).status).toBe(200);
  const say = async (body: string) => {
    expect((await agent.api("POST", `/api/conversations/${conversationId}/messages`, { cid: cid(), body })).status).toBe(200);
    await visitor.next((f) => f.type === "message" && f.body === body, `"${body}" at the visitor`);
  };
  return { t, server, site, agent, visitor, visitorAt, conversationId, say };
}

describe("idle prompts", () => {
  it("reminds the silent visitor twice, both sides see it, then the chat ends itself with the reason", async () => {
    const { t, agent, visitor, conversationId, say } = await setup();
    await say("Is there anything else?");
    t.clock.advance(3 * MIN);
    expect(await t.services.idlePrompts.sweep()).toEqual({ reminded: 1, ended: 0 });
    const r1 = await visitor.next((f) => isEvent("idle_prompt", f), "first reminder at the visitor");
    expect(r1).toMatchObject({ from: "system", conversationId });
    expect(JSON.parse(r1.body)).toMatchObject({ step: 1, texts: { en: "Are you still with us?", "zh-CN": "您还在吗？" } });
    const a1 = await agent.ws.next((f) => isEvent("idle_prompt", f), "first reminder at the agent");
    expect(JSON.parse(a1.body).text).toContain("您还在吗？");

    t.clock.advance(2 * MIN);
    expect(await t.services.idlePrompts.sweep()).toEqual({ reminded: 1, ended: 0 });
    const r2 = await visitor.next((f) => isEvent("idle_prompt", f) && JSON.parse(f.body).step === 2, "second reminder");
    expect(JSON.parse(r2.body).texts).toEqual({});

    t.clock.advance(MIN);
    expect(await t.services.idlePrompts.sweep()).toEqual({ reminded: 0, ended: 1 });
    expect(await visitor.next((f) => f.type === "conversation" && f.status === "ended", "ended at the visitor")).toMatchObject({ id: conversationId, endedBy: "system" });
    expect(JSON.parse((await visitor.next((f) => isEvent("ended", f), "the ended event")).body)).toEqual({ event: "ended", by: "system", reason: "idle" });
    await agent.ws.next((f) => f.type === "conversation" && f.id === conversationId && f.status === "ended", "ended at the agent");
    // The transcript the agent reads back has every step, in order.
    const stored = (await agent.api("GET", `/api/conversations/${conversationId}/messages?after=0`)).body;
    const events = (stored.messages ?? stored).filter((m: any) => m.kind === "event").map((m: any) => JSON.parse(m.body));
    expect(events.map((e: any) => [e.event, e.step ?? e.reason ?? null])).toEqual([["agent_joined", null], ["idle_prompt", 1], ["idle_prompt", 2], ["ended", "idle"]]);
  });

  it("a visitor message stops the countdown; the agent's next message starts it again", async () => {
    const { t, visitor, conversationId, say } = await setup();
    await say("Anything else?");
    t.clock.advance(3 * MIN);
    await t.services.idlePrompts.sweep();
    const r1 = await visitor.next((f) => isEvent("idle_prompt", f), "first reminder");
    const answer = cid();
    visitor.send({ type: "send", cid: answer, body: "Yes, sorry, one more thing" });
    await visitor.next((f) => f.type === "ack" && f.cid === answer, "ack of the answer");
    t.clock.advance(10 * MIN);
    expect(await t.services.idlePrompts.sweep()).toEqual({ reminded: 0, ended: 0 });
    expect(t.services.chat.get(conversationId)?.status).toBe("active");
    await say("Go ahead");
    t.clock.advance(3 * MIN - 1);
    expect(await t.services.idlePrompts.sweep()).toEqual({ reminded: 0, ended: 0 });
    t.clock.advance(1);
    expect(await t.services.idlePrompts.sweep()).toEqual({ reminded: 1, ended: 0 });
    // The new countdown starts from the first reminder again.
    await visitor.next((f) => isEvent("idle_prompt", f) && f.seq > r1.seq, "the new countdown's reminder");
    expect(visitor.frames.filter((f) => isEvent("idle_prompt", f)).map((f) => JSON.parse(f.body).step)).toEqual([1, 1]);
  });

  it("survives a restart: the next process finds the silence in the stored messages and carries on", async () => {
    const { t, server, site, visitor, visitorAt, conversationId, say } = await setup();
    await say("Are you there?");
    const token = visitor.frames[0].token;
    visitor.close();
    server.stop(true);
    // A new process: its own database connection and services, the same data folder and key.
    const db = openDatabase(join(t.dir, "yingke.db"));
    const s2 = createServices({ config: t.config, db, clock: t.clock, logger: silentLogger(), secretBox: t.services.secretBox });
    const server2 = startServer(createApp(s2, {}), { port: 0, hostname: "127.0.0.1" });
    stops.push(() => db.close());
    stops.push(() => server2.stop(true));
    const base2 = `http://127.0.0.1:${server2.port}`;
    expect(s2.siteSettings.get(site.id, "idle")).toMatchObject({ enabled: true, firstMinutes: 3 });
    t.clock.advance(3 * MIN);
    expect(await s2.idlePrompts.sweep()).toEqual({ reminded: 1, ended: 0 });
    const back = await visitorAt(base2, token);
    stops.push(() => back.close());
    expect(back.frames[0].conversation).toMatchObject({ id: conversationId, status: "active" });
    back.send({ type: "resume", conversationId, lastSeq: 0 });
    await back.next((f) => isEvent("idle_prompt", f), "the reminder stored while the visitor was away");
    t.clock.advance(2 * MIN);
    expect(await s2.idlePrompts.sweep()).toEqual({ reminded: 1, ended: 0 });
    t.clock.advance(MIN);
    expect(await s2.idlePrompts.sweep()).toEqual({ reminded: 0, ended: 1 });
    await back.next((f) => f.type === "conversation" && f.status === "ended", "ended after the restart");
    expect(s2.chat.get(conversationId)).toMatchObject({ status: "ended", ended_by: "system" });
  });
});
