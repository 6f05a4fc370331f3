import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Builds everything the server serves into build/public (embedded into the binary as one
 * --asset folder): the pinned htmx, the shared stylesheet, and the console and widget bundles.
 * Run by `npm start`, `npm run build` and `npm test` (via scripts/build.ts); safe to run again.
 */
const root = join(import.meta.dir, "..");
const out = join(root, "build", "public");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });
copyFileSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "assets", "htmx.min.js"));
copyFileSync(join(root, "web", "static", "app.css"), join(out, "assets", "app.css"));
copyFileSync(join(root, "web", "static", "favicon.svg"), join(out, "assets", "favicon.svg"));

mkdirSync(join(out, "console"), { recursive: true });
copyFileSync(join(root, "web", "static", "console.html"), join(out, "console", "index.html"));
const consoleBuild = await Bun.build({ entrypoints: [join(root, "web", "src", "main.ts")], outdir: join(out, "console"), target: "browser", minify: true, naming: "console.js" });
if (!consoleBuild.success) throw new AggregateError(consoleBuild.logs, "console build failed");

// Visitor widget: a framework-free IIFE per entry point (widget/src/loader.ts → widget.js, the
// small script sites embed; widget/src/panel.ts → panel.js, loaded when the chat opens). Until
// the widget exists the folder holds a placeholder, so the embedded layout is already final.
const widgetOut = join(out, "widget");
mkdirSync(widgetOut, { recursive: true });
const widgetEntries: [string, string][] = [
  ["loader.ts", "widget.js"],
  ["panel.ts", "panel.js"],
];
for (const [entry, name] of widgetEntries) {
  const src = join(root, "widget", "src", entry);
  if (!existsSync(src)) continue;
  const r = await Bun.build({ entrypoints: [src], outdir: widgetOut, target: "browser", format: "iife", minify: true, naming: name });
  if (!r.success) throw new AggregateError(r.logs, `widget build (${entry}) failed`);
}
if (readdirSync(widgetOut).length === 0) {
  writeFileSync(join(widgetOut, "placeholder.txt"), "The visitor widget is built here (widget.js, panel.js).\n");
}
console.log("assets built into build/public");
