import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The widget's byte budgets (issue 3, V1), on the bundles the server actually serves
 * (build/public/widget, built before the tests): what a host page pays for the snippet, and
 * that no bundle names an origin other than the SVG namespace (nothing third-party, ever).
 * Two separately gzipped files cost at least their sum, so the page-view figure is honest.
 */
const dir = join(import.meta.dir, "..", "build", "public", "widget");
const file = (name: string) => readFileSync(join(dir, name));
const gz = (name: string) => Bun.gzipSync(file(name), { level: 9 }).length;

describe("widget budgets", () => {
  it("keeps the loader ≤ 4 KB, the page view before interaction ≤ 15 KB and the panel ≤ 40 KB gzipped", () => {
    expect(gz("widget.js")).toBeLessThanOrEqual(4 * 1024);
    expect(gz("widget.js") + gz("main.js")).toBeLessThanOrEqual(15 * 1024);
    expect(gz("panel.js")).toBeLessThanOrEqual(40 * 1024);
  });

  it("names no origin but the SVG namespace in any bundle", () => {
    for (const name of ["widget.js", "main.js", "panel.js", "preview.js"]) {
      const urls = [...file(name).toString("utf8").matchAll(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)]*/gi)].map((m) => m[0]);
      expect({ name, urls: urls.filter((u) => u !== "http://www.w3.org/2000/svg") }).toEqual({ name, urls: [] });
    }
  });
});
