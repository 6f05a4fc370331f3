import type { GroupCommitWriter } from "../store/writer.ts";
import type { MessageSearch } from "./search.ts";

/**
 * Keeps the search index close behind the stored messages without taking time from them
 * (src/chat/search.ts explains why the index follows instead of being written with each
 * message). A writer batch wakes it `delayMs` later, so at ordinary rates one index transaction
 * takes many messages (each commit of the index rewrites some of its pages: a commit per message
 * would multiply the WAL traffic, and with it the checkpoints that stall the writer). It then
 * indexes in small chunks, one per event-loop turn, and only while no write is queued: under
 * load the chunks fill the time the loop would spend waiting for the disk. If writes never
 * pause, it still indexes a chunk now and then once the lag passes `maxLag`, so the backlog a
 * search would have to catch up on stays bounded.
 * At start-up it indexes whatever the last run left (or an upgrade brought) the same way.
 */
export function createSearchIndexer(deps: {
  search: MessageSearch;
  writer: GroupCommitWriter;
  onError: (err: unknown) => void;
  /** Messages per chunk: small enough that a chunk never holds up a relayed message for long. */
  chunk?: number;
  maxLag?: number;
  delayMs?: number;
}) {
  const chunk = deps.chunk ?? 100;
  const maxLag = deps.maxLag ?? 20_000;
  const delayMs = deps.delayMs ?? 100;
  let running = false;
  let scheduled = false;
  let waiting: ReturnType<typeof setTimeout> | null = null;
  /** Index passes run since the last check of the lag (it costs two queries, so not every time). */
  let busyPasses = 0;
  const drained: (() => void)[] = [];

  function schedule() {
    if (!running || scheduled || waiting) return;
    scheduled = true;
    setImmediate(pass);
  }
  /** A pass in `ms`, unless one is already due. */
  function later(ms: number) {
    if (!running || scheduled || waiting) return;
    waiting = setTimeout(() => ((waiting = null), schedule()), ms);
  }

  function pass() {
    scheduled = false;
    if (!running) return;
    if (!deps.writer.idle() && !(++busyPasses % 16 === 0 && deps.search.lag() > maxLag)) {
      // Writes go first; look again shortly.
      return later(2);
    }
    let more: boolean;
    try {
      more = deps.search.catchUp(chunk);
    } catch (err) {
      deps.onError(err);
      return later(1_000);
    }
    if (more) return schedule();
    for (const done of drained.splice(0)) done();
  }

  // After a batch: later, so that the messages of the next `delayMs` share one index transaction.
  deps.writer.onBatch(() => later(delayMs));

  return {
    start() {
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (waiting) clearTimeout(waiting);
      waiting = null;
    },
    /** Resolves once the index has caught up with every message stored so far (tests, benchmarks). */
    drained(): Promise<void> {
      if (deps.search.lag() === 0) return Promise.resolve();
      return new Promise((resolve) => {
        drained.push(resolve);
        schedule();
      });
    },
  };
}
export type SearchIndexer = ReturnType<typeof createSearchIndexer>;
