import { beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { historyCorpus, type HistoryCorpus } from "./history-corpus.ts";
import { apiAs } from "./history-world.ts";
import { cid } from "./frames.ts";

setDefaultTimeout(60_000);

/**
 * Words in the text (H1, issue 7 point 2): history search on a Chinese corpus through
 * GET /api/history?q=. The corpus is history-corpus.ts; every message went through the chat
 * service, so the index was written in the message's own transaction.
 */
let w: HistoryCorpus;
let get: (path: string) => Promise<{ status: number; body: any }>;

beforeAll(async () => {
  w = await historyCorpus();
  get = (await apiAs(w.t, "sue")).get;
});

async function found(q: string): Promise<number[]> {
  const r = await get(`/api/history?q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.body.rows.map((x: { id: number }) => x.id);
}

describe("history search", () => {
  it("finds 1-character Chinese words", async () => {
    expect(await found("卡")).toEqual([w.c6.id, w.c1.id]);
    expect(await found("款")).toEqual([w.c6.id, w.c4.id, w.c2.id]);
    expect(await found("照")).toEqual([w.c3.id]);
  });

  it("finds 2-character and longer Chinese words, and file names", async () => {
    expect(await found("年费")).toEqual([w.c1.id]);
    expect(await found("开户")).toEqual([w.c3.id]);
    expect(await found("营业执照")).toEqual([w.c3.id]);
    expect(await found("账单截图")).toEqual([w.c1.id]);
  });

  it("matches characters only where they are adjacent and in order (no false positives)", async () => {
    // c4 says 退货和款项: both characters, not the word.
    expect(await found("退款")).toEqual([w.c2.id]);
    expect(await found("款退")).toEqual([]);
    expect(await found("费年")).toEqual([]);
    expect(await found("龘")).toEqual([]);
    expect(await found("信用社")).toEqual([]);
  });

  it("requires every space-separated word (AND)", async () => {
    expect(await found("信用卡 年费")).toEqual([w.c1.id]);
    expect(await found("信用卡 还款")).toEqual([w.c6.id]);
    expect(await found("退款 年费")).toEqual([]);
    // Words may come from different messages of the same chat.
    expect(await found("退款 订单")).toEqual([w.c2.id]);
  });

  it("finds English words by prefix, case-insensitively, and mixed Chinese and English", async () => {
    expect(await found("refun")).toEqual([w.c2.id]);
    expect(await found("password")).toEqual([w.c5.id]);
    expect(await found("PASSW")).toEqual([w.c5.id]);
    expect(await found("ｐａｓｓｗｏｒｄ")).toEqual([w.c5.id]);
    expect(await found("assword")).toEqual([]);
    expect(await found("订单 abc")).toEqual([w.c2.id]);
    expect(await found("订单ABC")).toEqual([w.c2.id]);
    expect(await found("refund 退款")).toEqual([w.c2.id]);
    expect(await found("refund 年费")).toEqual([]);
  });

  it("treats punctuation as nothing to search for and search syntax as plain words", async () => {
    expect(await found("，。！")).toEqual([]);
    // OR is a word to find like any other, not an operator: nothing says "or…" besides these.
    expect(await found('"年费" OR 退款')).toEqual([]);
    expect(await found('"年费" NEAR(')).toEqual([]);
    expect(await found('"年费"')).toEqual([w.c1.id]);
  });

  it("finds a message as soon as it is stored, however it was stored; a failed write leaves nothing to find", async () => {
    const visitor = w.s.visitors.get(w.c3.visitorId)!;
    // A visitor writes again: a new chat, findable at once (the search brings the index up to date first).
    const sent = await w.s.chat.visitorSend({ id: visitor.id, site_id: visitor.site_id, name: visitor.name }, { cid: cid(), body: "貔貅吉祥物" });
    expect(await found("貔貅")).toEqual([sent.conversation.id]);
    // The index follows the messages table itself, so even a row written behind the chat service's back is found.
    w.t.db.run("INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_name, kind, body, created_at) VALUES (?, 99, 'ghost', 'visitor', '', 'text', '魑魅魍魉', 0)", [w.c3.id]);
    expect(await found("魑魅")).toEqual([w.c3.id]);
    // A write that fails rolls back: there is no message, so nothing to index or find.
    await expect(w.s.writer.write(() => {
      w.s.chat.repo.append(sent.conversation.id, { cid: cid(), sender_kind: "visitor", sender_id: visitor.id, sender_name: "", kind: "text", body: "饕餮盛宴", file_id: null }, w.t.clock.now());
      throw new Error("disk full");
    })).rejects.toThrow("disk full");
    expect(await found("饕餮")).toEqual([]);
    expect((w.t.db.query("SELECT count(*) AS n FROM messages WHERE body = '饕餮盛宴'").get() as { n: number }).n).toBe(0);
  });
});
