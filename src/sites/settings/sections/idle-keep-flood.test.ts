import { describe, expect, it } from "bun:test";
import { idleSection } from "./idle.ts";
import { keepSection } from "./keep.ts";
import { floodSection } from "./flood.ts";

const ctx = { siteId: 1, services: {} as never };
const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { field?: string; status?: number }).field;
  }
  return "(accepted)";
};

describe("idle section", () => {
  const good = { enabled: "1", first_minutes: "3", second_minutes: "2", end_minutes: "1", first_text_en: "  Still there? ", second_text_zhCN: "还在吗？" };

  it("parses the form into minutes and per-language texts, and redraws it", () => {
    const v = idleSection.parse(good, ctx);
    expect(v).toEqual({
      enabled: true, firstMinutes: 3, secondMinutes: 2, endMinutes: 1,
      first: { "zh-CN": "", "zh-TW": "", en: "Still there?", ja: "", ko: "" },
      second: { "zh-CN": "还在吗？", "zh-TW": "", en: "", ja: "", ko: "" },
    });
    expect(idleSection.parse(idleSection.formValues(v), ctx)).toEqual(v);
    expect(idleSection.parse({ ...good, enabled: undefined }, ctx).enabled).toBe(false);
    expect(idleSection.parse(idleSection.formValues(idleSection.defaults()), ctx)).toEqual(idleSection.defaults());
    expect(idleSection.defaults().enabled).toBe(false);
  });

  it("refuses minutes outside 1–120 and bad texts, naming the field", () => {
    for (const [name, value] of [["first_minutes", "0"], ["second_minutes", "121"], ["end_minutes", ""], ["first_minutes", "2.5"], ["end_minutes", "abc"]]) {
      expect(fieldOf(() => idleSection.parse({ ...good, [name]: value }, ctx))).toBe(name);
    }
    expect(fieldOf(() => idleSection.parse({ ...good, first_text_ja: "x".repeat(201) }, ctx))).toBe("first_text_ja");
    expect(fieldOf(() => idleSection.parse({ ...good, second_text_ko: "a\nb" }, ctx))).toBe("second_text_ko");
    expect(fieldOf(() => idleSection.parse({ ...good, first_text_zhTW: "\u0007" }, ctx))).toBe("first_text_zhTW");
    expect(idleSection.widget).toBeUndefined(); // server-only
  });
});

describe("keep section", () => {
  it("takes 0–1440 minutes, empty for the server default", () => {
    expect(keepSection.parse({ minutes: "0" }, ctx)).toEqual({ minutes: 0 });
    expect(keepSection.parse({ minutes: " 1440 " }, ctx)).toEqual({ minutes: 1440 });
    expect(keepSection.parse({ minutes: "" }, ctx)).toEqual({ minutes: null });
    expect(keepSection.parse({}, ctx)).toEqual({ minutes: null });
    for (const bad of ["-1", "1441", "ten", "1.5"]) expect(fieldOf(() => keepSection.parse({ minutes: bad }, ctx))).toBe("minutes");
    expect(keepSection.formValues({ minutes: 0 })).toEqual({ minutes: "0" });
    expect(keepSection.formValues({ minutes: null })).toEqual({ minutes: "" });
    expect(keepSection.widget!({ minutes: 0 })).toEqual({ minutes: 0 });
  });
});

describe("flood section", () => {
  const good = { enabled: "1", chats_per_minute: "60", messages_per_minute: "600", difficulty: "16", pass_minutes: "10" };

  it("parses thresholds, difficulty and pass minutes, on by default", () => {
    const v = floodSection.parse(good, ctx);
    expect(v).toEqual({ enabled: true, chatsPerMinute: 60, messagesPerMinute: 600, difficulty: 16, passMinutes: 10 });
    expect(v).toEqual(floodSection.defaults());
    expect(floodSection.parse(floodSection.formValues(v), ctx)).toEqual(v);
    expect(floodSection.parse({ ...good, enabled: undefined }, ctx).enabled).toBe(false);
    expect(floodSection.widget).toBeUndefined(); // nothing of it reaches the widget
  });

  it("keeps the difficulty within safe bounds and warns about slow puzzles", () => {
    for (const [name, value] of [["difficulty", "7"], ["difficulty", "23"], ["chats_per_minute", "0"], ["messages_per_minute", "5001"], ["pass_minutes", "0"], ["pass_minutes", "121"], ["chats_per_minute", ""]]) {
      expect(fieldOf(() => floodSection.parse({ ...good, [name]: value }, ctx))).toBe(name);
    }
    expect(floodSection.warnings!(floodSection.parse({ ...good, difficulty: "16" }, ctx))).toEqual([]);
    expect(floodSection.warnings!(floodSection.parse({ ...good, difficulty: "22" }, ctx))).toEqual([{ field: "difficulty", message: expect.stringContaining("22") }]);
  });
});
