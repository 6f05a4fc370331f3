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
});
