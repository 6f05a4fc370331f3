import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { createTestApp, STRONG_PASSWORD } from "./harness.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("sign-in in a real browser", () => {
  it("signs in with password and TOTP, reaches the console and /admin, with no CSP violations", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    const base = server.base;
    try {
      const alice = await t.createAgent("alice", "admin");
      const { secret } = t.services.auth.totp.beginEnrolment(alice);
      t.services.auth.totp.confirmEnrolment(t.services.agents.get(alice.id)!, t.totpNow(secret), { id: alice.id, name: "alice" });
      t.clock.advance(60_000);

      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      // The console asks for GET /api/me/counters, which the evaluation work adds; until that is
      // merged the 404 is expected (the console tolerates it) and is not a sign-in problem.
      const pendingRoute = (text: string) => text.includes("/api/me/counters") || /status of 404/.test(text);
      page.on("console", (m) => {
        if (m.type() === "error" && !pendingRoute(m.text())) problems.push(m.text());
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      page.on("response", (r) => {
        if (r.status() >= 400 && !r.url().includes("/login") && !(r.status() === 404 && pendingRoute(r.url()))) problems.push(`${r.status()} ${r.url()}`);
      });

      await page.goto(base + "/admin");
      expect(new URL(page.url()).pathname).toBe("/login");
      await page.fill('input[name="username"]', "alice");
      await page.fill('input[name="password"]', STRONG_PASSWORD);
      await Promise.all([page.waitForURL(/\/login\/totp/), page.click('button[type="submit"]')]);

      await page.fill('input[name="code"]', t.totpNow(secret));
      await Promise.all([page.waitForURL(/\/admin$/), page.click('form[action="/login/totp"] button[type="submit"]')]);
      expect(await page.textContent("body")).toContain("概览 Overview");

      await page.goto(base + "/console");
      await page.waitForSelector('#status[data-state="online"]');
      expect(await page.textContent("#who")).toContain("alice");

      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "yk_session")!;
      expect(session.httpOnly).toBe(true);
      expect(session.sameSite).toBe("Strict");
      expect(JSON.stringify(problems)).toBe("[]");
      await context.close();
    } finally {
      await server.stop();
    }
  }, 30_000);

  it("a wrong code keeps the agent on the code page with a message", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    const base = server.base;
    try {
      const bob = await t.createAgent("bob");
      const { secret } = t.services.auth.totp.beginEnrolment(bob);
      t.services.auth.totp.confirmEnrolment(t.services.agents.get(bob.id)!, t.totpNow(secret), { id: bob.id, name: "bob" });
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(base + "/login");
      await page.fill('input[name="username"]', "bob");
      await page.fill('input[name="password"]', STRONG_PASSWORD);
      await Promise.all([page.waitForURL(/\/login\/totp/), page.click('button[type="submit"]')]);
      await page.fill('input[name="code"]', "000000");
      await page.click('form[action="/login/totp"] button[type="submit"]');
      await page.waitForSelector(".alert");
      expect(await page.textContent(".alert")).toContain("验证码不正确");
      await context.close();
    } finally {
      await server.stop();
    }
  }, 30_000);
});
