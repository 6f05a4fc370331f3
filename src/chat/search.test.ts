import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";

const admin = { id: null, name: "test" };

describe("message search index", () => {
  it("finds a message as soon as it is stored, newest first with paging; a resent cid is indexed once", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
    const visitor = t.services.visitors.identify(site.id, null).visitor;
    const chat = t.services.chat;
    const a = await chat.visitorSend(visitor, { cid: "a", body: "我想咨询信用卡年费" });
    const b = await chat.visitorSend(visitor, { cid: "b", body: "年费可以减免吗？" });
    await chat.visitorSend(visitor, { cid: "b", body: "年费可以减免吗？" });
    const search = chat.repo.search;
    expect(search.ids("年费", { limit: 10 })).toEqual([b.message.id, a.message.id]);
    expect(search.ids("年费", { limit: 1 })).toEqual([b.message.id]);
    expect(search.ids("年费", { limit: 10, beforeId: b.message.id })).toEqual([a.message.id]);
    expect(search.ids("卡", { limit: 10 })).toEqual([a.message.id]);
    expect(search.ids("费可", { limit: 10 })).toEqual([b.message.id]);
    expect(search.ids("可费", { limit: 10 })).toEqual([]);
    expect(search.ids("，", { limit: 10 })).toEqual([]);
  });

  it("indexes messages stored before the index existed, in batches", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
    const visitor = t.services.visitors.identify(site.id, null).visitor;
    const { conversation } = await t.services.chat.visitorSend(visitor, { cid: "first", body: "hello" });
    // As after an upgrade: 12,000 rows in messages the index has never seen.
    t.db.run("DELETE FROM message_search");
    const insert = t.db.prepare("INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_name, kind, body, created_at) VALUES (?, ?, ?, 'visitor', '', 'text', ?, 0)");
    t.db.transaction(() => {
      for (let i = 2; i <= 12_001; i++) insert.run(conversation.id, i, `c${i}`, i === 7_777 ? "账户冻结了怎么办" : `普通消息 ${i}`);
    })();
    const last = (t.db.query("SELECT max(id) AS id FROM messages").get() as { id: number }).id;
    t.db.run("UPDATE message_search_backlog SET next_id = 1, last_id = ?", [last]);
    const search = t.services.chat.repo.search;
    expect(search.ids("冻结", { limit: 10 })).toEqual([]);
    let batches = 0;
    while (search.catchUpBatch()) batches++;
    expect(batches).toBe(2); // 12,001 rows in batches of 5,000: two more after the first
    expect(search.ids("冻结", { limit: 10 }).length).toBe(1);
    expect(search.ids("hello", { limit: 10 }).length).toBe(1);
    expect(search.ids("普通", { limit: 100_000 }).length).toBe(11_999); // all but the one about a frozen account
    expect(search.catchUpBatch()).toBe(false);
  });
});
