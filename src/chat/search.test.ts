import { describe, expect, it } from "bun:test";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { createTestApp } from "../../test/harness.ts";
import { openDatabase } from "../store/db.ts";
import { migrate, MIGRATIONS } from "../store/migrate.ts";
import { createMessageSearch } from "./search.ts";

const admin = { id: null, name: "test" };

/** A database as the release before 0023 left it, with one conversation (id 1) to hold messages. */
function beforeIndexFollowed() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "yk-search-")), "old.db"));
  migrate(db, { known: MIGRATIONS.filter((m) => m.name < "0023") });
  db.run("INSERT INTO sites (id, site_key, name, secret, created_at, updated_at) VALUES (1, 'k', 'S', 's', 0, 0)");
  db.run("INSERT INTO visitors (id, site_id, public_id, name, first_seen_at, last_seen_at) VALUES (1, 1, 'p', 'v', 0, 0)");
  db.run("INSERT INTO conversations (id, site_id, visitor_id, status, created_at) VALUES (1, 1, 1, 'active', 0)");
  return db;
}

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

  it("indexes what it has not seen in chunks, oldest first, and a search first catches up", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
    const visitor = t.services.visitors.identify(site.id, null).visitor;
    const { conversation } = await t.services.chat.visitorSend(visitor, { cid: "first", body: "hello" });
    // As after an upgrade or a burst: 12,000 rows in messages the index has not seen yet.
    const insert = t.db.prepare("INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_name, kind, body, created_at) VALUES (?, ?, ?, 'visitor', '', 'text', ?, 0)");
    t.db.transaction(() => {
      for (let i = 2; i <= 12_001; i++) insert.run(conversation.id, i, `c${i}`, i === 7_777 ? "账户冻结了怎么办" : `普通消息 ${i}`);
    })();
    t.services.chat.repo.forgetSeqs(); // rows written behind the repo's back
    const search = t.services.chat.repo.search;
    const indexed = (q: string) => (t.db.query("SELECT count(*) AS n FROM message_search WHERE message_search MATCH ?").get(q) as { n: number }).n;
    expect(search.lag()).toBe(12_001);
    let chunks = 1;
    while (search.catchUp(5_000)) chunks++;
    expect(chunks).toBe(3); // 12,001 rows: two full chunks and the rest
    expect(search.lag()).toBe(0);
    expect(indexed('"冻 结"')).toBe(1);
    expect(search.catchUp(5_000)).toBe(false);

    // Stored but not yet indexed: the search itself brings the index up to date first.
    const late = await t.services.chat.visitorSend(visitor, { cid: "late", body: "冻结的账户能解冻吗" });
    expect(search.lag()).toBeGreaterThan(0);
    expect(search.ids("冻结", { limit: 10 })).toEqual([late.message.id, expect.any(Number)]);
    expect(search.ids("普通", { limit: 100_000 }).length).toBe(11_999); // all but the one about a frozen account
    expect(search.lag()).toBe(0);
  });

  it("follows the messages in the background once they are stored, without a search", async () => {
    const t = createTestApp();
    const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "en" }, admin);
    const visitor = t.services.visitors.identify(site.id, null).visitor;
    t.services.searchIndexer.start();
    try {
      for (let i = 0; i < 250; i++) await t.services.chat.visitorSend(visitor, { cid: `m${i}`, body: `第${i}条 转账限额` });
      await t.services.searchIndexer.drained();
      expect(t.services.chat.repo.search.lag()).toBe(0);
      const n = (t.db.query("SELECT count(*) AS n FROM message_search WHERE message_search MATCH '\"限 额\"'").get() as { n: number }).n;
      expect(n).toBe(250);
    } finally {
      t.services.searchIndexer.stop();
    }
  });

  it("upgrades from the start-up backlog of 0019: an unfinished backlog is finished and every message is found once", () => {
    const db = beforeIndexFollowed();
    const insert = db.prepare("INSERT INTO messages (id, conversation_id, seq, cid, sender_kind, sender_name, kind, body, created_at) VALUES (?, 1, ?, ?, 'visitor', '', 'text', ?, 0)");
    for (let id = 1; id <= 30; id++) insert.run(id, id, `c${id}`, `余额查询 ${id}`);
    // The old scheme: 1–10 indexed by the backlog so far, 11–20 still in it, 21–30 indexed as they were stored.
    const index = db.prepare("INSERT INTO message_search (rowid, body) VALUES (?, '余 额 查 询')");
    for (let id = 1; id <= 30; id++) if (id <= 10 || id > 20) index.run(id);
    db.run("UPDATE message_search_backlog SET next_id = 11, last_id = 20");
    migrate(db);
    const search = createMessageSearch(db);
    expect(search.lag()).toBe(20); // 11–30: the unfinished backlog and what came after it
    expect(search.ids("余额", { limit: 100 })).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
  });

  it("upgrades from a finished backlog: the index starts after the newest message", () => {
    const db = beforeIndexFollowed();
    db.run("INSERT INTO messages (id, conversation_id, seq, cid, sender_kind, sender_name, kind, body, created_at) VALUES (5, 1, 1, 'a', 'visitor', '', 'text', '挂失', 0)");
    db.run("INSERT INTO message_search (rowid, body) VALUES (5, '挂 失')");
    migrate(db);
    expect(createMessageSearch(db).lag()).toBe(0);
    expect((db.query("SELECT next_id FROM message_search_progress").get() as { next_id: number }).next_id).toBe(6);
  });
});
