/**
 * Child processes for benchmarks: spawned through bash so the open-files limit can be raised
 * first, optionally pinned to a CPU with taskset, talking JSON lines on stdout and taking
 * commands on stdin. Every child is killed when the benchmark exits, and the benchmark itself
 * has a hard deadline.
 */
import { readFileSync } from "node:fs";

export const BUN = process.execPath;
export const ROOT = new URL("../..", import.meta.url).pathname;

const children = new Set<Child>();

export interface Child {
  pid: number;
  /** The next JSON line whose `ev` is `ev` (lines already read and not yet claimed count too). */
  next(ev: string, timeoutMs?: number): Promise<any>;
  /** Writes one command line and waits for the reply line with the same `ev`. */
  ask(cmd: string, timeoutMs?: number): Promise<any>;
  /** Writes one command line without waiting for an answer. */
  tell(cmd: string): void;
  kill(): void;
  exited: Promise<number>;
}

/** The hard limit of open files, and a ulimit prefix that raises the soft limit to it (capped). */
export function nofile(want = 65_535): number {
  const r = Bun.spawnSync(["bash", "-c", "ulimit -Hn"]);
  const hard = String(r.stdout).trim();
  return hard === "unlimited" ? want : Math.min(want, Number(hard));
}

export function spawnChild(args: string[], opts: { cpu?: number; label: string }): Child {
  const limit = nofile();
  const pin = opts.cpu !== undefined && Bun.which("taskset") ? `taskset -c ${opts.cpu} ` : "";
  // Diagnostic only: BENCH_BUN_FLAGS (e.g. "--cpu-prof-md --cpu-prof-dir=/tmp/prof") goes to every child's bun.
  const flags = (process.env.BENCH_BUN_FLAGS ?? "").split(" ").filter(Boolean);
  const cmd = `ulimit -n ${limit} && exec ${pin}${[BUN, ...flags, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")}`;
  const proc = Bun.spawn(["bash", "-c", cmd], { cwd: ROOT, stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const lines: any[] = [];
  const waiters: { ev: string; resolve: (v: any) => void }[] = [];
  const deliver = (msg: any) => {
    const i = waiters.findIndex((w) => w.ev === msg.ev);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(msg);
    else lines.push(msg);
  };
  (async () => {
    const reader = proc.stdout.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        if (line.startsWith("{")) deliver(JSON.parse(line));
        else console.log(`  [${opts.label}] ${line}`);
      }
    }
  })();
  const child: Child = {
    pid: proc.pid,
    next(ev, timeoutMs = 60_000) {
      const i = lines.findIndex((l) => l.ev === ev);
      if (i >= 0) return Promise.resolve(lines.splice(i, 1)[0]);
      return new Promise((resolve, reject) => {
        const w = { ev, resolve: (v: any) => (clearTimeout(t), resolve(v)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`${opts.label}: no "${ev}" within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    ask(cmd, timeoutMs) {
      child.tell(cmd);
      return child.next(cmd.split(" ")[0], timeoutMs);
    },
    tell(cmd) {
      proc.stdin.write(cmd + "\n");
      proc.stdin.flush();
    },
    kill() {
      children.delete(child);
      try {
        proc.kill();
      } catch {
        /* already gone */
      }
    },
    exited: proc.exited,
  };
  children.add(child);
  return child;
}

export function killChildren() {
  for (const c of [...children]) c.kill();
}
process.on("exit", killChildren);

/** Ends the benchmark (and its children) if it runs longer than `ms`. */
export function hardDeadline(ms: number) {
  const t = setTimeout(() => {
    console.error(`\nhard deadline of ${ms / 1000} s reached; stopping`);
    killChildren();
    process.exit(2);
  }, ms);
  t.unref?.();
}

/** Resident set size of a process in KiB, from /proc/<pid>/status. */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Busy CPU jiffies of the whole machine (all cores), from /proc/stat. */
export function machineBusyJiffies(): number {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

/** CPU jiffies (user + system) used so far by one process. */
export function processJiffies(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Measures how much CPU processes other than `ours` used between start() and stop(), in
 * percent of one core: other work on a shared 2-core box is the main source of noise in tail
 * latencies, so the benchmarks print it.
 */
export function backgroundCpu(ours: () => number[]) {
  let busy0 = 0;
  let mine0 = 0;
  let t0 = 0;
  let total = 0;
  let wall = 0;
  const mine = () => ours().reduce((a, pid) => a + processJiffies(pid), 0);
  return {
    start() {
      busy0 = machineBusyJiffies();
      mine0 = mine();
      t0 = performance.now();
    },
    stop() {
      total += machineBusyJiffies() - busy0 - (mine() - mine0);
      wall += performance.now() - t0;
    },
    /** Percent of one core used by other processes over all start..stop intervals. */
    percent: () => (wall ? Math.max(0, (total * 10) / wall) * 100 : 0),
  };
}

/** Calls onLine for every line of stdin; resolves when stdin closes. */
export async function stdinLines(onLine: (line: string) => void | Promise<void>): Promise<void> {
  const reader = Bun.stdin.stream().getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      await onLine(line);
    }
  }
}
