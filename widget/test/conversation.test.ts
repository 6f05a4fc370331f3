import { describe, expect, it } from "bun:test";
import { Conversation } from "../src/conversation.ts";
import type { MessageFrame } from "../src/frames.ts";

const m = (seq: number, over: Partial<MessageFrame> = {}): MessageFrame => ({ type: "message", conversationId: 7, seq, id: seq * 10, cid: null, from: "agent", name: "Li", kind: "text", body: `m${seq}`, file: null, at: 1000 + seq, ...over });
const bodies = (c: Conversation) => c.list().map((x) => x.body);

describe("conversation model", () => {
  it("keeps messages in seq order whatever order they arrive in, and drops duplicates", () => {
    const c = new Conversation();
    for (const s of [3, 1, 2, 2, 5, 4, 1, 3]) c.receive(m(s));
    expect(bodies(c)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(c.receive(m(4, { body: "again" }))).toBe(false);
    expect(c.list()[3].body).toBe("m4");
  });

  it("sending → sent on ack, with the seq from the ack, and the echo is not shown twice", () => {
    const c = new Conversation();
    c.receive(m(1));
    const mine = c.addLocal("c1", "hello");
    expect(mine.state).toBe("sending");
    expect(c.list().map((x) => x.state)).toEqual(["sent", "sending"]);
    c.ack({ type: "ack", cid: "c1", conversationId: 7, seq: 2, id: 20, at: 2000 });
    expect(mine.state).toBe("sent");
    expect(mine.seq).toBe(2);
    expect(c.receive(m(2, { from: "visitor", cid: "c1", body: "hello" }))).toBe(false);
    expect(bodies(c)).toEqual(["m1", "hello"]);
  });

  it("the stored copy of our own file, arriving after its ack, brings the server's links", () => {
    const c = new Conversation();
    const file = { id: "f1", name: "a.png", size: 3, mime: "image/png", isImage: true, url: "", thumbUrl: null };
    c.addLocal("c5", "a.png", { kind: "file", file });
    c.ack({ type: "ack", cid: "c5", conversationId: 7, seq: 1, id: 10, at: 1 });
    const stored = { ...file, url: "/files/f1", thumbUrl: "/files/f1/thumb" };
    expect(c.receive(m(1, { from: "visitor", cid: "c5", kind: "file", body: "a.png", file: stored }))).toBe(true);
    expect(c.list()).toHaveLength(1);
    expect(c.list()[0].file).toMatchObject({ url: "/files/f1", thumbUrl: "/files/f1/thumb" });
    // The same copy again changes nothing.
    expect(c.receive(m(1, { from: "visitor", cid: "c5", kind: "file", body: "a.png", file: stored }))).toBe(false);
  });

  it("an echo that arrives before the ack replaces the local copy under the same key", () => {
    const c = new Conversation();
    const mine = c.addLocal("c9", "hi");
    expect(c.receive(m(1, { from: "visitor", cid: "c9", body: "hi" }))).toBe(true);
    expect(c.list()).toHaveLength(1);
    expect(c.list()[0].key).toBe(mine.key);
    expect(c.list()[0].state).toBe("sent");
    expect(c.ack({ type: "ack", cid: "c9", conversationId: 7, seq: 1, id: 10, at: 1 })).toBeUndefined();
    expect(c.list()).toHaveLength(1);
  });

  it("failed on refusal, sending again on retry, never dropped", () => {
    const c = new Conversation();
    c.addLocal("a", "one");
    c.addLocal("b", "two");
    c.fail("a");
    expect(c.list().map((x) => [x.body, x.state])).toEqual([
      ["one", "failed"],
      ["two", "sending"],
    ]);
    c.retry("a");
    expect(c.pending("a")!.state).toBe("sending");
    c.ack({ type: "ack", cid: "a", conversationId: 7, seq: 1, id: 1, at: 1 });
    expect(c.list().map((x) => [x.body, x.state])).toEqual([
      ["one", "sent"],
      ["two", "sending"],
    ]);
  });

  it("resumes from the highest seq with no gap below it, or what `resumed` confirmed", () => {
    const c = new Conversation();
    expect(c.lastSeq).toBe(0);
    // The loader buffered live messages 7 and 8 before the panel existed: history is missing.
    c.receive(m(7));
    c.receive(m(8));
    expect(c.lastSeq).toBe(0);
    for (let s = 1; s <= 6; s++) c.receive(m(s));
    expect(c.lastSeq).toBe(8);
    // Seq 9 is an internal note the visitor never sees; `resumed` says 10 is the latest.
    c.receive(m(10));
    expect(c.lastSeq).toBe(8);
    c.resumed(10);
    expect(c.lastSeq).toBe(10);
    c.receive(m(12)); // live after resumed: in order on this channel
    expect(c.lastSeq).toBe(12);
    c.disconnected();
    c.receive(m(14)); // not live any more: a gap may hide behind it
    expect(c.lastSeq).toBe(12);
  });

  it("a message of another conversation starts afresh but keeps unsent messages", () => {
    const c = new Conversation();
    c.receive(m(1));
    c.receive(m(2));
    c.addLocal("x", "still mine");
    c.receive(m(1, { conversationId: 8, body: "new one" }));
    expect(c.id).toBe(8);
    expect(bodies(c)).toEqual(["new one", "still mine"]);
  });
});
