import { describe, expect, it } from "bun:test";
import { chooseLang, matchLang } from "../src/lang.ts";

describe("language choice", () => {
  it("maps Chinese variants to Simplified or Traditional", () => {
    for (const t of ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN", "zh_TW", "ZH-hk"]) expect(matchLang(t)).toBe("zh-TW");
    for (const t of ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-HK", "zh-Hans-TW"]) expect(matchLang(t)).toBe("zh-CN");
  });

  it("maps the other supported languages by their base tag, and nothing else", () => {
    expect(matchLang("en-GB")).toBe("en");
    expect(matchLang("ja-JP")).toBe("ja");
    expect(matchLang("ko")).toBe("ko");
    expect(matchLang("fr-FR")).toBeNull();
    expect(matchLang("zhx")).toBeNull();
    expect(matchLang("")).toBeNull();
  });

  it("takes the first supported browser language, then the site's, then English", () => {
    expect(chooseLang(["fr-FR", "ja", "en"], "zh-CN")).toBe("ja");
    expect(chooseLang(["fr-FR", "de"], "zh-TW")).toBe("zh-TW");
    expect(chooseLang(["fr-FR"], null)).toBe("en");
    expect(chooseLang([], "ko")).toBe("ko");
    expect(chooseLang(undefined, "xx")).toBe("en");
    expect(chooseLang(["zh-HK", "en"], "en")).toBe("zh-TW");
  });
});
