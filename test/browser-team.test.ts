import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { STRONG_PASSWORD } from "./harness.ts";
import { browserSuite } from "./host-page.ts";
import { teamApp, stopAll } from "./team-setup.ts";

/**
 * The team elements in real Chromium, two agents side by side: Alice writes to Bob in internal
 * chat and it appears live on Bob's screen; a notice pops up for Bob and is acknowledged.
 * The elements run from a stand-in shell (test/team-console-entry.ts) added to a real page under its CSP.
 */
const suite = browserSuite(stopAll);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 15, 4, 0, 9, 251, 3, 253, 227, 85, 242, 156, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130]);

let bundle: string | null = null;
async function teamBundle(): Promise<string> {
  if (bundle) return bundle;
  const r = await Bun.build({ entrypoints: [join(import.meta.dir, "team-console-entry.ts")], target: "browser", format: "esm" });
  if (!r.success) throw new AggregateError(r.logs, "team bundle failed");
  return (bundle = await r.outputs[0].text());
}

async function agentPage(browser: Browser, base: string, username: string) {
  const context = await browser.newContext();
  suite.cleanups.push(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  const js = await teamBundle();
  await page.route(`${base}/team-test.js`, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: js }));
  await page.goto(`${base}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', STRONG_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click('button[type="submit"]')]);
  // A real page of the server (its CSP, its address space), with the stand-in shell added.
  await page.goto(`${base}/account`);
  await page.addScriptTag({ url: "/team-test.js", type: "module" });
  await page.locator("body[data-connected]").waitFor({ state: "attached", timeout: 15_000 }).catch((e) => {
    throw new Error(`${username}'s page did not connect: ${problems.join("; ")} (${e})`);
  });
  return { page, problems };
}

