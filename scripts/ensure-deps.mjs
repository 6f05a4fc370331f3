// Runs before start/test/build under plain Node so that a fresh clone needs only Node and npm:
// it installs the locked dependencies (Bun itself comes from the npm `bun` package) when they
// are missing or older than the lockfile.
import { existsSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";

const marker = "node_modules/.package-lock.json";
const stale = !existsSync(marker) || !existsSync("node_modules/.bin/bun") ||
  statSync("package-lock.json").mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.log("[yingke] installing dependencies (npm ci)…");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
