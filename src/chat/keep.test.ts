import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { createChatKeep } from "./keep.ts";

const admin = { id: null, name: "test" };
const MIN = 60_000;
const GRACE = 20_000;

function setup(minutes: number) {
  const t = createTestApp();
  const s = t.services;
  const site = s.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
  const visitor = s.visitors.identify(site.id, null).visitor;
  const keep = createChatKeep({ ...s, keepMinutes: () => minutes, awaySince: s.visitors.awaySince, graceMs: GRACE, startedAt: s.startedAt });
  const ended = (id: number) => t.db.query("SELECT body FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1").get(id) as { body: string };
  return { t, s, visitor, keep, ended };
}

describe("chat keep", () => {
  it("keeps the conversation while a page is open, and for N minutes after the last one closed", async () => {
    const { t, s, visitor, keep, ended } = setup(10);
    s.visitors.connected(visitor.id);
    const { conversation } = await s.chat.visitorSend(visitor, { cid: "v1", body: "hello" });
    t.clock.advance(60 * MIN);
    expect(await keep.sweep()).toBe(0); // silent, but the page is open
    s.visitors.disconnected(visitor.id);
    t.clock.advance(10 * MIN - 1);
    expect(await keep.sweep()).toBe(0);
    // Back within the time (a reload, another page): still the same conversation.
    s.visitors.connected(visitor.id);
    expect(s.chat.openFor(visitor.id)?.id).toBe(conversation.id);
    s.visitors.disconnected(visitor.id);
    t.clock.advance(10 * MIN - 1);
    expect(await keep.sweep()).toBe(0);
    t.clock.advance(1);
    expect(await keep.sweep()).toBe(1);
    expect(s.chat.get(conversation.id)).toMatchObject({ status: "ended", ended_by: "system" });
    expect(JSON.parse(ended(conversation.id).body)).toEqual({ event: "ended", by: "system", reason: "keep" });
    expect(await keep.pageView(visitor.id, 1)).toBe(false);
  });

  it("0 minutes: a new page view ends the conversation, and so does leaving, after the gone grace", async () => {
    const { t, s, visitor, keep } = setup(0);
    s.visitors.connected(visitor.id);
    const first = (await s.chat.visitorSend(visitor, { cid: "v1", body: "hello" })).conversation;
    t.clock.advance(60 * MIN);
    expect(await keep.sweep()).toBe(0);
    expect(await keep.pageView(visitor.id, first.site_id)).toBe(true);
    expect(s.chat.get(first.id)?.status).toBe("ended");
    const second = (await s.chat.visitorSend(visitor, { cid: "v2", body: "again" })).conversation;
    expect(second.id).not.toBe(first.id);
    s.visitors.disconnected(visitor.id);
    t.clock.advance(GRACE - 1);
    expect(await keep.sweep()).toBe(0); // a dropped connection may still come back
    t.clock.advance(1);
    expect(await keep.sweep()).toBe(1);
    expect(s.chat.get(second.id)?.status).toBe("ended");
  });

  it("after a restart (no page seen by this process) counts from the start, not from the last message", async () => {
    const { t, s, visitor } = setup(10);
    const { conversation } = await s.chat.visitorSend(visitor, { cid: "v1", body: "hello" });
    t.clock.advance(60 * MIN);
    const restarted = createChatKeep({ ...s, keepMinutes: () => 10, awaySince: () => undefined, graceMs: GRACE, startedAt: t.clock.now() });
    expect(await restarted.sweep()).toBe(0);
    t.clock.advance(10 * MIN);
    expect(await restarted.sweep()).toBe(1);
    expect(s.chat.get(conversation.id)?.status).toBe("ended");
  });
});
