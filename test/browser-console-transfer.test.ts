import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser } from "./browser.ts";
import { createTestApp, STRONG_PASSWORD } from "./harness.ts";
import { FrameClient, cid } from "./frames.ts";

const HOST = "http://shop.example.test";
let browser: Browser;
let bundle = "";

beforeAll(async () => {
  browser = await launchBrowser();
  // The collaboration elements with the console's lib modules, as the shell will bundle them.
  const out = mkdtempSync(join(tmpdir(), "yk-collab-"));
  const r = await Bun.build({ entrypoints: [join(import.meta.dir, "collab-console-entry.ts")], outdir: out, target: "browser", naming: "collab.js" });
  if (!r.success) throw new AggregateError(r.logs, "collab bundle failed");
  bundle = readFileSync(join(out, "collab.js"), "utf8");
});
afterAll(async () => {
  await browser?.close();
});

/** An agent signed in through the real form, on /console, with the elements loaded. */
async function consolePage(base: string, username: string): Promise<{ page: Page; problems: string[] }> {
  // The feature bundle is injected as an inline script: only this test page needs CSP relaxed.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(base + "/login?next=/console");
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', STRONG_PASSWORD);
  await Promise.all([page.waitForURL(/\/console$/), page.click('button[type="submit"]')]);
  await page.addScriptTag({ content: bundle });
  await page.evaluate(() => (globalThis as any).ykTest.start());
  return { page, problems };
}