describe("team features in the browser", () => {
  it("A's internal message appears live for B; a notice pops up for B until acknowledged", async () => {
    const { t, base, agent } = teamApp();
    const alice = await agent("alice");
    const bob = await agent("bob");
    const a = await agentPage(suite.browser, base, "alice");
    const b = await agentPage(suite.browser, base, "bob");

    // Alice sees Bob online and opens a conversation with him.
    const bobEntry = a.page.locator(`yk-internal-chat button[data-entry="agent-${bob.id}"]`);
    await bobEntry.locator(".dot.online").waitFor();
    await bobEntry.click();
    const input = a.page.locator("yk-internal-chat textarea");
    await input.fill("你好 <b>Bob</b>，下午开会");
    await input.press("Enter");
    await a.page.locator("yk-internal-chat li.mine.sent .body", { hasText: "你好 <b>Bob</b>，下午开会" }).waitFor();
    expect(await input.inputValue()).toBe("");

    // Bob gets it live: an unread badge on Alice, then the message in the conversation, as text.
    const aliceEntry = b.page.locator(`yk-internal-chat button[data-entry="agent-${alice.id}"]`);
    await aliceEntry.locator(".badge", { hasText: "1" }).waitFor();
    await aliceEntry.click();
    await b.page.locator("yk-internal-chat li.theirs .body", { hasText: "你好 <b>Bob</b>，下午开会" }).waitFor();
    expect(await b.page.locator("yk-internal-chat li.theirs .body b").count()).toBe(0);
    await aliceEntry.locator(".badge").waitFor({ state: "detached" });
    // A second message while Bob has the conversation open arrives live, in order.
    await input.fill("第二条");
    await input.press("Enter");
    await b.page.locator("yk-internal-chat li.theirs .body", { hasText: "第二条" }).waitFor();
    expect(await b.page.locator("yk-internal-chat li.theirs .body").allTextContents()).toEqual(["你好 <b>Bob</b>，下午开会", "第二条"]);
    // A file (an image) goes the same way and shows as a thumbnail for Bob.
    await a.page.locator('yk-internal-chat input[type="file"]').setInputFiles({ name: "截图.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
    const thumb = b.page.locator('yk-internal-chat li.theirs img[alt="截图.png"]');
    await thumb.waitFor();
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(t.db.query("SELECT seq, kind FROM internal_messages ORDER BY seq").all()).toEqual([{ seq: 1, kind: "text" }, { seq: 2, kind: "text" }, { seq: 3, kind: "file" }]);

    // A notice for Bob pops up as a dialog; Escape does not dismiss it, the button does.
    const boss = await t.createAgent("boss", "supervisor");
    const notice = t.services.notices.create(boss, { id: boss.id, name: "boss" }, { title: "今晚系统维护", body: "22:00–23:00\n请提前保存工作", audience_kind: "agents", audience_ids: [bob.id] });
    const dialog = b.page.locator("yk-notices dialog[open]");
    await dialog.locator("h2", { hasText: "今晚系统维护" }).waitFor();
    expect(await dialog.locator(".body").textContent()).toBe("22:00–23:00\n请提前保存工作");
    await b.page.keyboard.press("Escape");
    expect(await dialog.count()).toBe(1);
    await dialog.locator("button.ack").click();
    await b.page.locator("yk-notices dialog[open]").waitFor({ state: "detached" });
    expect(t.services.notices.reads({ id: boss.id, maySend: true }, notice.id).read.map((r) => r.agentId)).toEqual([bob.id]);
    // The panel lists it as read; the shell was told once.
    await b.page.locator("yk-notices button.bell").click();
    await b.page.locator(`yk-notices .panel li.read[data-id="${notice.id}"]`).waitFor();
    const events = await b.page.evaluate(() => (window as any).__ykEvents.filter((e: any) => e.type === "yk-notice"));
    expect(events).toEqual([{ type: "yk-notice", detail: { id: notice.id, title: "今晚系统维护" } }]);
    // Alice was not in the audience.
    expect(await a.page.locator("yk-notices dialog[open]").count()).toBe(0);

    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  }, 60_000);

  it("a department notice sent from the admin form pops up for a member who signs in later; the sender's page turns to read", async () => {
    const { t, base, agent } = teamApp();
    const sales = t.services.departments.create({ name: "销售部" }, { id: null, name: "test" });
    await agent("boss", "supervisor");
    const carol = await agent("carol");
    t.services.departments.setAgentDepartment(carol.id, sales.id, { id: null, name: "test" });

    // The sender uses the admin form in a real browser: audience and department from pickers.
    const ctx = await suite.browser.newContext();
    suite.cleanups.push(() => ctx.close());
    const admin = await ctx.newPage();
    await admin.goto(`${base}/login`);
    await admin.fill('input[name="username"]', "boss");
    await admin.fill('input[name="password"]', STRONG_PASSWORD);
    await Promise.all([admin.waitForURL((u) => !u.pathname.startsWith("/login")), admin.click('button[type="submit"]')]);
    await admin.goto(`${base}/admin/notices`);
    await admin.fill('input[name="title"]', "销售部周会");
    await admin.fill('textarea[name="body"]', "周一 9:00 三楼会议室");
    await admin.selectOption('select[name="audience_kind"]', "department");
    await admin.selectOption('select[name="department_ids"]', String(sales.id));
    await admin.click('form.stack button[type="submit"]');
    await admin.locator("p.notice", { hasText: "公告已发送" }).waitFor();
    const notice = t.services.notices.recent(1)[0];
    expect(notice).toMatchObject({ title: "销售部周会", audience_kind: "department" });
    await admin.locator(`a[href="/admin/notices/${notice.id}"]`).click();
    await admin.locator('#notice-reads ul.unread-list li', { hasText: "carol name" }).waitFor();
    expect(await admin.locator("#notice-reads ul.read-list li").count()).toBe(0);

    // Carol signs in after it was sent: the popup is there, and she acknowledges it.
    const c = await agentPage(suite.browser, base, "carol");
    const dialog = c.page.locator("yk-notices dialog[open]");
    await dialog.locator("h2", { hasText: "销售部周会" }).waitFor();
    expect(await dialog.locator(".body").textContent()).toBe("周一 9:00 三楼会议室");
    await dialog.locator("button.ack").click();
    await c.page.locator("yk-notices dialog[open]").waitFor({ state: "detached" });

    // The sender's open page redraws itself (htmx polling): Carol is now read, with the time.
    await admin.locator("#notice-reads ul.read-list li", { hasText: "carol name" }).locator("time").waitFor();
    expect(await admin.locator("#notice-reads ul.unread-list li").count()).toBe(0);
    expect(c.problems).toEqual([]);
  }, 60_000);
});
