import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Builds everything the server serves into build/public (embedded into the binary as one
 * --asset folder): the pinned htmx, the shared stylesheet, and the console and widget bundles.
 */
const root = join(import.meta.dir, "..");
const out = join(root, "build", "public");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
copyFileSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "assets", "htmx.min.js"));
copyFileSync(join(root, "web", "static", "app.css"), join(out, "assets", "app.css"));

mkdirSync(join(out, "console"), { recursive: true });
copyFileSync(join(root, "web", "static", "console.html"), join(out, "console", "index.html"));
const consoleBuild = await Bun.build({ entrypoints: [join(root, "web", "src", "main.ts")], outdir: join(out, "console"), target: "browser", minify: true, naming: "console.js" });
if (!consoleBuild.success) throw new AggregateError(consoleBuild.logs, "console build failed");
console.log("assets built into build/public");
