import type { Database } from "bun:sqlite";

/**
 * Takes WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, so every few hundred messages one acknowledgement waited for
 * the copy and an fsync of the database file (bench/relay-latency.ts). Here the write connection
 * stops checkpointing and a worker thread does it on its own connection.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: Database, path: string, opts: { intervalMs?: number; onError?: (message: string) => void } = {}): Promise<Checkpointer> {
  // The worker file is a second entrypoint of the compiled binary (scripts/build.ts).
  const worker = new Worker(new URL("./checkpoint-worker.ts", import.meta.url).href);
  return new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(`checkpoint worker failed: ${e.message}`));
    worker.onmessage = (event: MessageEvent<{ started?: boolean; error?: string; stopped?: boolean }>) => {
      if (event.data.error) opts.onError?.(event.data.error);
      if (!event.data.started) return;
      db.exec("PRAGMA wal_autocheckpoint = 0");
      resolve({
        stop: () =>
          new Promise<void>((done) => {
            worker.onmessage = () => {
              worker.terminate();
              done();
            };
            worker.postMessage("stop");
            db.exec("PRAGMA wal_autocheckpoint = 1000");
          }),
      });
    };
    worker.postMessage({ path, intervalMs: opts.intervalMs ?? 200 });
  });
}
