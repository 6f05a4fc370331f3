import { describe, expect, it } from "bun:test";
import { AA, contrast, contrastWarning, hexColor, luminance } from "./colors.ts";
import { AppError } from "../../../platform/errors.ts";

describe("colours", () => {
  it("computes WCAG luminance and contrast", () => {
    expect(luminance("#000000")).toBe(0);
    expect(luminance("#ffffff")).toBeCloseTo(1, 6);
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 6);
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 6);
    expect(contrast("#777777", "#777777")).toBeCloseTo(1, 6);
    // Known reference pairs: #767676 on white is the lightest grey that passes AA (4.54:1).
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(AA);
    expect(contrast("#1a56a8", "#ffffff")).toBeGreaterThan(AA);
  });

  it("warns below 4.5:1 with the ratio and the field, and stays quiet at or above it", () => {
    expect(contrastWarning("f", "#767676", "#ffffff", { zh: "文字", en: "Text" })).toBeNull();
    const w = contrastWarning("color_header_text", "#ffff00", "#ffffff", { zh: "标题栏文字", en: "Header text" })!;
    expect(w.field).toBe("color_header_text");
    expect(w.message).toContain("1.07:1");
    expect(w.message).toContain("WCAG AA");
    expect(w.message).toContain("4.5:1");
  });

  it("accepts #rrggbb only, normalised to lower case; anything else is a 422 naming the field", () => {
    const label = { zh: "主色", en: "The primary colour" };
    expect(hexColor({ c: " #1A56A8 " }, "c", label)).toBe("#1a56a8");
    for (const bad of ["1a56a8", "#1a5", "#1a56a8ff", "red", "#gggggg", "", "url(javascript:1)", "#1a56a8;color:red"]) {
      try {
        hexColor({ c: bad }, "c", label);
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).status).toBe(422);
        expect((e as AppError).field).toBe("c");
      }
    }
    expect(() => hexColor({}, "c", label)).toThrow(AppError);
    expect(() => hexColor({ c: ["#ffffff"] }, "c", label)).toThrow(AppError);
  });
});
