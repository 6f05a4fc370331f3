/**
 * Runs in a worker thread: moves WAL content into the database file on its own connection, so
 * the checkpoint's copying and fsync never stall the event loop that acknowledges messages.
 * PASSIVE checkpoints never block the writer; they take what is not being written.
 */
import { Database } from "bun:sqlite";

declare const self: Worker;

let timer: ReturnType<typeof setInterval> | null = null;

self.onmessage = (event: MessageEvent<{ path: string; intervalMs: number } | "stop">) => {
  if (event.data === "stop") {
    if (timer) clearInterval(timer);
    postMessage({ stopped: true });
    return;
  }
  const { path, intervalMs } = event.data;
  const db = new Database(path, { readwrite: true, create: false });
  db.exec("PRAGMA busy_timeout = 5000");
  const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  timer = setInterval(() => {
    try {
      checkpoint.get();
    } catch (error) {
      postMessage({ error: String(error) });
    }
  }, intervalMs);
  postMessage({ started: true });
};
