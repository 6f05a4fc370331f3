import type { Clock } from "../platform/clock.ts";
import type { OutboxRepo, OutboxRow } from "./outbox.ts";

/** 1, 2, 4 … minutes after each failed attempt, at most an hour; the 10th failed attempt (about 4 hours after the first) makes the row failed. */
export const RETRY = { baseMs: 60_000, capMs: 60 * 60_000, maxAttempts: 10 } as const;

export const backoffMs = (failedAttempts: number, r: { baseMs: number; capMs: number } = RETRY) =>
  Math.min(r.capMs, r.baseMs * 2 ** Math.max(0, failedAttempts - 1));

export type Sender = (row: OutboxRow) => Promise<unknown>;

/**
 * Sends due outbox rows one at a time. Only one pass runs at once in the process (a server owns
 * its data folder alone), so a row is never sent twice by two overlapping passes; a kick during
 * a pass makes it look again when it ends. Delivery is at least once: a crash after the server
 * accepted but before the row was marked sent sends it again after the restart.
 */
export function createOutboxWorker(deps: {
  repo: OutboxRepo; clock: Clock; senders: Record<OutboxRow["channel"], Sender>;
  retry?: { baseMs: number; capMs: number; maxAttempts: number };
  onError?: (err: unknown) => void;
}) {
  const retry = deps.retry ?? RETRY;
  let running: Promise<number> | null = null;
  let again = false;

  async function attempt(row: OutboxRow) {
    const at = deps.clock.now();
    try {
      await deps.senders[row.channel](row);
      deps.repo.markSent(row.id, deps.clock.now());
      return;
    } catch (err) {
      const failed = row.attempts + 1;
      const next = failed >= retry.maxAttempts ? null : at + backoffMs(failed, retry);
      const message = err instanceof Error ? err.message : String(err);
      deps.repo.markAttemptFailed(row.id, at, next, message.slice(0, 500));
    }
  }

  async function pass(): Promise<number> {
    let n = 0;
    for (;;) {
      // Each attempt moves its row out of "due" (sent, or a later next_attempt_at), so this ends.
      const rows = deps.repo.due(deps.clock.now(), 20);
      if (!rows.length) return n;
      for (const row of rows) {
        await attempt(row);
        n++;
      }
    }
  }

  /** One pass over what is due now; resolves with the number of attempts made. */
  function runDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let n = 0;
      try {
        do {
          again = false;
          n += await pass();
        } while (again);
      } finally {
        // Cleared in the same turn as the last `again` check, so no kick falls in between.
        running = null;
      }
      return n;
    })();
    return running;
  }

  return {
    runDue,
    /** Starts a pass in the background (after a commit, a retry); errors are reported, not thrown. */
    kick() {
      runDue().catch((err) => deps.onError?.(err));
    },
    /** Resolves when no pass is running (tests, shutdown). */
    async idle() {
      while (running) await running.catch(() => {});
    },
  };
}
export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
