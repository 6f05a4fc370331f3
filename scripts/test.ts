import { Glob } from "bun";
import { join } from "node:path";
import { build } from "./build.ts";

/**
 * `npm test`: builds the assets and the executable (the app serves build/public, and the binary
 * smoke test must always test a fresh build/yingke), then runs the whole suite as a few
 * sequential `bun test` processes, so that suites with different global needs (DOM globals for
 * web components, real child processes for the binary) cannot disturb one another. Each group
 * prints bun's own report; a summary follows. Exit code 1 if anything failed.
 *
 * `npm test -- <bun test args>` skips the grouping and passes the arguments through, e.g.
 * `npm test -- test/auth-login.test.ts` or `npm test -- -t "sign in"`.
 */
const root = join(import.meta.dir, "..");
const bun = process.execPath;
const started = performance.now();

const find = (pattern: string) => Array.from(new Glob(pattern).scanSync({ cwd: root })).sort();
const PACKAGING = ["test/binary-smoke.test.ts", "test/install-script.test.ts"];

interface Group {
  name: string;
  files: string[];
}
interface Outcome {
  name: string;
  code: number;
  pass: number;
  fail: number;
  files: number;
  seconds: number;
}

function groups(): Group[] {
  const cross = find("test/**/*.test.ts").filter((f) => !PACKAGING.includes(f));
  return [
    { name: "unit (src/)", files: find("src/**/*.test.ts") },
    { name: "front end (web/, widget/)", files: [...find("web/**/*.test.ts").filter((f) => !f.endsWith(".dom.test.ts")), ...find("widget/**/*.test.ts")] },
    // lit reads `document` once, when first imported: console templates drawn into happy-dom get
    // a process whose DOM exists before lit loads (other front-end files import lit without one).
    { name: "console templates (web/, happy-dom)", files: find("web/**/*.dom.test.ts") },
    { name: "cross-domain (test/)", files: cross },
    { name: "packaging (binary, install)", files: PACKAGING.filter((f) => find(f).length > 0) },
  ].filter((g) => g.files.length > 0);
}

/** Runs one `bun test`, echoing its output as it comes and keeping a copy to read the totals. */
async function runBunTest(name: string, args: string[]): Promise<Outcome> {
  console.log(`\n━━ ${name} ━━ bun test ${args.join(" ")}`);
  const t0 = performance.now();
  const proc = Bun.spawn([bun, "test", ...args], { cwd: root, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: process.env });
  let text = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      sink.write(r.value);
      text += decoder.decode(r.value, { stream: true });
    }
  };
  await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)]);
  const code = await proc.exited;
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    name,
    code,
    pass: num(/^\s*(\d+) pass\b/m),
    fail: num(/^\s*(\d+) fail\b/m),
    files: num(/^Ran \d+ tests? across (\d+) files?/m),
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Strict TypeScript over everything: a type error fails the run like a failing test. */
async function typecheck(): Promise<Outcome> {
  console.log("\n━━ typecheck ━━ tsc --noEmit -p .");
  const t0 = performance.now();
  const proc = Bun.spawn([bun, "x", "tsc", "--noEmit", "-p", "."], { cwd: root, stdin: "ignore", stdout: "inherit", stderr: "inherit", env: process.env });
  const code = await proc.exited;
  if (code === 0) console.log("no type errors");
  return { name: "typecheck (tsc)", code, pass: 0, fail: code === 0 ? 0 : 1, files: 0, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<number> {
  console.log("━━ build ━━ assets and build/yingke");
  await build();

  const passthrough = process.argv.slice(2);
  const outcomes: Outcome[] = [];
  if (passthrough.length > 0) {
    outcomes.push(await runBunTest("selected tests", passthrough));
  } else {
    // Browser tests drive Chromium on a shared 2-core machine: bun's 5 s default per test is a
    // timing assumption, not a behaviour; a test that truly hangs still fails after a minute.
    for (const g of groups()) outcomes.push(await runBunTest(g.name, ["--timeout", "60000", ...g.files.map((f) => "./" + f)]));
  }

  if (passthrough.length === 0) outcomes.push(await typecheck());
  const failed = outcomes.filter((o) => o.code !== 0 || o.fail > 0);
  const total = outcomes.reduce((a, o) => ({ pass: a.pass + o.pass, fail: a.fail + o.fail, files: a.files + o.files }), { pass: 0, fail: 0, files: 0 });
  const w = Math.max(...outcomes.map((o) => o.name.length));
  console.log("\n━━ summary ━━");
  for (const o of outcomes) {
    const mark = o.code === 0 && o.fail === 0 ? "ok  " : "FAIL";
    console.log(`${mark} ${o.name.padEnd(w)}  ${String(o.pass).padStart(4)} pass ${String(o.fail).padStart(3)} fail  ${String(o.files).padStart(3)} files  ${o.seconds.toFixed(1)} s${o.code !== 0 && o.fail === 0 ? `  (bun test exited ${o.code})` : ""}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${failed.length ? "FAILED" : "PASSED"} in ${total.files} files; ${seconds} s including the build`);
  // The plain closing line CI readers look for, alone on its line.
  console.log(`${total.pass} passed, ${total.fail} failed`);
  return failed.length ? 1 : 0;
}

process.exit(await main());