describe("transfer in the console (real Chromium)", () => {
  it("agent A transfers a chat with a note; agent B accepts from the inbox; both see the outcome and the visitor sees who took over", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    const base = server.base;
    try {
      const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, { id: null, name: "test" });
      const alice = await t.createAgent("alice");
      await t.createAgent("bob");
      const a = await consolePage(base, "alice");
      const b = await consolePage(base, "bob");

      const visitor = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST });
      visitor.send({ type: "send", cid: cid(), body: "我要办理转账 <img src=x onerror=alert(1)>" });
      const ack = await visitor.next((f) => f.type === "ack", "ack");
      const conversationId = ack.conversationId as number;
      await t.services.chat.accept(alice, conversationId);

      await b.page.evaluate(() => {
        const inbox = document.createElement("yk-transfer-inbox");
        inbox.addEventListener("yk-open-conversation", (e) => ((globalThis as any).opened = (e as CustomEvent).detail.conversationId));
        document.body.append(inbox);
      });
      await a.page.evaluate((id) => {
        const dialog = document.createElement("yk-transfer-dialog") as HTMLElement & { conversationId: number };
        dialog.conversationId = id;
        dialog.addEventListener("yk-done", (e) => ((globalThis as any).done = (e as CustomEvent).detail));
        document.body.append(dialog);
      }, conversationId);

      // A picks B from the live list (with B's chat count), writes a note, sends.
      const bobRow = a.page.locator("yk-transfer-dialog li", { hasText: "bob name" });
      await bobRow.waitFor();
      expect(await bobRow.textContent()).toContain("0/8 个对话");
      await bobRow.locator("input").check();
      await a.page.fill("yk-transfer-dialog textarea", "客户要办大额转账，请协助");
      await a.page.click("yk-transfer-dialog button.primary");
      await a.page.locator("yk-transfer-dialog [data-pending]").waitFor();
      expect(await a.page.textContent("yk-transfer-dialog [data-pending]")).toContain("等待对方接受");

      // B sees the request with the note, the visitor's name and a countdown, and accepts.
      const card = b.page.locator('yk-transfer-inbox section[data-kind="transfer"]');
      await card.waitFor();
      expect(await card.textContent()).toContain("alice name 想把对话转给您");
      expect(await card.textContent()).toContain("备注：客户要办大额转账，请协助");
      expect(await card.locator(".countdown").textContent()).toMatch(/\d+ 秒/);
      await card.locator("button.primary").click();
      await card.waitFor({ state: "detached" });
      expect(await b.page.evaluate(() => (globalThis as any).opened)).toBe(conversationId);

      // A sees the outcome and closes the dialog.
      const outcome = a.page.locator('yk-transfer-dialog [data-outcome="accepted"]');
      await outcome.waitFor();
      expect(await outcome.textContent()).toContain("bob name 已接受转接");
      await a.page.click("yk-transfer-dialog button");
      expect(await a.page.evaluate(() => (globalThis as any).done)).toEqual({ conversationId, outcome: "accepted" });

      const event = await visitor.next((f) => f.type === "message" && f.kind === "event" && f.body.includes("transferred"), "takeover event");
      expect(JSON.parse(event.body).text).toContain("bob name has taken over");
      expect(t.services.chat.get(conversationId)!.agent_id).not.toBe(alice.id);
      expect(a.problems.concat(b.problems)).toEqual([]);
      visitor.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("agent A invites a colleague into a three-way chat; the colleague joins from the inbox and leaves again", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    const base = server.base;
    try {
      const site = t.services.sites.create({ name: "Shop", allowed_origins: HOST, default_language: "zh-CN" }, { id: null, name: "test" });
      const alice = await t.createAgent("alice");
      await t.createAgent("carol");
      const a = await consolePage(base, "alice");
      const c = await consolePage(base, "carol");
      const visitor = await FrameClient.open(`${base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: HOST });
      visitor.send({ type: "send", cid: cid(), body: "理财产品怎么买" });
      const conversationId = (await visitor.next((f) => f.type === "ack", "ack")).conversationId as number;
      await t.services.chat.accept(alice, conversationId);

      await c.page.evaluate(() => {
        const inbox = document.createElement("yk-transfer-inbox");
        inbox.addEventListener("yk-open-conversation", (e) => ((globalThis as any).opened = (e as CustomEvent).detail.conversationId));
        document.body.append(inbox);
      });
      const mountInvite = (page: Page) => page.evaluate((id) => {
        const el = document.createElement("yk-invite-colleague") as HTMLElement & { conversationId: number };
        el.conversationId = id;
        el.addEventListener("yk-left", (e) => ((globalThis as any).left = (e as CustomEvent).detail.conversationId));
        document.body.append(el);
      }, conversationId);
      await mountInvite(a.page);
      const carolRow = a.page.locator("yk-invite-colleague li", { hasText: "carol name" });
      await carolRow.waitFor();
      await carolRow.locator("input").check();
      await a.page.click("yk-invite-colleague button.primary");
      await a.page.locator("yk-invite-colleague [role=status]", { hasText: "已邀请" }).waitFor();

      const card = c.page.locator('yk-transfer-inbox section[data-kind="guest"]');
      await card.waitFor();
      expect(await card.textContent()).toContain("alice name 邀请您加入对话");
      await card.locator("button.primary").click();
      await card.waitFor({ state: "detached" });
      expect(await c.page.evaluate(() => (globalThis as any).opened)).toBe(conversationId);
      await a.page.locator("yk-invite-colleague [role=status]", { hasText: "carol name 已加入对话" }).waitFor();
      await visitor.next((f) => f.type === "message" && f.body.includes("guest_joined"), "join event");

      // The guest's own view offers only "leave".
      await mountInvite(c.page);
      const leave = c.page.locator("yk-invite-colleague button", { hasText: "离开对话" });
      await leave.click();
      await c.page.waitForFunction(() => (globalThis as any).left !== undefined);
      expect(await c.page.evaluate(() => (globalThis as any).left)).toBe(conversationId);
      expect(JSON.parse((await visitor.next((f) => f.type === "message" && f.body.includes("guest_left"), "leave event")).body).text).toBe("carol name 离开了对话 / carol name left");
      expect(a.problems.concat(c.problems)).toEqual([]);
      visitor.close();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
