import { describe, expect, it } from "bun:test";
import { missingKeys, t } from "../../lib/i18n.ts";
import "./strings.ts";
import { pushableUrl } from "./shared.ts";

describe("outreach console strings and checks", () => {
  it("every outreach key exists in zh-CN and en", () => {
    expect(missingKeys().filter((m) => m.key.startsWith("outreach."))).toEqual([]);
    expect(t("outreach.level5")).toBe("非常满意");
  });

  it("only http(s) URLs may be pushed", () => {
    expect(pushableUrl(" https://example.com/a ")).toBe(true);
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "ftp://example.com", "example.com", ""]) expect(pushableUrl(bad)).toBe(false);
  });
});
