import { describe, expect, it } from "bun:test";
import { AutoAway } from "./idle.ts";
import { describeKey, matchesHotkey, parseHotkey } from "./hotkey.ts";

const key = (code: string, key: string, mods: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}) => ({
  code, key, ctrlKey: !!mods.ctrl, altKey: !!mods.alt, shiftKey: !!mods.shift, metaKey: !!mods.meta,
});

describe("hotkeys", () => {
  it("matches Alt+Z by the physical key, whatever character the layout makes", () => {
    const hk = parseHotkey("Alt+Z");
    expect(matchesHotkey(key("KeyZ", "Ω", { alt: true }), hk)).toBe(true);
    expect(matchesHotkey(key("KeyZ", "z"), hk)).toBe(false);
    expect(matchesHotkey(key("KeyZ", "z", { alt: true, ctrl: true }), hk)).toBe(false);
    expect(matchesHotkey(key("ArrowDown", "ArrowDown", { ctrl: true, shift: true }), parseHotkey("Ctrl+Shift+ArrowDown"))).toBe(true);
    expect(describeKey(key("KeyX", "x", { ctrl: true }))).toBe("Ctrl+X");
    expect(describeKey(key("AltLeft", "Alt", { alt: true }))).toBe(null);
  });
});

describe("auto-away", () => {
  function world(minutes = 10, status = "online") {
    const w = { now: 0, status, minutes, sets: [] as string[] };
    const a = new AutoAway({ minutes: () => w.minutes, now: () => w.now, status: () => w.status, setStatus: (s) => (w.sets.push(s), (w.status = s)) });
    return { w, a };
  }
  it("goes away after N idle minutes and comes back on activity", () => {
    const { w, a } = world();
    w.now = 9 * 60_000;
    a.tick();
    expect(w.sets).toEqual([]);
    w.now = 10 * 60_000;
    a.tick();
    a.tick();
    expect(w.sets).toEqual(["away"]);
    a.activity();
    expect(w.sets).toEqual(["away", "online"]);
  });
  it("restores busy, leaves a hand-picked away alone, and 0 means off", () => {
    const busy = world(5, "busy");
    busy.w.now = 5 * 60_000;
    busy.a.tick();
    busy.a.activity();
    expect(busy.w.sets).toEqual(["away", "busy"]);

    const manual = world(5, "away");
    manual.w.now = 60 * 60_000;
    manual.a.tick();
    manual.a.activity();
    expect(manual.w.sets).toEqual([]);

    const off = world(0);
    off.w.now = 1e9;
    off.a.tick();
    expect(off.w.sets).toEqual([]);

    const picked = world(5);
    picked.w.now = 5 * 60_000;
    picked.a.tick();
    picked.a.manual();
    picked.w.status = "invisible";
    picked.a.activity();
    expect(picked.w.sets).toEqual(["away"]);
  });
});

describe("console strings", () => {
  it("has every shell and workspace string in both languages", async () => {
    await import("./strings.ts");
    const { missingKeys } = await import("../lib/i18n.ts");
    expect(missingKeys()).toEqual([]);
  });
});
