import type { Delivery } from "./delivery.ts";
import type { ClientFrame, ServerFrame } from "./frames.ts";

/**
 * Anti-flood proof of work (V22, docs/protocol.md "Anti-flood"). When the server refuses a
 * frame with `challenge_required`, the widget finds a nonce such that SHA-256(seed + nonce)
 * starts with `difficulty` zero bits, answers `{type: "pow", id, nonce}` and, once the server
 * says `pow_ok` (or that the answer came too late), sends the refused frames again with their
 * own cids: nothing is lost or doubled. The visitor sees "verifying…" meanwhile.
 */
export interface Challenge {
  id: string;
  seed: string;
  difficulty: number;
}

const enc = new TextEncoder();

export function zeroBits(d: Uint8Array): number {
  let n = 0;
  for (const b of d) {
    if (b) return n + Math.clz32(b) - 24;
    n += 8;
  }
  return n;
}

// ── SHA-256 for pages without crypto.subtle (plain-http sites are not secure contexts) ──
const K = new Uint32Array(64);
const H0 = new Uint32Array(8);
{
  // The constants are the fractional parts of the primes' square and cube roots.
  const frac = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  for (let p = 2, i = 0; i < 64; p++) {
    let prime = true;
    for (let q = 2; q * q <= p; q++) if (p % q === 0) prime = false;
    if (!prime) continue;
    if (i < 8) H0[i] = frac(Math.sqrt(p));
    K[i++] = frac(Math.cbrt(p));
  }
}
const W = new Uint32Array(64);

export function sha256(msg: Uint8Array): Uint8Array {
  const len = msg.length;
  const blocks = Math.ceil((len + 9) / 64);
  const buf = new Uint8Array(blocks * 64);
  buf.set(msg);
  buf[len] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(buf.length - 4, len * 8);
  view.setUint32(buf.length - 8, Math.floor(len / 2 ** 29));
  const h = H0.slice();
  for (let o = 0; o < buf.length; o += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(o + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15], b = W[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
  return out;
}

const BATCH = 256;

/**
 * The first nonce (counting 0, 1, 2…) that solves the challenge. crypto.subtle hashes a batch
 * at a time; without it, the JS hash runs in slices so the page stays responsive.
 */
export async function findNonce(seed: string, difficulty: number, subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): Promise<string> {
  for (let start = 0; ; start += BATCH) {
    const nonces = Array.from({ length: BATCH }, (_, i) => String(start + i));
    const digests = subtle
      ? await Promise.all(nonces.map((n) => subtle.digest("SHA-256", enc.encode(seed + n)).then((d) => new Uint8Array(d))))
      : nonces.map((n) => sha256(enc.encode(seed + n)));
    const hit = digests.findIndex((d) => zeroBits(d) >= difficulty);
    if (hit >= 0) return nonces[hit];
    if (!subtle && start % (BATCH * 16) === 0) await new Promise((r) => setTimeout(r));
  }
}

export interface PowHooks {
  /** Holds the refused frames, and later sends them again (their cids unchanged) or fails them. */
  delivery: Pick<Delivery, "handle" | "release" | "failHeld">;
  /** Sends the answer on the open channel. */
  send(f: ClientFrame): unknown;
  /** Shows a status line to the visitor, or clears it (null). */
  status(text: string | null): void;
  verifying: string;
}

/** Answers in a row that the server may refuse before the widget stops trying. */
const MAX_FAILURES = 3;

/** The panel's side of the challenge: feed it every server frame; it returns true for the frames it consumed. */
export function powSolver(o: PowHooks) {
  let solving: string | null = null;
  let failures = 0;
  const done = () => {
    solving = null;
    o.status(null);
  };
  return {
    onFrame(f: ServerFrame, replaying = false): boolean {
      const e = f as { type: string; code?: string; challenge?: Challenge };
      if (replaying) return false;
      if (e.type === "error" && e.code === "challenge_required" && e.challenge) {
        o.delivery.handle(f);
        const c = e.challenge;
        if (solving === c.id) return true;
        solving = c.id;
        o.status(o.verifying);
        findNonce(c.seed, c.difficulty).then((nonce) => {
          if (solving === c.id) o.send({ type: "pow", id: c.id, nonce });
        }, done);
        return true;
      }
      if (e.type === "pow_ok" || (e.type === "error" && e.code === "challenge_failed")) {
        done();
        failures = e.type === "pow_ok" ? 0 : failures + 1;
        if (failures >= MAX_FAILURES) {
          failures = 0;
          o.delivery.failHeld();
        } else o.delivery.release();
        return true;
      }
      // A new connection resends everything itself; a challenge still being solved is moot.
      if (e.type === "connected" && solving) done();
      return false;
    },
  };
}
