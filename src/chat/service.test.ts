import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";

const admin = { id: null, name: "test" };

function setup() {
  const t = createTestApp();
  const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
  const visitor = t.services.visitors.identify(site.id, null).visitor;
  return { t, site, visitor, chat: t.services.chat };
}

describe("chat service", () => {
  it("gives concurrent messages gapless seqs and stores a resent cid once", async () => {
    const { chat, visitor } = setup();
    const cids = Array.from({ length: 60 }, (_, i) => `c${i}`);
    const sends = [...cids, ...cids.slice(0, 20)].map((cid) => chat.visitorSend(visitor, { cid, body: `m ${cid}` }));
    const results = await Promise.all(sends);
    const seqByCid = new Map<string, number>();
    for (const r of results) {
      const seen = seqByCid.get(r.message.cid);
      if (seen !== undefined) expect(r.message.seq).toBe(seen);
      seqByCid.set(r.message.cid, r.message.seq);
    }
    expect([...seqByCid.values()].sort((a, b) => a - b)).toEqual(cids.map((_, i) => i + 1));
    expect(results.filter((r) => r.duplicate)).toHaveLength(20);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("lets exactly one of many agents accept a waiting conversation", async () => {
    const { t, chat, visitor } = setup();
    const agents = await Promise.all(["a1", "a2", "a3", "a4"].map((u) => t.createAgent(u)));
    const { conversation } = await chat.visitorSend(visitor, { cid: "first", body: "hello" });
    const outcomes = await Promise.allSettled(agents.map((a) => chat.accept(a, conversation.id)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.status)).toEqual([409, 409, 409]);
  });

  it("lets only the assigned agent write, and nobody after the end", async () => {
    const { t, chat, visitor } = setup();
    const [a, b] = [await t.createAgent("anna"), await t.createAgent("bert")];
    const { conversation } = await chat.visitorSend(visitor, { cid: "first", body: "hello" });
    await expect(chat.agentSend(a, conversation.id, { cid: "x", body: "too early" })).rejects.toMatchObject({ status: 403 });
    await chat.accept(a, conversation.id);
    await expect(chat.agentSend(b, conversation.id, { cid: "y", body: "not mine" })).rejects.toMatchObject({ status: 403 });
    expect((await chat.agentSend(a, conversation.id, { cid: "z", body: "mine" })).message.seq).toBe(3);
    await chat.end(conversation.id, "agent");
    await expect(chat.agentSend(a, conversation.id, { cid: "w", body: "late" })).rejects.toMatchObject({ status: 409 });
    // A visitor message after the end opens a new conversation.
    const next = await chat.visitorSend(visitor, { cid: "again", body: "one more thing" });
    expect(next.created).toBe(true);
    expect(next.conversation.id).not.toBe(conversation.id);
    expect(next.message.seq).toBe(1);
  });

  it("answers a visitor's open conversation as it is now after every change: accept, first reply, new owner, end, a new chat", async () => {
    const { t, chat, visitor } = setup();
    const [a, b] = [await t.createAgent("anna"), await t.createAgent("bert")];
    const { conversation } = await chat.visitorSend(visitor, { cid: "first", body: "hello" });
    // Each check reads it twice, as a frame's handlers do: the second answer must be as fresh.
    const open = () => (chat.openFor(visitor.id), chat.openFor(visitor.id));
    expect(open()).toMatchObject({ id: conversation.id, status: "waiting", agent_id: null });
    await chat.accept(a, conversation.id);
    expect(open()).toMatchObject({ id: conversation.id, status: "active", agent_id: a.id, first_reply_at: null });
    await chat.agentSend(a, conversation.id, { cid: "r1", body: "hi" });
    expect(open()!.first_reply_at).not.toBeNull();
    await t.services.writer.write(() => chat.participants.changeOwner(conversation.id, a.id, b.id, Date.now()));
    expect(open()).toMatchObject({ id: conversation.id, agent_id: b.id });
    await chat.end(conversation.id, "agent");
    expect(open()).toBeNull();
    const next = await chat.visitorSend(visitor, { cid: "again", body: "back" });
    expect(open()).toMatchObject({ id: next.conversation.id, status: "waiting" });
  });

  it("never answers a conversation whose opening was rolled back, even one read inside that write", async () => {
    const { chat, visitor } = setup();
    const failing = chat.visitorSend(visitor, {
      cid: "first",
      body: "hello",
      opened: () => {
        expect(chat.openFor(visitor.id)).not.toBeNull(); // visible inside the write
        throw new Error("the pre-chat answers could not be stored");
      },
    });
    await expect(failing).rejects.toThrow("could not be stored");
    expect(chat.openFor(visitor.id)).toBeNull();
    const { conversation } = await chat.visitorSend(visitor, { cid: "second", body: "hello again" });
    expect(chat.openFor(visitor.id)?.id).toBe(conversation.id);
  });

  it("validates message text and client ids", async () => {
    const { chat, visitor } = setup();
    await expect(chat.visitorSend(visitor, { cid: "a", body: "   " })).rejects.toMatchObject({ status: 422, field: "body" });
    await expect(chat.visitorSend(visitor, { cid: "a", body: "x".repeat(5001) })).rejects.toMatchObject({ code: "too_long" });
    await expect(chat.visitorSend(visitor, { cid: "bad cid!", body: "x" })).rejects.toMatchObject({ field: "cid" });
    expect((await chat.visitorSend(visitor, { cid: "a", body: "x".repeat(5000) })).message.seq).toBe(1);
  });
});
