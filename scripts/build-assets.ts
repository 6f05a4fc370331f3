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
copyFileSync(join(root, "web", "static", "console.css"), join(out, "console", "console.css"));
writeFileSync(join(out, "console", "notify.wav"), notifySound());
// The shell plus every feature folder's elements (web/src/features/*/**.ts, tests excluded):
// features register their tags when imported, so a merged feature needs no edit to main.ts.
const features = join(root, "web", "src", "features");
const featureFiles = existsSync(features) ? [...new Bun.Glob("*/**/*.ts").scanSync(features)].filter((f) => !f.endsWith(".test.ts")).sort() : [];
const entry = join(root, "build", ".console-entry.ts");
writeFileSync(entry, [join(root, "web", "src", "main.ts"), ...featureFiles.map((f) => join(features, f))].map((f) => `import ${JSON.stringify(f)};`).join("\n") + "\n");
const consoleBuild = await Bun.build({ entrypoints: [entry], outdir: join(out, "console"), target: "browser", minify: true, naming: "console.js" });
rmSync(entry, { force: true });
if (!consoleBuild.success) throw new AggregateError(consoleBuild.logs, "console build failed");

// Visitor widget: a framework-free IIFE per entry point (widget/src/loader.ts → widget.js, the
// tiny script sites embed; main.ts → main.js, which it fetches when the page settles: connection
// and entry; panel.ts → panel.js, loaded when the chat opens; preview.ts → preview.js, the admin's
// live preview). Until
// the widget exists the folder holds a placeholder, so the embedded layout is already final.
const widgetOut = join(out, "widget");
mkdirSync(widgetOut, { recursive: true });
const widgetEntries: [string, string][] = [
  ["loader.ts", "widget.js"],
  ["main.ts", "main.js"],
  ["panel.ts", "panel.js"],
  ["preview.ts", "preview.js"],
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

/**
 * The console's notification sound: a short two-tone chime as 16-bit mono WAV, made here so the
 * binary carries it without a binary file in the repository or anything fetched at run time.
 */
function notifySound(): Uint8Array {
  const rate = 16000;
  const tones: [number, number][] = [[880, 0.12], [1320, 0.18]];
  const samples = tones.reduce((n, [, s]) => n + Math.round(rate * s), 0);
  const buf = new DataView(new ArrayBuffer(44 + samples * 2));
  const text = (at: number, s: string) => [...s].forEach((ch, i) => buf.setUint8(at + i, ch.charCodeAt(0)));
  text(0, "RIFF");
  buf.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVEfmt ");
  buf.setUint32(16, 16, true);
  buf.setUint16(20, 1, true);
  buf.setUint16(22, 1, true);
  buf.setUint32(24, rate, true);
  buf.setUint32(28, rate * 2, true);
  buf.setUint16(32, 2, true);
  buf.setUint16(34, 16, true);
  text(36, "data");
  buf.setUint32(40, samples * 2, true);
  let at = 44;
  for (const [freq, secs] of tones) {
    const n = Math.round(rate * secs);
    for (let i = 0; i < n; i++) {
      const fade = Math.min(1, i / 160, (n - i) / 800);
      buf.setInt16(at, Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 0.35 * fade * 32767), true);
      at += 2;
    }
  }
  return new Uint8Array(buf.buffer);
}
