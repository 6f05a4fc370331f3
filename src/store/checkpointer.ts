import type { Database } from "bun:sqlite";
import { CHECKPOINT_WORKER } from "../platform/paths.ts";

/**
 * Background WAL checkpoints. SQLite's automatic checkpoint runs inside the COMMIT that fills
 * the log past 1,000 pages, on the connection that committed: here the one write connection, on
 * the event loop. It copies pages into the database file and fsyncs it, and every frame waiting
 * to be relayed waits with it. Instead, a worker thread with its own connection checkpoints every
 * `intervalMs` (src/store/checkpoint-worker.ts) and the write connection's automatic checkpoint
 * is off while the worker runs. If the worker fails, the automatic checkpoint comes back.
 */
export interface BackgroundCheckpoints {
  /** Ends the worker and closes its connection (before the database closes). */
  stop(): Promise<void>;
  /** Runs a round now; resolves with the log's state after it (tests, diagnostics). */
  now(): Promise<{ log: number; checkpointed: number }>;
  /** Resolves once the worker runs, with false if it could not start (the automatic checkpoint stays). */
  readonly started: Promise<boolean>;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
const STOP_WAIT_MS = 2_000;

/** Starts them for `db`, or returns null when it has no WAL file (in memory, another journal mode). */
export function startBackgroundCheckpoints(db: Database, opts: { intervalMs?: number; onError?: (err: Error) => void } = {}): BackgroundCheckpoints | null {
  const file = db.filename;
  if (!file || file === ":memory:") return null;
  const mode = (db.query("PRAGMA journal_mode").get() as { journal_mode: string } | null)?.journal_mode;
  if (mode?.toLowerCase() !== "wal") return null;

  // smol: the worker only runs a pragma; ref false: it never keeps the process alive on its own.
  const worker = new Worker(CHECKPOINT_WORKER, { smol: true, ref: false } as WorkerOptions);
  let running = false;
  let stopped = false;
  let ended = false;
  const rounds = new Map<number, { resolve: (row: { log: number; checkpointed: number }) => void; reject: (err: Error) => void }>();
  let nextRound = 0;
  const stoppedWaiters: (() => void)[] = [];
  const { promise: started, resolve: resolveStarted } = Promise.withResolvers<boolean>();

  /** SQLite's automatic checkpoint again, once the worker no longer does the job. */
  const handBack = () => {
    if (!running) return;
    running = false;
    db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
  };
  const fallBack = (err: Error) => {
    if (!stopped) opts.onError?.(err);
    handBack();
    resolveStarted(false);
    end();
    for (const done of stoppedWaiters.splice(0)) done();
    for (const round of rounds.values()) round.reject(err);
    rounds.clear();
  };

  worker.onmessage = (event: MessageEvent) => {
    const m = event.data as { type: string; id?: number; log?: number; checkpointed?: number; message?: string };
    if (m.type === "started") {
      if (stopped) return;
      running = true;
      db.exec("PRAGMA wal_autocheckpoint = 0");
      resolveStarted(true);
    } else if (m.type === "round") {
      rounds.get(m.id!)?.resolve({ log: m.log!, checkpointed: m.checkpointed! });
      rounds.delete(m.id!);
    } else if (m.type === "error") {
      // One failed round (an I/O error) is retried at the next tick; SQLite keeps the log intact.
      const err = new Error(`background checkpoint failed: ${m.message}`);
      if (m.id !== undefined) {
        rounds.get(m.id)?.reject(err);
        rounds.delete(m.id);
      } else opts.onError?.(err);
    } else if (m.type === "stopped") {
      end();
      for (const done of stoppedWaiters.splice(0)) done();
    }
  };
  worker.onerror = (event) => fallBack(new Error(`checkpoint worker failed: ${(event as ErrorEvent).message}`));
  worker.addEventListener("close", () => fallBack(new Error("checkpoint worker ended")));
  worker.postMessage({ type: "start", path: file, intervalMs: opts.intervalMs ?? 100 });

  return {
    started,
    now: () =>
      new Promise((resolve, reject) => {
        if (ended) return reject(new Error("checkpoint worker ended"));
        const id = nextRound++;
        rounds.set(id, { resolve, reject });
        worker.postMessage({ type: "now", id });
      }),
    stop() {
      if (stopped) return Promise.resolve();
      stopped = true;
      handBack();
      if (ended) return Promise.resolve();
      return new Promise<void>((resolve) => {
        // A worker stuck in a checkpoint (a hung disk) must not hold up the shutdown for ever.
        const giveUp = setTimeout(() => {
          end();
          resolve();
        }, STOP_WAIT_MS);
        stoppedWaiters.push(() => {
          clearTimeout(giveUp);
          resolve();
        });
        worker.postMessage({ type: "stop" });
      });
    },
  };
}
