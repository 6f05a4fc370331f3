import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import { EMPTY_FILTER, dayStart, duration, highlight, listQuery, pageCount, serverFilter } from "./model.ts";
import "./strings.ts";

describe("history console model", () => {
  it("turns the form into the server's filter: the agent's days, the end day included, blanks left out", () => {
    const f = serverFilter({ ...EMPTY_FILTER, fromDay: "2026-01-02", toDay: "2026-01-02", siteId: "3", verdict: "none", visitor: "  张三 ", q: " 年费  退款 " });
    expect(f).toEqual({ from: String(new Date(2026, 0, 2).getTime()), to: String(new Date(2026, 0, 3).getTime()), siteId: "3", verdict: "none", visitor: "张三", q: "年费  退款" });
    expect(serverFilter(EMPTY_FILTER)).toEqual({});
    expect(dayStart("yesterday")).toBeNull();
    expect(new URLSearchParams(listQuery({ ...EMPTY_FILTER, rating: "5" }, 2, 50)).toString()).toBe("rating=5&page=2&pageSize=50");
  });

  it("formats durations and counts pages", () => {
    expect(duration(9_000)).toBe("0:09");
    expect(duration(309_000)).toBe("5:09");
    expect(duration(3_909_000)).toBe("1:05:09");
    expect(duration(null)).toBe("");
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(51, 25)).toBe(3);
  });

  it("splits text into plain and matched parts for every search word, case-insensitively", () => {
    expect(highlight("信用卡年费和Refund", "年费 refund")).toEqual([
      { text: "信用卡", hit: false }, { text: "年费", hit: true }, { text: "和", hit: false }, { text: "Refund", hit: true },
    ]);
    expect(highlight("<b>年费</b>", "年费").map((p) => p.text).join("")).toBe("<b>年费</b>");
    expect(highlight("abc", "")).toEqual([{ text: "abc", hit: false }]);
  });

  it("has every string in both languages, Chinese first", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("hist."))).toEqual([]);
    expect(t("hist.total", { n: 7 })).toBe("共 7 条");
  });
});
