import type { Database } from "bun:sqlite";
import { walSyncFor, type WalSync } from "./wal-sync.ts";
import { relaxedSync } from "./relaxed-sync.ts";

/**
 * Group-commit writer. Writes that arrive within `windowMs` of each other run in one IMMEDIATE
 * transaction, so many chat messages share one fsync under synchronous=FULL. With a window of 0
 * the batch is everything queued by the end of the current event-loop turn: under load the
 * queue fills while the previous commit runs, so batching comes for free without adding a fixed
 * delay to every acknowledgement. Each write runs in
 * its own savepoint: a write that throws (a constraint, a validation) rejects only its own
 * caller. If the transaction itself fails (for example at COMMIT), every caller in the batch is
 * rejected and nothing of the batch is visible. Callers are resolved only once the batch is
 * durable, which is what allows acknowledging a message as stored.
 *
 * Durability: on a WAL database the batch commits with synchronous=NORMAL and its fsync runs off
 * the event loop (wal-sync.ts), so frames keep flowing while the disk works; batches committed
 * during one fsync share the next. Other writes on the connection keep synchronous=FULL.
 * Without a WAL file (in memory) COMMIT itself is the end.
 */
export interface GroupCommitWriter {
  /**
   * Queues `fn` for the next batch. Each write runs in its own savepoint unless it declares
   * `savepoint: false`: for writes that either change nothing or finish with one statement
   * (a failed statement leaves nothing behind), the savepoint is pure cost on the hot path.
   */
  write<T>(fn: (db: Database) => T, opts?: WriteOptions<T>): Promise<T>;
  /** Called after a batch's transaction failed and rolled back, so caches of written state can be dropped. */
  onRollback(listener: () => void): void;
  /** Runs what is queued now (shutdown, tests); resolves when that batch has committed or failed. */
  flush(): Promise<void>;
  /** Hears how long each off-loop fsync took (diagnostics: bench/lib/serve-app.ts --trace). */
  onSync(listener: (ms: number) => void): void;
  /** Called after each batch commits (before it is durable): work that follows the writes, such as the search index. */
  onBatch(listener: () => void): void;
  /** True when no write is queued: background work on the same connection goes only then. */
  idle(): boolean;
  readonly stats: { batches: number; writes: number; syncs: number };
}

export interface WriteOptions<T> {
  savepoint?: boolean;
  /**
   * Runs right after COMMIT, before the batch is durable, with a promise that settles when it is.
   * For telling other people (an agent sees a visitor's message at once) while the sender's
   * acknowledgement — the promise `write` returns — still waits for the disk. A power failure in
   * between loses only what was never acknowledged, and the sender's resend (same cid) stores it.
   */
  onCommit?: (value: T, durable: Promise<void>) => void;
}

interface Pending {
  fn: (db: Database) => unknown;
  savepoint: boolean;
  onCommit?: (value: any, durable: Promise<void>) => void;
  resolve: (v: any) => void;
  reject: (e: unknown) => void;
}

export function createWriter(db: Database, opts: { windowMs?: number; maxBatch?: number } = {}): GroupCommitWriter {
  const windowMs = opts.windowMs ?? 0;
  const stats = { batches: 0, writes: 0, syncs: 0 };
  const syncListeners: ((ms: number) => void)[] = [];
  const walSync: WalSync | null = walSyncFor(db, (ms) => {
    stats.syncs++;
    for (const listener of syncListeners) listener(ms);
  });
  const commitMode: <T>(fn: () => T) => T = walSync ? relaxedSync(db) : (fn) => fn();
  /** Settles when the last committed batch is durable (for flush). */
  let lastDurable: Promise<unknown> = Promise.resolve();
  const maxBatch = opts.maxBatch ?? 1000;
  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;
  const cancel = () => {
    if (timer === null) return;
    if (windowMs === 0) clearImmediate(timer as ReturnType<typeof setImmediate>);
    else clearTimeout(timer as ReturnType<typeof setTimeout>);
    timer = null;
  };
  const rollbackListeners: (() => void)[] = [];
  const batchListeners: (() => void)[] = [];

  function runBatch() {
    timer = null;
    const batch = queue;
    queue = [];
    if (!batch.length) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      commitMode(() =>
        db.transaction(() => {
          for (const item of batch) {
            try {
              outcomes.push({ ok: true, value: item.savepoint ? db.transaction(() => item.fn(db))() : item.fn(db) });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        }).immediate(),
      );
    } catch (error) {
      for (const listener of rollbackListeners) listener();
      for (const item of batch) item.reject(error);
      return;
    }
    stats.batches++;
    stats.writes += batch.length;
    for (const listener of batchListeners) {
      try {
        listener();
      } catch {
        // Follow-up work failing must not keep the batch's callers from their results.
      }
    }
    const settle = () =>
      batch.forEach((item, i) => {
        const o = outcomes[i];
        if (o.ok) item.resolve(o.value);
        else item.reject(o.error);
      });
    const durable = walSync ? walSync.sync() : Promise.resolve();
    durable.catch(() => {}); // handed to onCommit listeners, who need not handle a failed fsync
    batch.forEach((item, i) => {
      const o = outcomes[i];
      if (!o.ok || !item.onCommit) return;
      try {
        item.onCommit(o.value, durable);
      } catch {
        // Telling others failed; the write itself stands and its caller still gets the result.
      }
    });
    if (!walSync) return settle();
    // The batch is committed and visible, but no caller hears of it before the disk has it.
    lastDurable = durable.then(settle, (error) => {
      for (const item of batch) item.reject(error);
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
    onSync: (listener) => void syncListeners.push(listener),
    onBatch: (listener) => void batchListeners.push(listener),
    idle: () => queue.length === 0,
    write<T>(fn: (db: Database) => T, opts?: WriteOptions<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, savepoint: opts?.savepoint !== false, onCommit: opts?.onCommit, resolve, reject });
        schedule();
      });
    },
    async flush() {
      cancel();
      runBatch();
      await lastDurable;
    },
  };
}
