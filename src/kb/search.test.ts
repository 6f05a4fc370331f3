import { describe, expect, it } from "bun:test";
import { indexItems, normalise, searchIndex } from "./search.ts";
import { neutralise, parseCsv, restore, toCsv } from "./csv.ts";
import type { ItemRow } from "./model.ts";

const item = (id: number, title: string, body: string, shortcut: string | null = null): ItemRow => ({
  id, kind: "reply", scope: "company", group_id: null, owner_id: null, folder_id: null, title, body, shortcut, url: null,
  file_blob: null, file_name: null, file_mime: null, file_size: null, position: id, created_by: null, created_at: 0, updated_at: 0,
});

describe("canned reply search", () => {
  const index = indexItems([
    item(1, "问候", "您好，欢迎光临！请问有什么可以帮您？", "/hi"),
    item(2, "营业时间", "我们的营业时间是周一至周五 9:00–17:00。"),
    item(3, "VIP 会员", "ＶＩＰ会员享受免费配送。", "/vip"),
    item(4, "Refund policy", "Refunds within 7 days. 退款七天内办理。"),
    item(5, "Hint", "A hint about /hi", null),
  ]);
  const ids = (q: string) => searchIndex(index, q).map((i) => i.id);

  it("finds Chinese by one character, two characters and mixed text", () => {
    expect(ids("您")).toEqual([1]);
    expect(ids("时间")).toEqual([2]);
    expect(ids("vip会员")).toEqual([3]);
    expect(ids("7 days. 退款")).toEqual([4]);
    expect(ids("营")).toEqual([2]);
  });

  it("folds full-width forms and case both ways", () => {
    expect(ids("ＶＩＰ")).toEqual([3]);
    expect(ids("vip")).toEqual([3]);
    expect(ids("REFUND")).toEqual([4]);
    expect(ids("ｒｅｆｕｎｄ")).toEqual([4]);
    expect(normalise("Ａｂｃ　１２３")).toBe("abc 123");
  });

  it("matches shortcuts, an exact shortcut first", () => {
    expect(ids("/hi")).toEqual([1, 5]);
    expect(ids("/vi")).toEqual([3]);
  });

  it("returns everything in stored order for an empty query and nothing for a miss", () => {
    expect(ids("")).toEqual([1, 2, 3, 4, 5]);
    expect(ids("不存在的词")).toEqual([]);
  });
});

describe("canned reply search at size", () => {
  it("answers from a few thousand items with every match and only matches", () => {
    const words = ["您好", "退款", "发票", "营业时间", "地址", "快递", "会员"];
    const items = Array.from({ length: 5000 }, (_, i) => item(i + 1, `标题 ${i}`, `${words[i % words.length]}说明第 ${i} 条`));
    const index = indexItems(items);
    const hits = searchIndex(index, "票", 10_000);
    expect(hits.length).toBe(items.filter((x) => x.body.includes("票")).length);
    expect(hits.every((h) => h.body.includes("发票"))).toBe(true);
    expect(searchIndex(index, "第 4999 条").map((h) => h.id)).toEqual([5000]);
    expect(searchIndex(index, "您", 50)).toHaveLength(50);
  });
});

describe("CSV", () => {
  it("round-trips Chinese, quotes, commas, line breaks and formula-looking cells", () => {
    const rows = [["scope", "text"], ["company", '您好，"客户"\n第二行, 逗号'], ["group", "=HYPERLINK(\"http://x\")"], ["company", "-1+2"], ["company", "@cmd"], ["company", "\tx"]];
    const csv = toCsv(rows);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain("'-1+2");
    const back = parseCsv(csv).map((r) => r.map(restore));
    expect(back).toEqual(rows);
  });

  it("neutralises only dangerous leading characters", () => {
    expect(neutralise("=1")).toBe("'=1");
    expect(neutralise("+1")).toBe("'+1");
    expect(neutralise("\r1")).toBe("'\r1");
    expect(neutralise("a=1")).toBe("a=1");
    expect(restore("'plain")).toBe("'plain");
  });

  it("refuses broken quoting with a line number", () => {
    expect(() => parseCsv('a,b\r\n"open,c\r\n')).toThrow(/not closed/);
    expect(() => parseCsv('a,b"c\r\n')).toThrow(/line 1/);
  });
});
