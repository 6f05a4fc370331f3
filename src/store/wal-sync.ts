import type { Database } from "bun:sqlite";
import { closeSync, fdatasync, openSync } from "node:fs";

/**
 * Makes committed WAL content durable without holding up the event loop. The group-commit
 * writer commits its batches with synchronous=NORMAL (SQLite writes the WAL frames but does not
 * fsync them) and then asks for one of these syncs: fdatasync of the WAL file runs on a
 * thread-pool thread while frames keep being served, and the batch's callers are resolved only
 * when it returns. fsync covers the whole file, so one sync makes every batch committed before it
 * durable: requests that arrive while a sync runs share the next one.
 *
 * After a power failure SQLite recovers the WAL up to the last frame that is whole and
 * checksummed, so a batch that was committed but not yet synced is simply absent — and nobody
 * had been told it was stored.
 */
export interface WalSync {
  /** Resolves once everything committed before this call is on disk. */
  sync(): Promise<void>;
}

const closeOnCollect = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
});

/** A WAL syncer for `db` (`observe` hears each fdatasync's duration), or null when the database has no WAL file (in memory, or another journal mode). */
export function walSyncFor(db: Database, observe?: (ms: number) => void): WalSync | null {
  const file = db.filename;
  if (!file || file === ":memory:") return null;
  const mode = (db.query("PRAGMA journal_mode").get() as { journal_mode: string } | null)?.journal_mode;
  if (mode?.toLowerCase() !== "wal") return null;
  const walPath = `${file}-wal`;
  let fd: number | null = null;
  let running: Promise<void> | null = null;
  let next: ReturnType<typeof Promise.withResolvers<void>> | null = null;

  const fdatasyncOnce = () =>
    new Promise<void>((resolve, reject) => {
      // Opened on first use: the WAL file exists once something has been committed. Linux
      // flushes the file's dirty pages whichever descriptor wrote them, so read-only is enough.
      if (fd === null) {
        fd = openSync(walPath, "r");
        closeOnCollect.register(db, fd);
      }
      const started = performance.now();
      fdatasync(fd, (err) => {
        observe?.(performance.now() - started);
        if (err) reject(err);
        else resolve();
      });
    });

  const start = (): Promise<void> => {
    running = fdatasyncOnce().finally(() => {
      running = null;
      if (next) {
        const waiting = next;
        next = null;
        start().then(waiting.resolve, waiting.reject);
      }
    });
    return running;
  };

  return {
    sync() {
      if (!running) return start();
      // A sync is under way but may have started before the caller's commit: wait for the next.
      next ??= Promise.withResolvers<void>();
      return next.promise;
    },
  };
}
