import { Database } from "bun:sqlite";
import { setPriority } from "node:os";
import { HELPER_NICE } from "../platform/helper-threads.ts";

/**
 * The background checkpointer's thread (src/store/checkpointer.ts). It has its own connection to
 * the database file and copies committed WAL frames into it with PASSIVE checkpoints, which
 * never wait for the writer or readers. The copy and the fsync of the database file happen here,
 * off the event loop that serves chat frames.
 */
declare const self: Worker;

interface Start {
  type: "start";
  path: string;
  intervalMs: number;
}
type Command = Start | { type: "stop" } | { type: "now"; id: number };

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

let db: Database | null = null;
let timer: ReturnType<typeof setInterval> | null = null;

/**
 * One round: passes until the whole log is copied, a few at most. Frames committed during a pass
 * leave the log unfinished; the next pass has only those few to copy, so it usually ends before
 * another commit and the writer may then start the log over from its beginning.
 */
function round(): CheckpointRow {
  let row: CheckpointRow = { busy: 0, log: 0, checkpointed: 0 };
  for (let pass = 0; pass < 4; pass++) {
    row = db!.query("PRAGMA wal_checkpoint(PASSIVE)").get() as CheckpointRow;
    if (row.log <= row.checkpointed) break;
  }
  return row;
}

/** A timed round, or one asked for by `id` (answered with the log's state). */
function tick(id?: number) {
  try {
    const row = round();
    if (id !== undefined) postMessage({ type: "round", id, log: row.log, checkpointed: row.checkpointed });
  } catch (err) {
    postMessage({ type: "error", id, message: (err as Error).message });
  }
}

/**
 * Checkpoints are background work: below the event loop, so a round waking up never takes the
 * core from chat frames (platform/helper-threads.ts). Without a pid Linux changes only the
 * calling thread; other systems would change the whole process, so they keep the default.
 */
function lowerThisThread() {
  if (process.platform !== "linux") return;
  try {
    setPriority(HELPER_NICE);
  } catch {
    // Refused: the checkpoints run at the normal priority.
  }
}

self.onmessage = (event: MessageEvent<Command>) => {
  const command = event.data;
  if (command.type === "start") {
    db = new Database(command.path, { readwrite: true, create: false });
    // A checkpoint writes the database file: synchronous FULL makes it sync the WAL before the
    // copy and the database file after it, the order a power failure needs.
    db.exec("PRAGMA synchronous = FULL");
    db.exec("PRAGMA busy_timeout = 0");
    lowerThisThread();
    timer = setInterval(() => tick(), command.intervalMs);
    postMessage({ type: "started" });
  } else if (command.type === "now") {
    tick(command.id);
  } else if (command.type === "stop") {
    if (timer) clearInterval(timer);
    db?.close();
    db = null;
    postMessage({ type: "stopped" });
  }
};
