import { readdirSync, readFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/**
 * The runtime's background threads run at a lower CPU priority than the event loop: the
 * engine's JIT compilers and collector helper, Bun's thread pool (which runs the off-loop WAL
 * fdatasync for every commit), the allocator's scavenger and the engine's warm-up thread. On a
 * machine with few cores they otherwise share the event loop's core, and each time one wakes
 * the scheduler may hand it the core at once: frames wait 5–10 ms for a compile that could
 * have waited, and handing a sync to the pool cost the loop 13 µs (p99 90 µs) instead of 3 µs
 * (docs/performance.md, relay latency). Lowered, they still get every moment the event loop
 * leaves idle, and any other core. Linux only (per-thread priority through /proc); elsewhere
 * this does nothing.
 */
export const HELPER_THREADS: readonly string[] = ["JITWorker", "HeapHelper", "Bun Pool", "mi-scavenger", "JSCWarmUp"];
export const HELPER_NICE = 10;

/** Lowers the helpers running now (threads whose name starts with one of `names`); returns how many were changed. */
export function lowerHelperThreads(nice = HELPER_NICE, names: readonly string[] = HELPER_THREADS): number {
  let changed = 0;
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return 0;
  }
  for (const tid of tids) {
    try {
      const name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      if (!names.some((prefix) => name.startsWith(prefix))) continue;
      if (getPriority(Number(tid)) >= nice) continue;
      setPriority(Number(tid), nice);
      changed++;
    } catch {
      // The thread ended meanwhile, or the system refuses: the default priority stays.
    }
  }
  return changed;
}

/**
 * Lowers the helpers now and again every few seconds: the engine and the thread pool start
 * some of them only when first needed (the pool at the first commit's sync), and a pass costs
 * well under a millisecond.
 */
export function keepHelperThreadsLow(everyMs = 5_000, names: readonly string[] = HELPER_THREADS): () => void {
  lowerHelperThreads(HELPER_NICE, names);
  const timer = setInterval(() => lowerHelperThreads(HELPER_NICE, names), everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
