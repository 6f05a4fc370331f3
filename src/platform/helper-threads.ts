import { readdirSync, readFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * The JavaScript engine's background threads — JIT compilers and the collector's helper — run
 * at a lower CPU priority than the event loop. On a machine with few cores they otherwise share
 * the event loop's core, and each time one wakes the scheduler may hand it a whole time slice:
 * frames wait 5–10 ms for a compile that could have waited (docs/performance.md, relay latency).
 * Lowered, they still get every moment the event loop leaves idle. Linux only (per-thread
 * priority through /proc); elsewhere this does nothing.
 */
const HELPERS = new Set(["JITWorker", "HeapHelper"]);
export const HELPER_NICE = 10;

/** Lowers the helpers running now; returns how many were changed. */
export function lowerHelperThreads(nice = HELPER_NICE): number {
  let changed = 0;
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return 0;
  }
  for (const tid of tids) {
    try {
      if (!HELPERS.has(readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim())) continue;
      if (getPriority(Number(tid)) >= nice) continue;
      setPriority(Number(tid), nice);
      changed++;
    } catch {
      // The thread ended meanwhile, or the system refuses: the default priority stays.
    }
  }
  return changed;
}

/** Lowers the helpers now and again later: the engine starts some of them only when first needed. */
export function keepHelperThreadsLow(everyMs = 30_000): () => void {
  lowerHelperThreads();
  const timer = setInterval(() => lowerHelperThreads(), everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
