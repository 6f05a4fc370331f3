import { describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { createOutboxRepo, type OutboxRow } from "./outbox.ts";
import { backoffMs, createOutboxWorker, RETRY } from "./worker.ts";

function setUp() {
  const t = createTestApp();
  const repo = createOutboxRepo(t.db);
  const sent: string[] = [];
  let gate: (() => void) | null = null;
  const worker = createOutboxWorker({
    repo, clock: t.clock,
    senders: {
      email: async (row: OutboxRow) => {
        // The first send waits until the test opens the gate, so passes overlap.
        if (!sent.length && gate === null) await new Promise<void>((r) => (gate = r));
        sent.push(row.recipient);
      },
      sms: async () => {
        throw new Error("gateway down");
      },
    },
  });
  const add = (recipient: string, channel: "email" | "sms" = "email") =>
    repo.insert({ channel, purpose: "test", ref_id: 1, site_id: null, recipient, subject: "s", body: "b", html: "", reply_to: "", created_at: t.clock.now() });
  return { t, repo, worker, sent, add, waiting: () => gate !== null, open: () => gate?.() };
}

describe("outbox worker", () => {
  it("backs off 1, 2, 4 … minutes up to an hour", () => {
    expect(Array.from({ length: 9 }, (_, i) => backoffMs(i + 1) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(RETRY.maxAttempts).toBe(10);
  });

  it("runs one pass at a time: overlapping calls send each row once, and a row added meanwhile is sent by the same run", async () => {
    const w = setUp();
    w.add("a@x.test");
    const first = w.worker.runDue();
    const second = w.worker.runDue();
    w.add("b@x.test");
    w.worker.kick();
    while (!w.waiting()) await Bun.sleep(1);
    w.open();
    await Promise.all([first, second]);
    await w.worker.idle();
    expect(w.sent).toEqual(["a@x.test", "b@x.test"]);
    expect(await w.worker.runDue()).toBe(0);
  });

  it("marks a row failed after the last attempt and never tries it again by itself", async () => {
    const w = setUp();
    w.add("13800138000", "sms");
    for (let i = 0; i < RETRY.maxAttempts; i++) {
      expect(await w.worker.runDue()).toBe(1);
      w.t.clock.advance(RETRY.capMs);
    }
    const [row] = w.repo.page("failed", 10, 0);
    expect(row).toMatchObject({ attempts: RETRY.maxAttempts, last_error: "gateway down" });
    w.t.clock.advance(30 * 86_400_000);
    expect(await w.worker.runDue()).toBe(0);
    expect(w.repo.retryNow(row.id, w.t.clock.now())).toBe(true);
    expect(await w.worker.runDue()).toBe(1);
    expect(w.repo.get(row.id)).toMatchObject({ status: "failed", attempts: RETRY.maxAttempts + 1 });
  });
});
