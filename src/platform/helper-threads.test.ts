import { describe, expect, it } from "bun:test";
import { closeSync, fdatasync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { HELPER_NICE, lowerHelperThreads } from "./helper-threads.ts";

const threads = () =>
  readdirSync("/proc/self/task").map((tid) => ({ tid: Number(tid), name: readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim() }));

describe("helper threads", () => {
  it("lowers the engine's JIT and collector helpers, and never the event loop's own thread", () => {
    // Enough work for the JIT to start its compiler threads.
    let x = 0;
    for (let i = 0; i < 2e7; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    const ownBefore = getPriority(process.pid);
    lowerHelperThreads();
    const all = threads();
    const helpers = all.filter((t) => t.name === "JITWorker" || t.name === "HeapHelper");
    expect(helpers.length).toBeGreaterThan(0);
    for (const t of helpers) expect(getPriority(t.tid)).toBeGreaterThanOrEqual(HELPER_NICE);
    expect(getPriority(process.pid)).toBe(ownBefore);
    expect(lowerHelperThreads()).toBe(0); // already low: nothing more to change
  });

  it("lowers Bun's thread pool, which runs each commit's off-loop fsync", async () => {
    const dir = mkdtempSync(join(tmpdir(), "yk-helpers-"));
    const fd = openSync(join(dir, "f"), "w");
    try {
      // The pool starts its threads on first use.
      await new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
    lowerHelperThreads();
    const pool = threads().filter((t) => t.name.startsWith("Bun Pool"));
    expect(pool.length).toBeGreaterThan(0);
    for (const t of pool) expect(getPriority(t.tid)).toBeGreaterThanOrEqual(HELPER_NICE);
  });
});
