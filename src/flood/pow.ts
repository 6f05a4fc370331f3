import { createHash, randomBytes } from "node:crypto";

/**
 * Proof of work (V22): find a `nonce` such that SHA-256(seed + nonce), over the UTF-8 text of
 * both, starts with `difficulty` zero bits. Finding one takes about 2^difficulty hashes; checking
 * one takes a single hash, so the server's side stays cheap however hard the puzzle is.
 */
export interface Challenge {
  id: string;
  seed: string;
  difficulty: number;
}

/** Nonces are short strings of digits or lowercase letters (the widget counts in decimal). */
const NONCE = /^[0-9a-z]{1,32}$/;

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function solves(seed: string, nonce: unknown, difficulty: number): boolean {
  const n = typeof nonce === "number" && Number.isSafeInteger(nonce) && nonce >= 0 ? String(nonce) : nonce;
  if (typeof n !== "string" || !NONCE.test(n)) return false;
  return leadingZeroBits(createHash("sha256").update(seed + n).digest()) >= difficulty;
}

/** A solution found by brute force (tests and benchmarks; the widget has its own in widget/src/pow.ts). */
export function solve(seed: string, difficulty: number): string {
  for (let i = 0; ; i++) if (solves(seed, String(i), difficulty)) return String(i);
}

export type Redeemed = "ok" | "unknown" | "expired" | "wrong" | "other_source";

/**
 * Open challenges, kept server-side: each is single use (any answer, right or wrong, removes
 * it), expires after `ttlMs`, and belongs to the source it was issued to. A source that asks
 * again while one is open gets the same one, so a burst of refused frames makes one puzzle.
 * Bounded: past `max` open challenges the oldest are dropped (their solvers simply get a new
 * one). A restart forgets them all, which costs an honest widget one more puzzle.
 */
export function createChallenges(o: { now: () => number; ttlMs: number; max?: number }) {
  const max = o.max ?? 50_000;
  const open = new Map<string, { seed: string; difficulty: number; source: string; expiresAt: number }>();
  const bySource = new Map<string, string>();

  const drop = (id: string) => {
    const c = open.get(id);
    if (!c) return;
    open.delete(id);
    if (bySource.get(c.source) === id) bySource.delete(c.source);
  };

  return {
    issue(source: string, difficulty: number): Challenge {
      const now = o.now();
      const current = bySource.get(source);
      const c = current ? open.get(current) : undefined;
      if (current && c && c.expiresAt > now && c.difficulty === difficulty) return { id: current, seed: c.seed, difficulty };
      if (current) drop(current);
      while (open.size >= max) drop(open.keys().next().value!);
      const id = randomBytes(12).toString("base64url");
      const seed = randomBytes(16).toString("hex");
      open.set(id, { seed, difficulty, source, expiresAt: now + o.ttlMs });
      bySource.set(source, id);
      return { id, seed, difficulty };
    },

    redeem(id: unknown, nonce: unknown, source: string): Redeemed {
      if (typeof id !== "string") return "unknown";
      const c = open.get(id);
      if (!c) return "unknown";
      drop(id);
      if (c.source !== source) return "other_source";
      if (c.expiresAt <= o.now()) return "expired";
      return solves(c.seed, nonce, c.difficulty) ? "ok" : "wrong";
    },

    get size() {
      return open.size;
    },
  };
}
export type Challenges = ReturnType<typeof createChallenges>;
