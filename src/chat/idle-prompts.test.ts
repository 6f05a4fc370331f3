import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { createIdlePrompts, type IdleRules } from "./idle-prompts.ts";

const admin = { id: null, name: "test" };
const MIN = 60_000;
const RULES: IdleRules = { enabled: true, firstMinutes: 3, secondMinutes: 2, endMinutes: 1, first: { en: "Still with us?" }, second: {} };

async function setup(rules: Partial<IdleRules> = {}) {
  const t = createTestApp();
  const s = t.services;
  const site = s.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
  const visitor = s.visitors.identify(site.id, null).visitor;
  const agent = await t.createAgent("anna");
  const { conversation } = await s.chat.visitorSend(visitor, { cid: "v1", body: "hello" });
  await s.chat.accept(agent, conversation.id);
  const idle = createIdlePrompts({ ...s, rules: () => ({ ...RULES, ...rules }) });
  const events = () =>
    (t.db.query("SELECT body FROM messages WHERE conversation_id = ? AND kind = 'event' ORDER BY seq").all(conversation.id) as { body: string }[]).map((r) => JSON.parse(r.body));
  return { t, s, visitor, agent, conversation, idle, events };
}

describe("idle prompts", () => {
  it("reminds twice after the agent's last message, then ends the chat with the reason", async () => {
    const { t, s, agent, conversation, idle, events } = await setup();
    await s.chat.agentSend(agent, conversation.id, { cid: "a1", body: "Anything else?" });
    t.clock.advance(3 * MIN - 1);
    expect(await idle.sweep()).toEqual({ reminded: 0, ended: 0 });
    t.clock.advance(1);
    expect(await idle.sweep()).toEqual({ reminded: 1, ended: 0 });
    expect(await idle.sweep()).toEqual({ reminded: 0, ended: 0 }); // once per step
    expect(events().at(-1)).toMatchObject({ event: "idle_prompt", step: 1, texts: { en: "Still with us?" } });
    expect(events().at(-1).text).toContain("Still with us?");
    t.clock.advance(2 * MIN);
    expect(await idle.sweep()).toEqual({ reminded: 1, ended: 0 });
    expect(events().at(-1)).toMatchObject({ event: "idle_prompt", step: 2, texts: {} });
    t.clock.advance(MIN);
    expect(await idle.sweep()).toEqual({ reminded: 0, ended: 1 });
    expect(s.chat.get(conversation.id)).toMatchObject({ status: "ended", ended_by: "system" });
    expect(events().at(-1)).toEqual({ event: "ended", by: "system", reason: "idle" });
  });

  it("a visitor message stops the countdown; the agent's next message starts it afresh", async () => {
    const { t, s, visitor, agent, conversation, idle, events } = await setup();
    await s.chat.agentSend(agent, conversation.id, { cid: "a1", body: "Anything else?" });
    t.clock.advance(3 * MIN);
    await idle.sweep();
    await s.chat.visitorSend(visitor, { cid: "v2", body: "yes, one thing" });
    t.clock.advance(60 * MIN);
    expect(await idle.sweep()).toEqual({ reminded: 0, ended: 0 });
    await s.chat.agentSend(agent, conversation.id, { cid: "a2", body: "Sure?" });
    t.clock.advance(3 * MIN);
    expect(await idle.sweep()).toEqual({ reminded: 1, ended: 0 });
    expect(events().filter((e) => e.event === "idle_prompt").map((e) => e.step)).toEqual([1, 1]);
    expect(s.chat.get(conversation.id)?.status).toBe("active");
  });

  it("waits for the agent: no countdown before the agent wrote, none when switched off", async () => {
    const { t, s, agent, conversation, idle } = await setup();
    t.clock.advance(60 * MIN);
    expect(await idle.sweep()).toEqual({ reminded: 0, ended: 0 });
    const off = createIdlePrompts({ ...s, rules: () => ({ ...RULES, enabled: false }) });
    await s.chat.agentSend(agent, conversation.id, { cid: "a1", body: "Hello?" });
    t.clock.advance(60 * MIN);
    expect(await off.sweep()).toEqual({ reminded: 0, ended: 0 });
  });

  it("a reminder decided before a visitor message landed is not sent", async () => {
    const { t, s, visitor, agent, conversation, idle, events } = await setup();
    await s.chat.agentSend(agent, conversation.id, { cid: "a1", body: "Anything else?" });
    t.clock.advance(3 * MIN);
    // Both are queued on the writer: the visitor's message commits first.
    await Promise.all([s.chat.visitorSend(visitor, { cid: "v2", body: "here" }), idle.sweep()]);
    // Whatever the order, a reminder never follows the visitor's answer.
    const rows = t.db.query("SELECT cid, kind FROM messages WHERE conversation_id = ? ORDER BY seq").all(conversation.id) as { cid: string; kind: string }[];
    const answer = rows.findIndex((r) => r.cid === "v2");
    expect(rows.slice(answer + 1)).toEqual([]);
    expect(events().filter((e) => e.event === "idle_prompt")).toEqual([]);
  });

  it("reminds every silent chat when there are more than one slice of them", async () => {
    const { t, s, agent, conversation, idle } = await setup();
    const site = s.chat.get(conversation.id)!.site_id;
    const ids = [conversation.id];
    for (let i = 0; i < 230; i++) {
      const v = s.visitors.identify(site, null).visitor;
      const { conversation: c } = await s.chat.visitorSend(v, { cid: `v${i}`, body: "hi" });
      await s.chat.accept(agent, c.id);
      ids.push(c.id);
    }
    for (const id of ids) await s.chat.agentSend(agent, id, { cid: `a${id}`, body: "Anything else?" });
    t.clock.advance(3 * MIN);
    expect(await idle.sweep()).toEqual({ reminded: ids.length, ended: 0 });
    expect(await idle.sweep()).toEqual({ reminded: 0, ended: 0 });
  });
});
