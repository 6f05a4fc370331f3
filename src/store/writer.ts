import type { Database } from "bun:sqlite";

/**
 * Group-commit writer. Writes that arrive within `windowMs` of each other run in one IMMEDIATE
 * transaction, so many chat messages share one fsync under synchronous=FULL. With a window of 0
 * the batch is everything queued by the end of the current event-loop turn: under load the
 * queue fills while the previous commit runs, so batching comes for free without adding a fixed
 * delay to every acknowledgement. Each write runs in
 * its own savepoint: a write that throws (a constraint, a validation) rejects only its own
 * caller. If the transaction itself fails (for example at COMMIT), every caller in the batch is
 * rejected and nothing of the batch is visible. Callers are resolved only after COMMIT returns,
 * which is what allows acknowledging a message as durable.
 */
export interface GroupCommitWriter {
  /**
   * Queues `fn` for the next batch. Each write runs in its own savepoint unless it declares
   * `savepoint: false`: for writes that either change nothing or finish with one statement
   * (a failed statement leaves nothing behind), the savepoint is pure cost on the hot path.
   */
  write<T>(fn: (db: Database) => T, opts?: { savepoint?: boolean }): Promise<T>;
  /** Called after a batch's transaction failed and rolled back, so caches of written state can be dropped. */
  onRollback(listener: () => void): void;
  /** Runs what is queued now (shutdown, tests); resolves when that batch has committed or failed. */
  flush(): Promise<void>;
  readonly stats: { batches: number; writes: number };
}

interface Pending {
  fn: (db: Database) => unknown;
  savepoint: boolean;
  resolve: (v: any) => void;
  reject: (e: unknown) => void;
}

export function createWriter(db: Database, opts: { windowMs?: number; maxBatch?: number } = {}): GroupCommitWriter {
  const windowMs = opts.windowMs ?? 0;
  const maxBatch = opts.maxBatch ?? 1000;
  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  const cancel = () => {
    if (timer === null) return;
    if (windowMs === 0) clearImmediate(timer as ReturnType<typeof setImmediate>);
    else clearTimeout(timer as ReturnType<typeof setTimeout>);
    timer = null;
  };
  const stats = { batches: 0, writes: 0 };
  const rollbackListeners: (() => void)[] = [];

  function runBatch() {
    timer = null;
    const batch = queue;
    queue = [];
    if (!batch.length) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: item.savepoint ? db.transaction(() => item.fn(db))() : item.fn(db) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const listener of rollbackListeners) listener();
      for (const item of batch) item.reject(error);
      return;
    }
    stats.batches++;
    stats.writes += batch.length;
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }

  function schedule() {
    if (queue.length >= maxBatch) {
      cancel();
      runBatch();
    } else if (!timer) {
      timer = windowMs === 0 ? setImmediate(runBatch) : setTimeout(runBatch, windowMs);
    }
  }

  return {
    stats,
    onRollback: (listener) => void rollbackListeners.push(listener),
    write<T>(fn: (db: Database) => T, opts?: { savepoint?: boolean }): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, savepoint: opts?.savepoint !== false, resolve, reject });
        schedule();
      });
    },
    async flush() {
      cancel();
      runBatch();
    },
  };
}
