import { afterEach, describe, expect, it } from "bun:test";
import { createTestApp } from "./harness.ts";
import { FrameClient, cid } from "./frames.ts";

/** Chat keep per site (V20) over real sockets: N minutes after the visitor left, and 0 = never continue. */
const HOST = "http://shop.example.test";
const actor = { id: null, name: "test" };
const MIN = 60_000;
const stops: (() => unknown)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

async function setup(keep: string) {
  const t = createTestApp({ realSocketPeer: true });
  const server = t.listen();
  stops.push(() => server.stop(true));
  const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "en" }, actor);
  t.services.siteSettings.update(site.id, "keep", { minutes: keep }, actor);
  const open = async (token?: string) => {
    const v = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${site.site_key}${token ? `&token=${encodeURIComponent(token)}` : ""}`, { origin: HOST });
    stops.push(() => v.close());
    return v;
  };
  const page = (v: FrameClient, path: string) => v.send({ type: "page", url: `${HOST}${path}`, title: path, referrer: "" });
  const say = async (v: FrameClient, body: string) => {
    const c = cid();
    v.send({ type: "send", cid: c, body });
    return v.next((f) => f.type === "ack" && f.cid === c, `ack of "${body}"`);
  };
  /** Closes the page and waits until the server has seen it go. */
  const leave = async (v: FrameClient, visitorId: number) => {
    v.close();
    for (let i = 0; i < 200 && t.services.visitors.awaySince(visitorId) === null; i++) await Bun.sleep(10);
    expect(t.services.visitors.awaySince(visitorId)).toBeNumber();
  };
  return { t, open, page, say, leave };
}

describe("chat keep", () => {
  it("N minutes: a page within N minutes after leaving continues the chat; later the system ends it", async () => {
    const { t, open, page, say, leave } = await setup("5");
    const v1 = await open();
    expect(v1.frames[0].config.keep).toEqual({ minutes: 5 });
    page(v1, "/");
    const { conversationId } = await say(v1, "hello");
    const visitorId = t.services.chat.get(conversationId)!.visitor_id;
    const token = v1.frames[0].token;
    t.clock.advance(30 * MIN); // silence while the page is open ends nothing
    expect(await t.services.chatKeep.sweep()).toBe(0);
    await leave(v1, visitorId);
    t.clock.advance(5 * MIN - 1);
    expect(await t.services.chatKeep.sweep()).toBe(0);
    const v2 = await open(token);
    expect(v2.frames[0].conversation).toMatchObject({ id: conversationId, status: "waiting" });
    page(v2, "/other");
    expect((await say(v2, "still me")).conversationId).toBe(conversationId);
    await leave(v2, visitorId);
    t.clock.advance(5 * MIN);
    expect(await t.services.chatKeep.sweep()).toBe(1);
    expect(t.services.chat.get(conversationId)).toMatchObject({ status: "ended", ended_by: "system" });
    const last = t.db.query("SELECT body FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1").get(conversationId) as { body: string };
    expect(JSON.parse(last.body)).toEqual({ event: "ended", by: "system", reason: "keep" });
    const v3 = await open(token);
    expect(v3.frames[0].conversation).toBeNull();
    expect((await say(v3, "a new question")).conversationId).not.toBe(conversationId);
  });

  it("0 minutes: the next page view ends the chat, and the visitor's next message starts a new one", async () => {
    const { t, open, page, say } = await setup("0");
    const v1 = await open();
    expect(v1.frames[0].config.keep).toEqual({ minutes: 0 });
    page(v1, "/");
    const { conversationId } = await say(v1, "hello");
    // A reload: the same visitor on a new page.
    v1.close();
    const v2 = await open(v1.frames[0].token);
    expect(v2.frames[0].conversation).toMatchObject({ id: conversationId });
    page(v2, "/");
    expect(await v2.next((f) => f.type === "conversation" && f.id === conversationId, "the chat ending")).toMatchObject({ status: "ended", endedBy: "system" });
    const ended = await v2.next((f) => f.type === "message" && f.kind === "event" && JSON.parse(f.body).event === "ended", "the ended event");
    expect(JSON.parse(ended.body).reason).toBe("keep");
    const next = await say(v2, "another question");
    expect(next.conversationId).not.toBe(conversationId);
    // Silence while the page stays open ends nothing, even at 0.
    t.clock.advance(60 * MIN);
    expect(await t.services.chatKeep.sweep()).toBe(0);
    expect(t.services.chat.get(next.conversationId)?.status).toBe("waiting");
  });

  it("empty means the server default (chat.keep_minutes)", async () => {
    const { t, open, page, say, leave } = await setup("");
    const v = await open();
    expect(v.frames[0].config.keep).toEqual({ minutes: null });
    page(v, "/");
    const { conversationId } = await say(v, "hello");
    await leave(v, t.services.chat.get(conversationId)!.visitor_id);
    t.clock.advance(t.config.chat.keep_minutes * MIN - 1);
    expect(await t.services.chatKeep.sweep()).toBe(0);
    t.clock.advance(1);
    expect(await t.services.chatKeep.sweep()).toBe(1);
  });
});
