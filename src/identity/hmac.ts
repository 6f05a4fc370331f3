import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Trusted member identity (V25): the host site signs who its signed-in member is, and Yingke
 * checks the signature with the site's secret. The format is documented for integrators in
 * docs/identity.md — change both together.
 *
 *   message   = memberId + "\n" + name + "\n" + ts        (UTF-8; ts = Unix time in seconds)
 *   signature = lowercase hex HMAC-SHA256(site secret, message)
 *
 * A newline separates the fields, so neither memberId nor name may contain one (otherwise two
 * different claims could share one message). The claim is good for MAX_SKEW_SECONDS either
 * side of the server's clock: a signature copied from a page cannot be replayed later.
 */
export const MAX_SKEW_SECONDS = 600;
export const MAX_MEMBER_ID = 64;
export const MAX_MEMBER_NAME = 64;

export interface IdentityClaim {
  memberId: string;
  name: string;
  /** Unix time in seconds, as the host signed it. */
  ts: number;
}

export type IdentityRejection = "missing" | "malformed" | "bad_signature" | "expired" | "future";

export type IdentityResult = ({ ok: true } & IdentityClaim) | { ok: false; reason: IdentityRejection };

const CONTROL = /[\u0000-\u001f\u007f]/;

export function identityMessage(c: IdentityClaim): string {
  return `${c.memberId}\n${c.name}\n${c.ts}`;
}

/** The signature the host computes (used by tests and by the docs' examples). */
export function signIdentity(secret: string, c: IdentityClaim): string {
  return createHmac("sha256", secret).update(identityMessage(c), "utf8").digest("hex");
}

/** Reads the raw fields (a frame from the widget: anything may arrive) into a claim, or says why not. */
export function parseClaim(raw: Record<string, unknown>): { claim: IdentityClaim; sig: string } | { reason: "missing" | "malformed" } {
  const { memberId, name, ts, sig } = raw;
  const present = (v: unknown) => v !== undefined && v !== null && v !== "";
  if (!present(memberId) || !present(ts) || !present(sig)) return { reason: "missing" };
  const id = typeof memberId === "number" && Number.isSafeInteger(memberId) ? String(memberId) : memberId;
  if (typeof id !== "string" || id.length > MAX_MEMBER_ID || CONTROL.test(id) || !id.trim()) return { reason: "malformed" };
  const n = name === undefined || name === null ? "" : name;
  if (typeof n !== "string" || n.length > MAX_MEMBER_NAME || CONTROL.test(n)) return { reason: "malformed" };
  const t = typeof ts === "string" && /^\d{1,12}$/.test(ts) ? Number(ts) : ts;
  if (typeof t !== "number" || !Number.isSafeInteger(t) || t < 0) return { reason: "malformed" };
  if (typeof sig !== "string" || !/^[0-9a-fA-F]{64}$/.test(sig)) return { reason: "malformed" };
  return { claim: { memberId: id, name: n, ts: t }, sig: sig.toLowerCase() };
}

/**
 * Checks a claim against the site's secret at `nowMs`. The signature is compared in constant
 * time; the clock is checked only after the signature, so a stale but genuine claim says
 * "expired" while a forged one says "bad_signature" whatever its time.
 */
export function verifyIdentity(secret: string, raw: Record<string, unknown>, nowMs: number): IdentityResult {
  const parsed = parseClaim(raw);
  if ("reason" in parsed) return { ok: false, reason: parsed.reason };
  if (!secret) return { ok: false, reason: "bad_signature" };
  const expected = Buffer.from(signIdentity(secret, parsed.claim), "hex");
  const given = Buffer.from(parsed.sig, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  const skew = parsed.claim.ts - Math.floor(nowMs / 1000);
  if (skew < -MAX_SKEW_SECONDS) return { ok: false, reason: "expired" };
  if (skew > MAX_SKEW_SECONDS) return { ok: false, reason: "future" };
  return { ok: true, ...parsed.claim };
}
