import { describe, expect, it } from "bun:test";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { identityMessage, signIdentity, verifyIdentity } from "./hmac.ts";

/** V25's signature check: what the host signs, and every way a claim is refused. */
const SECRET = "s3cret-of-the-shop";
const NOW = Date.UTC(2025, 4, 1, 8, 0, 0);
const ts = Math.floor(NOW / 1000);
const claim = (o: Record<string, unknown> = {}) => {
  const base = { memberId: "M-1001", name: "王小明", ts };
  const c = { ...base, ...o };
  return { ...c, sig: signIdentity(SECRET, c as typeof base) };
};

describe("identity signature", () => {
  it("is lowercase hex HMAC-SHA256 over memberId, name and ts joined by newlines (the documented format)", () => {
    const c = claim();
    expect(identityMessage(c)).toBe(`M-1001\n王小明\n${ts}`);
    expect(c.sig).toBe(createHmac("sha256", SECRET).update(`M-1001\n王小明\n${ts}`, "utf8").digest("hex"));
    expect(c.sig).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches the worked example in docs/identity.md (the Node, Java and Python samples print the same)", () => {
    const sig = signIdentity("s3cret-of-the-shop", { memberId: "M-1001", name: "王小明", ts: 1714550400 });
    expect(sig).toBe("70342c870f83bf94da0c0ffcbecd88a12ead8304bc86f9ede9bbef98c48ac650");
    expect(readFileSync(join(import.meta.dir, "../../docs/identity.md"), "utf8")).toContain(sig);
  });

  it("accepts a valid claim, also with ts as a string, a numeric member id or an upper-case signature", () => {
    expect(verifyIdentity(SECRET, claim(), NOW)).toEqual({ ok: true, memberId: "M-1001", name: "王小明", ts });
    const c = claim();
    expect(verifyIdentity(SECRET, { ...c, ts: String(ts), sig: c.sig.toUpperCase() }, NOW).ok).toBe(true);
    const numeric = { memberId: 42, name: "", ts, sig: signIdentity(SECRET, { memberId: "42", name: "", ts }) };
    expect(verifyIdentity(SECRET, numeric, NOW)).toEqual({ ok: true, memberId: "42", name: "", ts });
  });

  it("refuses a wrong signature and a signature made with another secret", () => {
    const c = claim();
    const flipped = (c.sig[0] === "a" ? "b" : "a") + c.sig.slice(1);
    expect(verifyIdentity(SECRET, { ...c, sig: flipped }, NOW)).toEqual({ ok: false, reason: "bad_signature" });
    const other = { memberId: "M-1001", name: "王小明", ts, sig: signIdentity("another-site-secret", { memberId: "M-1001", name: "王小明", ts }) };
    expect(verifyIdentity(SECRET, other, NOW)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyIdentity("", claim(), NOW)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a tampered name, member id or time", () => {
    const c = claim();
    expect(verifyIdentity(SECRET, { ...c, name: "王大明" }, NOW).ok).toBe(false);
    expect(verifyIdentity(SECRET, { ...c, memberId: "M-1002" }, NOW).ok).toBe(false);
    expect(verifyIdentity(SECRET, { ...c, ts: ts - 1 }, NOW)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("is good for 10 minutes either side of the server's clock, not longer", () => {
    expect(verifyIdentity(SECRET, claim({ ts: ts - 600 }), NOW).ok).toBe(true);
    expect(verifyIdentity(SECRET, claim({ ts: ts + 600 }), NOW).ok).toBe(true);
    expect(verifyIdentity(SECRET, claim({ ts: ts - 601 }), NOW)).toEqual({ ok: false, reason: "expired" });
    expect(verifyIdentity(SECRET, claim({ ts: ts + 601 }), NOW)).toEqual({ ok: false, reason: "future" });
    // Milliseconds instead of seconds land far in the future.
    expect(verifyIdentity(SECRET, claim({ ts: NOW }), NOW)).toEqual({ ok: false, reason: "future" });
  });

  it("calls missing fields missing and ill-formed ones malformed", () => {
    const c = claim();
    expect(verifyIdentity(SECRET, {}, NOW)).toEqual({ ok: false, reason: "missing" });
    for (const k of ["memberId", "ts", "sig"]) {
      const partial: Record<string, unknown> = { ...c };
      delete partial[k];
      expect(verifyIdentity(SECRET, partial, NOW)).toEqual({ ok: false, reason: "missing" });
    }
    expect(verifyIdentity(SECRET, { ...c, memberId: "" }, NOW)).toEqual({ ok: false, reason: "missing" });
    expect(verifyIdentity(SECRET, { ...c, sig: "xyz" }, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyIdentity(SECRET, { ...c, ts: "soon" }, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyIdentity(SECRET, { ...c, ts: -5 }, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyIdentity(SECRET, { ...c, memberId: { id: 1 } }, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyIdentity(SECRET, { ...c, memberId: "x".repeat(65) }, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyIdentity(SECRET, { ...c, name: 7 }, NOW)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a newline in a field, even when signed (the fields could otherwise be shifted)", () => {
    // "A\nB" + "\n" + "" and "A" + "\n" + "B\n"… would collide without this rule.
    const shifted = claim({ memberId: "M-1001\n王小明", name: "" });
    expect(verifyIdentity(SECRET, shifted, NOW)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyIdentity(SECRET, claim({ name: "王\n小明" }), NOW)).toEqual({ ok: false, reason: "malformed" });
  });
});
