import { describe, expect, it } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";

/**
 * DESIGN.md's import rules: platform ← store, events ← domains ← realtime, admin, http, jobs ←
 * app.ts ← main.ts. Domains reach each other only through services (never a repo), and only
 * route files (index.ts) and the delivery layers import Elysia. A domain's export sources
 * (export-source.ts) are, like its service, a public face the exports registry may import.
 */
const SRC = join(import.meta.dir, "..", "src");
const LAYER: Record<string, number> = { platform: 0, store: 1, events: 1, delivery: 3, root: 4, cli: 5 };
const DELIVERY = new Set(["realtime", "admin", "http", "jobs"]);

function folderOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes("/") ? rel.split("/")[0] : "root";
}
function layerOf(folder: string): number {
  if (folder in LAYER) return LAYER[folder];
  if (DELIVERY.has(folder)) return LAYER.delivery;
  if (folder === "main.ts" || folder === "cli") return LAYER.cli;
  return 2; // a domain
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) yield p;
  }
}

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+["']([^"']+)["']/gm)].map((m) => ({ spec: m[2], typeOnly: Boolean(m[1]) }));
}

const violations: string[] = [];
for (const file of sourceFiles(SRC)) {
  const from = folderOf(file);
  const rel = relative(SRC, file);
  const isTest = file.endsWith(".test.ts");
  for (const { spec, typeOnly } of imports(file)) {
    if (spec === "elysia" && !isTest) {
      const ok = DELIVERY.has(from) || from === "root" || rel.endsWith("/index.ts");
      if (!ok) violations.push(`${rel}: only route files (index.ts) and delivery layers may import elysia`);
      continue;
    }
    // Tests may wire anything together (they build the app to test it); the rules are for code.
    if (!spec.startsWith(".") || isTest) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(SRC)) continue;
    const to = folderOf(target);
    if (to === from) continue;
    const fromLayer = from === "root" ? (rel === "main.ts" ? LAYER.cli : LAYER.root) : layerOf(from);
    const toLayer = to === "root" ? (relative(SRC, target).startsWith("main") ? LAYER.cli : LAYER.root) : layerOf(to);
    if (toLayer > fromLayer && !typeOnly) violations.push(`${rel} imports ${relative(SRC, target)}: ${from} may not depend on ${to}`);
    if (toLayer > fromLayer && typeOnly && fromLayer < 2) violations.push(`${rel} imports ${relative(SRC, target)}: ${from} may not even name types of ${to}`);
    if (fromLayer >= 2 && toLayer === 2 && /\/repo\.ts$/.test(target) && !typeOnly) {
      if (fromLayer === 2 || DELIVERY.has(from)) violations.push(`${rel} imports ${relative(SRC, target)}: another domain's repo; call its service`);
    }
    if (fromLayer === 2 && toLayer === 2 && to !== from && !typeOnly && !/\/(service|permissions|model|totp|export-sources?)\.ts$/.test(target)) {
      violations.push(`${rel} imports ${relative(SRC, target)}: domains talk through services`);
    }
  }
}

describe("architecture", () => {
  it("follows the import rules of DESIGN.md", () => {
    expect(violations).toEqual([]);
  });

  it("keeps source files small", () => {
    const big = [...sourceFiles(SRC)].filter((f) => readFileSync(f, "utf8").split("\n").length > 450).map((f) => relative(SRC, f));
    expect(big).toEqual([]);
  });

  it("has no string-to-markup or eval sinks in server code", () => {
    const sinks = [...sourceFiles(SRC)]
      .filter((f) => !f.endsWith(".test.ts"))
      .filter((f) => /unsafeHTML|\.innerHTML\s*=|new Function\(|\beval\(/.test(readFileSync(f, "utf8")))
      .map((f) => relative(SRC, f));
    expect(sinks).toEqual([]);
  });
});
