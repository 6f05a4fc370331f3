import { describe, expect, it } from "bun:test";
import { missingKeys } from "../../lib/i18n.ts";
import "./strings.ts";
import { STATUSES, buildView, comparator, matchesText, patchView, type Filter, type Status, type VisitorRow } from "./model.ts";

const row = (id: number, o: Partial<VisitorRow> = {}): VisitorRow => ({
  id, siteId: 1, status: "browsing", name: "", searchEngine: "", searchKeyword: "", visitCount: 1, ip: `10.0.0.${id}`, region: "", enteredAt: 1000 + id,
  waitingSince: null, lastMessage: "", lastMessageAt: null, goneAt: null, agentId: null, agentName: "", conversationId: null,
  currentUrl: `https://x.test/${id}`, currentTitle: `页面 ${id}`, language: "zh-CN", os: "", browser: "", ...o,
});
const all: Filter = { statuses: new Set<Status>(STATUSES), hideGone: false, text: "" };
const site = () => "";

describe("visitor list model", () => {
  it("keeps a patched view identical to a freshly sorted one", () => {
    const statuses: Status[] = ["browsing", "waiting", "chatting", "gone"];
    const rows = new Map<number, VisitorRow>();
    for (let i = 1; i <= 300; i++) rows.set(i, row(i, { status: statuses[i % 4], visitCount: i % 7, name: i % 5 ? `访客${i % 13}` : "" }));
    for (const sort of [{ key: "visits", dir: "desc" }, { key: "name", dir: "asc" }, { key: "status", dir: "asc" }, { key: "wait", dir: "asc" }] as const) {
      const cmp = comparator(sort, site);
      const f: Filter = { ...all, hideGone: true };
      const view = buildView(rows.values(), f, cmp);
      let seed = 7;
      const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
      for (let step = 0; step < 200; step++) {
        const id = 1 + rnd(320);
        const before = rows.get(id);
        const after = row(id, { status: statuses[rnd(4)], visitCount: rnd(9), name: `访客${rnd(20)}`, waitingSince: rnd(2) ? 5000 + rnd(100) : null });
        rows.set(id, after);
        patchView(view, [{ before, after }], f, cmp);
      }
      expect(view.map((r) => r.id)).toEqual(buildView(rows.values(), f, cmp).map((r) => r.id));
    }
  });

  it("has every string in Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("visitors."))).toEqual([]);
  });

  it("searches name, id, IP, page, keyword and region, Chinese included", () => {
    const r = row(12, { name: "张三", searchKeyword: "信用卡", region: "中国 广东 深圳", currentTitle: "理财产品 Funds" });
    for (const q of ["张三", "12", "10.0.0.12", "理财", "funds", "x.test/12", "信用卡", "深圳"]) expect(matchesText(r, q.toLowerCase())).toBe(true);
    expect(matchesText(r, "北京")).toBe(false);
  });
});
