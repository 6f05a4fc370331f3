import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * `npm run build`: front-end assets into build/public, then one self-contained executable,
 * build/yingke, with the assets embedded under /$bunfs/root/public (see src/platform/paths.ts)
 * and the migrations inlined by the Bun macro in src/store/migrations.macro.ts.
 *
 * The executable must behave the same wherever it is started, so every implicit runtime
 * autoload (.env, bunfig.toml, tsconfig.json, package.json of the working directory) is off;
 * configuration comes only from --config, YINGKE_* variables and flags.
 *
 * Options: --outfile PATH (default build/yingke); --target T (e.g. bun-linux-x64-baseline for
 * CPUs without AVX2; cross targets need the matching Bun runtime, which Bun downloads).
 */
const root = join(import.meta.dir, "..");
const bun = process.execPath;

function option(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

async function run(label: string, cmd: string[]) {
  const started = performance.now();
  const proc = Bun.spawn(cmd, { cwd: root, stdout: "inherit", stderr: "inherit", env: process.env });
  const code = await proc.exited;
  if (code !== 0) {
    console.error(`[build] ${label} failed (exit ${code})`);
    process.exit(code || 1);
  }
  console.log(`[build] ${label} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function build(opts: { outfile?: string; target?: string } = {}): Promise<string> {
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const outfile = opts.outfile ?? join(root, "build", "yingke");
  mkdirSync(join(root, "build"), { recursive: true });

  await run("assets", [bun, "run", join(root, "scripts", "build-assets.ts")]);

  const cmd = [
    bun, "build", "--compile", "--minify", "--sourcemap",
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    "--no-compile-autoload-tsconfig",
    "--no-compile-autoload-package-json",
    "--asset", "./build/public",
    "--define", `BUILD_VERSION=${JSON.stringify(version)}`,
    ...(opts.target ? [`--target=${opts.target}`] : []),
    "./src/main.ts",
    // Worker threads are separate entrypoints in the executable (src/store/checkpointer.ts).
    "./src/store/checkpoint-worker.ts",
    "--outfile", outfile,
  ];
  await run("compile", cmd);
  if (!existsSync(outfile)) {
    console.error(`[build] ${outfile} was not written`);
    process.exit(1);
  }
  const mb = (statSync(outfile).size / 1024 / 1024).toFixed(1);
  console.log(`[build] ${relative(process.cwd(), outfile) || outfile} (yingke ${version}, ${mb} MB)`);
  return outfile;
}

if (import.meta.main) {
  await build({ outfile: option("outfile"), target: option("target") });
}
