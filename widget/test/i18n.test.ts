import { describe, expect, it } from "bun:test";
import { ENTRY } from "../src/i18n/entry.ts";
import { PANEL } from "../src/i18n/panel.ts";
import { LANGS } from "../src/lang.ts";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  for (const [name, cats] of [
    ["entry", ENTRY],
    ["panel", PANEL],
  ] as const) {
    it(`${name}: every language has exactly the English keys, non-empty, with the same placeholders`, () => {
      expect(Object.keys(cats).sort()).toEqual([...LANGS].sort());
      const en = cats.en as Record<string, string>;
      for (const lang of LANGS) {
        const cat = cats[lang] as Record<string, string>;
        expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
        for (const k of Object.keys(en)) {
          expect(typeof cat[k]).toBe("string");
          expect(cat[k].trim().length).toBeGreaterThan(0);
          expect(placeholders(cat[k])).toEqual(placeholders(en[k]));
        }
      }
    });
  }

  it("translations are not left in English", () => {
    for (const lang of ["zh-CN", "zh-TW", "ja", "ko"] as const) expect(PANEL[lang].send).not.toBe(PANEL.en.send);
  });
});
