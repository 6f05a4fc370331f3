import { describe, expect, it } from "bun:test";
import { chatFrom, heldSeq, mergeMessages, msgFrom, nextChatId, type Chat, type Msg } from "./model.ts";

const msg = (seq: number, extra: Partial<Msg> = {}): Msg => ({ conversationId: 1, seq, id: seq, from: "visitor", name: "v", kind: "text", body: `m${seq}`, file: null, at: seq, ...extra });
const chat = (id = 1): Chat => chatFrom({ id, visitor_id: 9, site_id: 1, status: "active", agent_id: 2, created_at: 0 });

describe("workspace model", () => {
  it("merges by seq: nothing doubled, order kept, pending replaced by its stored copy", () => {
    const c = chat();
    c.pending.push({ cid: "abc", kind: "text", body: "hi", state: "sending" });
    expect(mergeMessages(c, [msg(2), msg(1)]).map((m) => m.seq)).toEqual([2, 1]);
    expect(mergeMessages(c, [msg(1), msg(3, { from: "agent", cid: "abc" }), msg(2)]).map((m) => m.seq)).toEqual([3]);
    expect(c.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(c.pending).toEqual([]);
    expect(mergeMessages(c, [msg(5, { conversationId: 2 })])).toEqual([]);
  });

  it("resumes after the highest seq held without a gap", () => {
    const c = chat();
    expect(heldSeq(c)).toBe(0);
    mergeMessages(c, [msg(1), msg(2), msg(4)]);
    expect(heldSeq(c)).toBe(2);
    mergeMessages(c, [msg(3)]);
    expect(heldSeq(c)).toBe(4);
  });

  it("converts API rows and frames to one shape, files with their links", () => {
    const row = msgFrom({ conversation_id: 1, seq: 1, id: 7, cid: "x", sender_kind: "agent", sender_name: "A", kind: "file", body: "a.png", file: { id: "f1", name: "a.png", size: 3, mime: "image/png", is_image: 1 }, created_at: 5 });
    expect(row.file).toEqual({ id: "f1", name: "a.png", size: 3, mime: "image/png", isImage: true, url: "/files/f1", thumbUrl: "/files/f1/thumb" });
    expect(row.from).toBe("agent");
    const frame = msgFrom({ type: "message", conversationId: 1, seq: 2, id: 8, from: "visitor", name: "v", kind: "text", body: "x", file: null, at: 6 });
    expect(frame.seq).toBe(2);
  });

  it("goes to the next chat with unread messages, else the next one", () => {
    const chats = new Map([1, 2, 3].map((id) => [id, chat(id)]));
    expect(nextChatId([1, 2, 3], chats, 1)).toBe(2);
    chats.get(3)!.unread = 2;
    expect(nextChatId([1, 2, 3], chats, 1)).toBe(3);
    chats.get(3)!.unread = 0;
    expect(nextChatId([1, 2, 3], chats, 3)).toBe(1);
    expect(nextChatId([1], chats, 1)).toBe(1);
    expect(nextChatId([], chats, null)).toBe(null);
  });
});
