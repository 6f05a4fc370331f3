import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import "./strings.ts";

describe("collab strings", () => {
  it("every key exists in Chinese and English", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("collab."))).toEqual([]);
  });
  it("fills placeholders in the default (Chinese) catalogue", () => {
    expect(t("collab.transfer.chats", { n: 2, max: 8 })).toBe("2/8 个对话");
    expect(t("collab.inbox.transferGroup", { from: "张三", group: "贷款组" })).toBe("张三 把对话转给分组“贷款组”");
  });
});
