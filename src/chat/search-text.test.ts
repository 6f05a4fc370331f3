import { describe, expect, it } from "bun:test";
import { Database } from "bun:sqlite";
import { matchQuery, searchableText } from "./search-text.ts";

describe("search text", () => {
  it("puts every CJK character on its own and folds full-width forms", () => {
    expect(searchableText("我要退款，订单ＡＢＣ１２３")).toBe("我 要 退 款 , 订 单 ABC123");
    expect(searchableText("hello  world")).toBe("hello world");
    expect(searchableText("こんにちは")).toBe("こ ん に ち は");
  });

  it("builds quoted phrases joined by AND; Latin ends match as prefixes; nothing injectable", () => {
    expect(matchQuery("退款")).toBe('"退 款"');
    expect(matchQuery("退款 refun")).toBe('"退 款" AND "refun"*');
    expect(matchQuery("VIP会员")).toBe('"VIP 会 员"');
    expect(matchQuery('a" OR b NEAR(')).toBe('"a"* AND "OR"* AND "b"* AND "NEAR"*');
    expect(matchQuery("  ，。 ")).toBeNull();
  });

  it("finds 1-, 2- and 3-character Chinese words, adjacent only, and English words by prefix", () => {
    const db = new Database(":memory:");
    db.run("CREATE VIRTUAL TABLE s USING fts5(body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')");
    const docs = ["我要退款", "退货和款项", "信用卡年费怎么算", "Refund please", "款"];
    docs.forEach((d, i) => db.run("INSERT INTO s (rowid, body) VALUES (?, ?)", [i + 1, searchableText(d)]));
    const find = (q: string) => (db.query("SELECT rowid AS id FROM s WHERE s MATCH ? ORDER BY rowid").all(matchQuery(q)!) as { id: number }[]).map((r) => r.id);
    expect(find("款")).toEqual([1, 2, 5]);
    expect(find("退款")).toEqual([1]); // "退货和款项" has both characters, not adjacent
    expect(find("年费")).toEqual([3]);
    expect(find("信用卡")).toEqual([3]);
    expect(find("refu")).toEqual([4]);
    expect(find("REFUND 退")).toEqual([]);
    expect(find("ｒｅｆｕｎｄ")).toEqual([4]);
  });
});
