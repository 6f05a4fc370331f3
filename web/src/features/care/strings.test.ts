import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import "./strings.ts";

describe("care strings", () => {
  it("has every key in both languages, Chinese first", () => {
    expect(missingKeys().filter((m) => /^(care|panel|eval|block|signout)\./.test(m.key))).toEqual([]);
    expect(t("block.refuse_chat")).toContain("拒绝对话");
    expect(t("signout.intro", { n: 2 })).toContain("2");
  });
});
