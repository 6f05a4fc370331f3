import type { Database } from "bun:sqlite";

/**
 * Runs a write with synchronous=NORMAL on a connection whose default is FULL, and restores FULL
 * after. For writes whose durability is taken care of otherwise: the writer's batches (their WAL
 * is fsynced off the event loop before anyone is told) and the search index (derived data, the
 * next batch's sync carries it). Inside a transaction the setting cannot change, so `fn` just runs.
 */
export function relaxedSync(db: Database): <T>(fn: () => T) => T {
  const relax = db.prepare("PRAGMA synchronous = NORMAL");
  const restore = db.prepare("PRAGMA synchronous = FULL");
  return (fn) => {
    if (db.inTransaction) return fn();
    relax.run();
    try {
      return fn();
    } finally {
      restore.run();
    }
  };
}
