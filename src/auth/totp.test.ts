import { describe, expect, it } from "bun:test";
import { base32Decode, base32Encode, totpCode, verifyTotp, stepAt, newTotpSecret } from "./totp.ts";

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (8-digit vectors truncated to 6).
const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890"));

describe("totp", () => {
  it("matches the RFC 6238 test vectors", () => {
    expect(totpCode(RFC_SECRET, stepAt(59_000))).toBe("287082");
    expect(totpCode(RFC_SECRET, stepAt(1111111109_000))).toBe("081804");
    expect(totpCode(RFC_SECRET, stepAt(1234567890_000))).toBe("005924");
    expect(totpCode(RFC_SECRET, stepAt(2000000000_000))).toBe("279037");
  });

  it("round-trips base32", () => {
    const s = newTotpSecret();
    expect(base32Encode(base32Decode(s))).toBe(s);
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
  });

  it("accepts one step of drift either way and no more", () => {
    const now = 1_800_000_000_000;
    const step = stepAt(now);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now, 0)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), now, 0)).toBe(step + 1);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 2), now, 0)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 2), now, 0)).toBeNull();
  });

  it("never accepts a step at or before the last used one", () => {
    const now = 1_800_000_000_000;
    const step = stepAt(now);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), now, step)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now, step - 1)).toBeNull();
    expect(verifyTotp(RFC_SECRET, "12345", now, 0)).toBeNull();
    expect(verifyTotp(RFC_SECRET, "abcdef", now, 0)).toBeNull();
  });
});
