import { describe, expect, it } from "bun:test";
import { browserSuite, until } from "./host-page.ts";
import { createTestApp } from "./harness.ts";
import { consolePage } from "./console-page.ts";
import { cid } from "./frames.ts";

/**
 * The console's frame in real Chromium: sign-in with password and TOTP, the status menu
 * (invisible only with chat.invisible), the settings dialog storing preferences, the language
 * kept across a reload, and sign-out through the sign-out guard (a chat not yet evaluated).
 */
const suite = browserSuite();

describe("the console shell", () => {
  it("signs in with TOTP, sets the status, keeps settings and language, signs out through the guard", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    suite.cleanups.push(() => server.stop());
    const alice = await t.createAgent("alice");
    const { secret } = t.services.auth.totp.beginEnrolment(alice);
    t.services.auth.totp.confirmEnrolment(t.services.agents.get(alice.id)!, t.totpNow(secret), { id: alice.id, name: "alice" });
    t.clock.advance(60_000);
    // An ended chat alice has not evaluated: the sign-out guard will remind her of it.
    const site = t.services.sites.create({ name: "Shop", allowed_origins: "https://shop.example", default_language: "zh-CN" }, { id: null, name: "test" });
    const visitor = t.services.visitors.identify(site.id, null).visitor;
    const ended = (await t.services.chat.visitorSend(visitor, { cid: cid(), body: "你好" })).conversation.id;
    await t.services.chat.accept({ id: alice.id, display_name: "alice name" }, ended);
    await t.services.chat.end(ended, "agent");

    const { page, context, csp, problems } = await consolePage(suite.browser, server.base, "alice", { totp: () => t.totpNow(secret) });
    suite.cleanups.push(() => context.close());
    expect(await page.locator("#who").textContent()).toContain("alice name");
    expect(await page.locator(".counter.waiting b").textContent()).toBe("0");
    // No admin permission: no admin link; no chat.invisible: no invisible status.
    expect(await page.locator('a[href="/admin"]').count()).toBe(0);
    expect(await page.locator("select.status-select option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(["online", "busy", "away"]);

    await page.locator("select.status-select").selectOption("busy");
    expect(await until(() => t.services.agents.get(alice.id)!.service_status, (s) => s === "busy", "busy stored")).toBe("busy");

    // Settings: a shortcut recorded from a key press, auto-away minutes, one notification switch.
    await page.locator("button.settings-open").click();
    await page.locator('dialog.settings input[name="nextChatKey"]').press("Alt+n");
    expect(await page.locator('dialog.settings input[name="nextChatKey"]').inputValue()).toBe("Alt+N");
    await page.locator('dialog.settings input[name="autoAwayMinutes"]').fill("300");
    await page.locator('dialog.settings button[type="submit"]').click();
    // Out of range: the form refuses it before anything is sent.
    expect(await page.locator('dialog.settings input[name="autoAwayMinutes"]:invalid').count()).toBe(1);
    expect(t.services.preferences.get(alice.id).autoAwayMinutes).toBe(10);
    await page.locator('dialog.settings input[name="autoAwayMinutes"]').fill("5");
    await page.locator('dialog.settings input[name="notify.message.sound"]').uncheck();
    await page.locator('dialog.settings button[type="submit"]').click();
    await page.locator("dialog.settings").waitFor({ state: "detached" });
    const prefs = t.services.preferences.get(alice.id);
    expect(prefs).toMatchObject({ nextChatKey: "Alt+N", autoAwayMinutes: 5 });
    expect(prefs.notify.message).toEqual({ desktop: true, sound: false, title: true });

    // English, kept after a reload (the preference), and the status read back from the server.
    await page.locator("button.lang-switch").click();
    await page.locator(".section-tab[data-section=visitors]", { hasText: "Visitors" }).waitFor();
    await until(() => t.services.preferences.get(alice.id).lang, (l) => l === "en", "language stored");
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('#status[data-state="online"]').waitFor();
    await page.locator(".section-tab[data-section=team]", { hasText: "Team" }).waitFor();
    expect(await page.locator("select.status-select").inputValue()).toBe("busy");

    // Sign-out goes through the sign-out guard: it lists the unevaluated chat and asks; "sign
    // out anyway" ends the session.
    await page.locator("button.signout").click();
    const guard = page.locator("yk-signout-guard dialog[open]");
    await guard.locator("ul.unevaluated li", { hasText: `#${ended}` }).waitFor();
    const logout = page.waitForResponse((r) => r.url().endsWith("/logout"));
    await Promise.all([page.waitForURL(/\/login/), guard.locator("button.confirm").click()]);
    expect((await logout).status()).toBeLessThan(400);
    // The session is over: the console sends the browser back to the sign-in page.
    expect((await context.cookies()).some((c) => c.name === "yk_session")).toBe(false);
    await page.goto(server.base + "/console");
    await page.waitForURL(/\/login/);
    expect(await csp()).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});
