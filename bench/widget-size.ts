/**
 * Widget bytes (performance anchors B1): builds the loader and the panel exactly as
 * scripts/build-assets.ts does (Bun.build, IIFE, minified, browser target; in memory, so
 * build/ is untouched) and prints raw, gzip-9 and brotli-11 sizes beside each budget and
 * beside a baseline measured in the same run (the htmx.min.js we ship for admin pages).
 * Before any interaction a page view fetches the loader (widget.js) and main.js, which the loader
 * loads when the page settles (no fonts, no images unless a site configures entry images: icons
 * are inline SVG), so the page-view total is the two. Also fails if a bundle names any
 * origin other than the SVG namespace: the widget only ever talks to the server it came from.
 *
 *   node_modules/.bin/bun bench/widget-size.ts        (exit code 1 when a budget is exceeded)
 */
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const root = join(import.meta.dir, "..");
const KiB = 1024;

async function bundle(entry: string): Promise<Uint8Array<ArrayBuffer>> {
  const r = await Bun.build({ entrypoints: [join(root, "widget", "src", entry)], target: "browser", format: "iife", minify: true });
  if (!r.success) throw new AggregateError(r.logs, `widget build (${entry}) failed`);
  return new Uint8Array(await r.outputs[0].arrayBuffer());
}

const gz = (b: Uint8Array<ArrayBuffer>) => Bun.gzipSync(b, { level: 9 }).length;
const br = (b: Uint8Array) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n: number) => `${(n / KiB).toFixed(2)} KB`;

const loader = await bundle("loader.ts");
const main = await bundle("main.ts");
const pageView = new Uint8Array([...loader, ...main]);
const panel = await bundle("panel.ts");
const htmx = new Uint8Array(await Bun.file(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js")).arrayBuffer());

const rows = [
  { name: "loader (widget.js)", bytes: loader, budget: 4 * KiB },
  { name: "main.js (entry, connection; page settled)", bytes: main, budget: 0 },
  { name: "page view before interaction (widget+main)", bytes: pageView, budget: 15 * KiB },
  { name: "chat panel (panel.js, on open)", bytes: panel, budget: 40 * KiB },
  { name: "baseline: htmx.min.js 2.0.8 (same run)", bytes: htmx, budget: 0 },
];

console.log("Widget bytes (gzip level 9; brotli quality 11)");
console.log(`${"".padEnd(44)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)} ${"budget".padStart(10)}  ×htmx  verdict`);
const htmxGz = gz(htmx);
let over = 0;
for (const r of rows) {
  const g = gz(r.bytes);
  const ok = !r.budget || g <= r.budget;
  if (!ok) over++;
  console.log(
    `${r.name.padEnd(44)} ${kb(r.bytes.length).padStart(10)} ${kb(g).padStart(10)} ${kb(br(r.bytes)).padStart(10)} ${(r.budget ? kb(r.budget) : "—").padStart(10)}  ${(g / htmxGz).toFixed(2).padStart(5)}  ${r.budget ? (ok ? `ok (${((g / r.budget) * 100).toFixed(0)}% of budget)` : "OVER BUDGET") : ""}`,
  );
}
console.log("Cited, not re-measured: Live Helper Chat loader 29.4 KB gzip; Chatwoot budgets 40 KB sdk + 300 KB widget gzip (performance-anchors.md §5 B1).");

// The only absolute URL a bundle may contain is the SVG namespace (a name, never fetched).
const allowed = new Set(["http://www.w3.org/2000/svg"]);
for (const [name, bytes] of [["widget.js", loader], ["main.js", main], ["panel.js", panel]] as const) {
  const urls = [...new TextDecoder().decode(bytes).matchAll(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi)].map((m) => m[0]).filter((u) => !allowed.has(u));
  if (urls.length) {
    over++;
    console.log(`${name} names other origins: ${[...new Set(urls)].join(", ")}`);
  }
}
if (over) {
  console.log(`FAILED: ${over} check(s) over budget`);
  process.exit(1);
}
console.log("all widget budgets met");
