import { describe, expect, it } from "bun:test";
import { createRateLimiter } from "./rate-limit.ts";

describe("rate limiter", () => {
  it("allows the limit per window, then says how long to wait", () => {
    const r = createRateLimiter<number>({ limit: 3, windowMs: 1000 });
    const t0 = 1_800_000_000_000;
    expect([r.hit(7, t0), r.hit(7, t0 + 1), r.hit(7, t0 + 2)]).toEqual([0, 0, 0]);
    expect(r.hit(7, t0 + 400)).toBe(600);
    expect(r.hit(8, t0 + 400)).toBe(0); // other keys are separate
    expect(r.hit(7, t0 + 1000)).toBe(0); // a new window
  });

  it("keeps at most maxKeys entries, dropping expired ones first", () => {
    const r = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 2 });
    r.hit("a", 0);
    r.hit("b", 0);
    r.hit("c", 5000); // a and b have expired and make room
    expect(r.hit("c", 5001)).toBeGreaterThan(0);
  });

  it("forgets keys not hit for a whole window, with or without other hits, and still counts the live ones", () => {
    const r = createRateLimiter<number>({ limit: 2, windowMs: 1000 });
    r.hit(1, 0);
    r.hit(2, 0);
    r.hit(2, 900);
    expect(r.size()).toBe(2);
    // Key 2 goes on being limited across the turn: its window (from 0) is still running at 999.
    r.sweep(999);
    expect(r.hit(2, 999)).toBe(1);
    r.hit(3, 1500);
    r.sweep(2600); // keys 1 and 2 were last hit in the first window: gone
    expect(r.size()).toBe(1);
    r.sweep(5000); // nothing hit for two windows: nothing held
    expect(r.size()).toBe(0);
    expect(r.hit(1, 5001)).toBe(0); // a forgotten key starts afresh
  });
});
