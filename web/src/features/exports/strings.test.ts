import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import "./strings.ts";

describe("export strings", () => {
  it("has every key in both languages, Chinese first", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("export."))).toEqual([]);
    expect(t("export.button")).toBe("导出");
    expect(t("export.progress", { rows: 5, total: 9 })).toBe("已导出 5 / 9 行");
  });
});
