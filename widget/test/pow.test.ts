import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { createHash } from "node:crypto";
import { createDelivery } from "../src/delivery.ts";
import type { ServerFrame } from "../src/frames.ts";
import { findNonce, powSolver, sha256, zeroBits } from "../src/pow.ts";
import type { Transport } from "../src/transport.ts";
import { connected } from "./fakes.ts";

const nodeHash = (s: string) => new Uint8Array(createHash("sha256").update(s).digest());

let realSetInterval: typeof setInterval;
beforeAll(() => {
  realSetInterval = globalThis.setInterval;
  globalThis.setInterval = (() => 0) as unknown as typeof setInterval; // no watchdog timers
});
afterAll(() => {
  globalThis.setInterval = realSetInterval;
});

describe("sha256 without crypto.subtle", () => {
  it("matches the platform's hash for empty, short, block-sized and multi-block input", () => {
    for (const s of ["", "abc", "seed123", "x".repeat(55), "y".repeat(56), "z".repeat(64), "迎客".repeat(40)]) {
      expect(Buffer.from(sha256(new TextEncoder().encode(s))).toString("hex")).toBe(Buffer.from(nodeHash(s)).toString("hex"));
    }
  });
});

describe("finding a nonce", () => {
  it("finds one the server would accept, with crypto.subtle and without", async () => {
    for (const subtle of [crypto.subtle, undefined]) {
      const nonce = await findNonce("0f1e2d3c", 10, subtle);
      expect(zeroBits(nodeHash("0f1e2d3c" + nonce))).toBeGreaterThanOrEqual(10);
    }
  });
});

describe("the challenge in the panel's delivery", () => {
  function setup() {
    const sent: Record<string, unknown>[] = [];
    const transport = { open: true, send: (f: Record<string, unknown>) => (sent.push(f), true), reconnect() {} } as unknown as Transport;
    const failed: string[] = [];
    const delivery = createDelivery(transport, (cid) => failed.push(cid));
    const status: (string | null)[] = [];
    const pow = powSolver({ delivery, send: (f) => transport.send(f), status: (s) => void status.push(s), verifying: "Verifying…" });
    const frame = (f: Record<string, unknown>) => {
      const sf = f as unknown as ServerFrame;
      if (!pow.onFrame(sf)) delivery.handle(sf);
    };
    return { sent, failed, delivery, status, frame };
  }
  const challenge = { id: "ch1", seed: "abc123", difficulty: 8 };
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 2));
    expect(ok()).toBe(true);
  };

  it("holds the refused message, answers the puzzle, and resends the message with its cid once allowed", async () => {
    const s = setup();
    s.delivery.send({ type: "send", cid: "m1", body: "hello" });
    s.frame({ type: "error", code: "challenge_required", cid: "m1", challenge });
    expect(s.delivery.pending("m1")).toBe(true);
    expect(s.status).toEqual(["Verifying…"]);
    await until(() => s.sent.some((f) => f.type === "pow"));
    const answer = s.sent.find((f) => f.type === "pow")!;
    expect(answer.id).toBe("ch1");
    expect(zeroBits(nodeHash("abc123" + answer.nonce))).toBeGreaterThanOrEqual(8);
    // A second refusal with the same challenge while solving starts nothing new.
    s.frame({ type: "error", code: "challenge_required", cid: "m1", challenge });
    expect(s.sent.filter((f) => f.type === "pow")).toHaveLength(1);
    s.frame({ type: "pow_ok" });
    expect(s.status).toEqual(["Verifying…", null]);
    expect(s.sent.filter((f) => f.type === "send")).toEqual([{ type: "send", cid: "m1", body: "hello" }, { type: "send", cid: "m1", body: "hello" }]);
    s.frame({ type: "ack", cid: "m1", conversationId: 1, seq: 1, id: 1, at: 0 });
    expect(s.delivery.pending("m1")).toBe(false);
    expect(s.failed).toEqual([]);
  });

  it("resends after a refused answer, and gives up after three in a row", async () => {
    const s = setup();
    s.delivery.send({ type: "send", cid: "m1", body: "hello" });
    for (let round = 1; round <= 3; round++) {
      s.frame({ type: "error", code: "challenge_required", cid: "m1", challenge: { ...challenge, id: `ch${round}` } });
      await until(() => s.sent.filter((f) => f.type === "pow").length === round);
      s.frame({ type: "error", code: "challenge_failed" });
      expect(s.sent.filter((f) => f.type === "send")).toHaveLength(round < 3 ? round + 1 : 3);
    }
    expect(s.failed).toEqual(["m1"]);
    expect(s.delivery.pending("m1")).toBe(false);
  });

  it("a reconnect sends held frames again at once", () => {
    const s = setup();
    s.delivery.send({ type: "send", cid: "m1", body: "hello" });
    s.frame({ type: "error", code: "challenge_required", cid: "m1", challenge });
    s.frame(connected());
    expect(s.sent.filter((f) => f.type === "send")).toHaveLength(2);
    expect(s.status.at(-1)).toBeNull();
  });
});
