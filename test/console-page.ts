import type { Browser, Page } from "playwright-core";
import { STRONG_PASSWORD } from "./harness.ts";

/**
 * Helpers for the agent console's browser tests: an agent signed in through the real sign-in
 * page, with every CSP violation, page error and console error recorded. (To drop the agent's
 * socket the way a network does, sign in through test/agent-socket-proxy.ts.)
 */
export async function consolePage(browser: Browser, base: string, username: string, o: { totp?: () => string; init?: () => void; clock?: boolean } = {}) {
  const context = await browser.newContext({ locale: "zh-CN", acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e}`));
  // Chromium logs refused WebSocket reconnects (tests provoke them) and failed loads as errors.
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource|WebSocket connection to .* failed/.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on("dialog", (d) => void d.accept());
  await page.addInitScript(() => {
    const w = window as any;
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (o.init) await page.addInitScript(o.init);
  // A fake clock (page.clock) lets a test move time for auto-away; the socket stays real.
  if (o.clock) await page.clock.install();
  await page.goto(base + "/console");
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', STRONG_PASSWORD);
  await Promise.all([page.waitForURL(/\/(console|login\/totp)/), page.click('button[type="submit"]')]);
  if (o.totp) {
    await page.fill('input[name="code"]', o.totp());
    await Promise.all([page.waitForURL(/\/console/), page.click('form[action="/login/totp"] button[type="submit"]')]);
  }
  await page.locator('#status[data-state="online"]').waitFor({ timeout: 15_000 });
  const csp = () => page.evaluate(() => (window as any).__csp as string[]);
  return { context, page, problems, csp };
}

/** Console selectors (light DOM). */
export const C = {
  waiting: ".waiting-list .waiting-item",
  accept: ".waiting-list .waiting-item button.accept",
  tabs: ".chat-tabs .chat-tab",
  composer: "yk-chat-view textarea.composer",
  transcript: "yk-chat-view ol.transcript",
  visitorMsgs: "yk-chat-view ol.transcript li.msg.visitor",
  agentMsgs: "yk-chat-view ol.transcript li.msg.agent",
  draft: "yk-chat-view .visitor-typing .draft .text",
} as const;

/** The transcript's visitor and agent bubbles, in order, as "from: text". */
export function transcriptOf(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("yk-chat-view ol.transcript li.msg:not(.event)")].map((li) => `${li.classList.contains("visitor") ? "visitor" : "agent"}: ${li.querySelector(".bubble")?.textContent?.trim()}`),
  );
}
