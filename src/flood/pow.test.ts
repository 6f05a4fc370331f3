import { describe, expect, it } from "bun:test";
import { createHash } from "node:crypto";
import { manualClock } from "../platform/clock.ts";
import { createChallenges, leadingZeroBits, solve, solves } from "./pow.ts";
import { CHALLENGE_TTL_MS, createFloodService, type FloodLimits } from "./service.ts";

const hash = (s: string) => createHash("sha256").update(s).digest();

describe("proof of work", () => {
  it("counts leading zero bits", () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0, 0, 0x10]))).toBe(19);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it("accepts a nonce whose hash has enough zero bits, and nothing else", () => {
    const seed = "a1b2c3";
    const nonce = solve(seed, 12);
    expect(leadingZeroBits(hash(seed + nonce))).toBeGreaterThanOrEqual(12);
    expect(solves(seed, nonce, 12)).toBe(true);
    expect(solves(seed, Number(nonce), 12)).toBe(true);
    // A nonce that does not reach the difficulty, malformed nonces, another seed.
    const weak = [...Array(50).keys()].map(String).find((n) => leadingZeroBits(hash(seed + n)) < 12)!;
    expect(solves(seed, weak, 12)).toBe(false);
    for (const bad of ["", " 1", "-1", "x".repeat(33), "1e3!", null, {}, 1.5, -3]) expect(solves(seed, bad, 1)).toBe(false);
    expect(solves("other", nonce, 12)).toBe(leadingZeroBits(hash("other" + nonce)) >= 12);
  });
});

describe("challenges", () => {
  const setup = () => {
    const clock = manualClock();
    return { clock, c: createChallenges({ now: clock.now, ttlMs: 60_000 }) };
  };

  it("redeems a right answer once: a replay is unknown", () => {
    const { c } = setup();
    const ch = c.issue("1|10.0.0.1", 8);
    const nonce = solve(ch.seed, ch.difficulty);
    expect(c.redeem(ch.id, nonce, "1|10.0.0.1")).toBe("ok");
    expect(c.redeem(ch.id, nonce, "1|10.0.0.1")).toBe("unknown");
  });

  it("refuses a wrong nonce and burns the challenge", () => {
    const { c } = setup();
    const ch = c.issue("s", 16);
    const nonce = solve(ch.seed, 16);
    const wrong = String(Number(nonce) + 1);
    expect(solves(ch.seed, wrong, 16)).toBe(false);
    expect(c.redeem(ch.id, wrong, "s")).toBe("wrong");
    expect(c.redeem(ch.id, nonce, "s")).toBe("unknown");
  });

  it("refuses an expired challenge even with the right nonce", () => {
    const { c, clock } = setup();
    const ch = c.issue("s", 8);
    clock.advance(60_000);
    expect(c.redeem(ch.id, solve(ch.seed, 8), "s")).toBe("expired");
  });

  it("belongs to the source it was issued to", () => {
    const { c } = setup();
    const ch = c.issue("1|10.0.0.1", 8);
    expect(c.redeem(ch.id, solve(ch.seed, 8), "1|10.0.0.2")).toBe("other_source");
    expect(c.redeem("nope", "1", "s")).toBe("unknown");
    expect(c.redeem(42, "1", "s")).toBe("unknown");
  });

  it("gives a source the same open challenge until it is answered or expires", () => {
    const { c, clock } = setup();
    const a = c.issue("s", 8);
    expect(c.issue("s", 8)).toEqual(a);
    expect(c.issue("t", 8).id).not.toBe(a.id);
    clock.advance(60_000);
    expect(c.issue("s", 8).id).not.toBe(a.id);
    expect(c.size).toBe(2);
  });

  it("stays bounded", () => {
    const clock = manualClock();
    const c = createChallenges({ now: clock.now, ttlMs: 60_000, max: 3 });
    const first = c.issue("a", 8);
    for (const s of ["b", "c", "d", "e"]) c.issue(s, 8);
    expect(c.size).toBe(3);
    expect(c.redeem(first.id, solve(first.seed, 8), "a")).toBe("unknown");
  });
});

describe("flood thresholds", () => {
  const limits: FloodLimits = { enabled: true, chatsPerMinute: 3, messagesPerMinute: 5, difficulty: 8, passMinutes: 10 };
  const setup = (l: Partial<FloodLimits> = {}) => {
    const clock = manualClock();
    return { clock, f: createFloodService({ clock, limits: () => ({ ...limits, ...l }) }) };
  };
  const chat = { chat: true, message: true };
  const msg = { chat: false, message: true };

  it("challenges a source past the chat threshold, and only that source", () => {
    const { f } = setup();
    for (let i = 0; i < 3; i++) expect(f.check(1, "10.0.0.1", chat)).toBeNull();
    const ch = f.check(1, "10.0.0.1", chat);
    expect(ch).toMatchObject({ difficulty: 8 });
    // Refused frames count for nothing and keep asking the same puzzle.
    expect(f.check(1, "10.0.0.1", chat)).toEqual(ch);
    // Another source, and the same address on another site, are not affected.
    expect(f.check(1, "10.0.0.2", chat)).toBeNull();
    expect(f.check(2, "10.0.0.1", chat)).toBeNull();
  });

  it("a solution lets the source go on for one threshold's worth, then asks again", () => {
    const { f } = setup();
    for (let i = 0; i < 5; i++) expect(f.check(1, "ip", msg)).toBeNull();
    const ch = f.check(1, "ip", msg)!;
    expect(f.solve(1, "ip", ch.id, "not-a-solution")).toBe("wrong");
    const again = f.check(1, "ip", msg)!;
    expect(again.id).not.toBe(ch.id);
    expect(f.solve(1, "other-ip", again.id, solve(again.seed, 8))).toBe("other_source");
    const third = f.check(1, "ip", msg)!;
    expect(f.solve(1, "ip", third.id, solve(third.seed, 8))).toBe("ok");
    expect(f.hasPass(1, "ip")).toBe(true);
    for (let i = 0; i < 5; i++) expect(f.check(1, "ip", msg)).toBeNull();
    expect(f.check(1, "ip", msg)).not.toBeNull();
    expect(f.hasPass(1, "ip")).toBe(false);
  });

  it("a pass ends after passMinutes; the window slides after a minute", () => {
    const { f, clock } = setup({ passMinutes: 1 });
    for (let i = 0; i < 5; i++) f.check(1, "ip", msg);
    const ch = f.check(1, "ip", msg)!;
    expect(f.solve(1, "ip", ch.id, solve(ch.seed, 8))).toBe("ok");
    clock.advance(30_000);
    expect(f.check(1, "ip", msg)).toBeNull(); // covered by the pass
    clock.advance(30_000);
    // The pass is over, but the first five have left the window by now.
    expect(f.hasPass(1, "ip")).toBe(false);
    for (let i = 0; i < 4; i++) expect(f.check(1, "ip", msg)).toBeNull();
    expect(f.check(1, "ip", msg)).not.toBeNull();
  });

  it("an answer after the challenge expired is refused", () => {
    const { f, clock } = setup();
    for (let i = 0; i < 3; i++) f.check(1, "ip", chat);
    const ch = f.check(1, "ip", chat)!;
    clock.advance(CHALLENGE_TTL_MS);
    expect(f.solve(1, "ip", ch.id, solve(ch.seed, 8))).toBe("expired");
    expect(f.hasPass(1, "ip")).toBe(false);
  });

  it("does nothing when the site turned it off", () => {
    const { f } = setup({ enabled: false });
    for (let i = 0; i < 50; i++) expect(f.check(1, "ip", chat)).toBeNull();
  });
});
