import type { Database } from "bun:sqlite";

/**
 * Group-commit writer. Writes that arrive within `windowMs` of each other run in one IMMEDIATE
 * transaction, so many chat messages share one fsync under synchronous=FULL. Each write runs in
 * its own savepoint: a write that throws (a constraint, a validation) rejects only its own
 * caller. If the transaction itself fails (for example at COMMIT), every caller in the batch is
 * rejected and nothing of the batch is visible. Callers are resolved only after COMMIT returns,
 * which is what allows acknowledging a message as durable.
 */
export interface GroupCommitWriter {
  write<T>(fn: (db: Database) => T): Promise<T>;
  /** Runs what is queued now (shutdown, tests); resolves when that batch has committed or failed. */
  flush(): Promise<void>;
  readonly stats: { batches: number; writes: number };
}

interface Pending {
  fn: (db: Database) => unknown;
  resolve: (v: any) => void;
  reject: (e: unknown) => void;
}

export function createWriter(db: Database, opts: { windowMs?: number; maxBatch?: number } = {}): GroupCommitWriter {
  const windowMs = opts.windowMs ?? 2;
  const maxBatch = opts.maxBatch ?? 1000;
  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stats = { batches: 0, writes: 0 };

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
            outcomes.push({ ok: true, value: db.transaction(() => item.fn(db))() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
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
      if (timer) clearTimeout(timer);
      runBatch();
    } else if (!timer) {
      timer = setTimeout(runBatch, windowMs);
    }
  }

  return {
    stats,
    write<T>(fn: (db: Database) => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve, reject });
        schedule();
      });
    },
    async flush() {
      if (timer) clearTimeout(timer);
      runBatch();
    },
  };
}
