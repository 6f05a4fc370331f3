import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { STRONG_PASSWORD } from "./harness.ts";

/**
 * The visitor list in real Chromium on /console: the page's bundle is swapped for
 * test/visitor-list-entry.ts (built here), so the element runs under the console's real CSP and
 * session, whether or not the shell already mounts it.
 */
let bundled: Promise<string> | null = null;
export function listBundle(): Promise<string> {
  bundled ??= Bun.build({ entrypoints: [join(import.meta.dir, "visitor-list-entry.ts")], target: "browser", minify: true }).then((r) => {
    if (!r.success) throw new AggregateError(r.logs, "visitor list bundle failed");
    return r.outputs[0].text();
  });
  return bundled;
}

/** Signs in through /login in a fresh context. */
export async function signedInPage(browser: Browser, base: string, username: string, o: { viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1400, height: 800 }, locale: "zh-CN" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  const code = await listBundle();
  await page.route("**/console/console.js", (route) => route.fulfill({ body: code, contentType: "text/javascript; charset=utf-8" }));
  await page.goto(base + "/login");
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', STRONG_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click('button[type="submit"]')]);
  return { context, page, errors };
}

/** Loads /console, mounts the list and waits until it shows `expectRows` visitors in total. */
export async function mountList(page: Page, base: string, o: { socket?: boolean } = {}) {
  await page.goto(base + "/console");
  await page.waitForFunction(() => Boolean((globalThis as any).yk));
  await page.evaluate((opts) => (globalThis as any).yk.mount(opts), o);
  await page.locator("yk-visitor-list .viewport").waitFor();
}

/** The rendered rows' cells as text, top to bottom (visible and overscan rows only). */
export function renderedRows(page: Page): Promise<{ id: number; index: number; cells: string[] }[]> {
  return page.evaluate(() => {
    const root = document.querySelector("yk-visitor-list")!.shadowRoot!;
    return [...root.querySelectorAll<HTMLElement>(".body [role=row]")]
      .map((r) => ({ id: Number(r.dataset.id), index: Number(r.dataset.index), cells: [...r.querySelectorAll("[role=gridcell]")].map((c) => (c.textContent ?? "").replace(/\s+/g, " ").trim()) }))
      .sort((a, b) => a.index - b.index);
  });
}

/** The list's "showing N of M" line. */
export const countLine = (page: Page) => page.locator("yk-visitor-list .count").textContent();
