import { describe, expect, it } from "bun:test";
import { EMPTY_FILTER, excerpt, filterParams, listQuery, pages } from "./model.ts";

describe("inbox model", () => {
  it("sends only the set filter fields, with the page", () => {
    const f = { ...EMPTY_FILTER, state: "unreplied" as const, q: "信用卡 年费" };
    expect(filterParams(f)).toEqual({ state: "unreplied", q: "信用卡 年费" });
    expect(new URLSearchParams(listQuery(f, 2, 50)).get("q")).toBe("信用卡 年费");
    expect(listQuery(EMPTY_FILTER, 1, 20)).toBe("page=1&limit=20");
  });
  it("counts pages and shortens long messages", () => {
    expect([pages(0, 20), pages(20, 20), pages(21, 20)]).toEqual([1, 1, 2]);
    expect(excerpt("短")).toBe("短");
    expect(excerpt("长".repeat(61))).toBe(`${"长".repeat(60)}…`);
  });
});
