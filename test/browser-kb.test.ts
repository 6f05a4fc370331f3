import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { createTestApp, STRONG_PASSWORD } from "./harness.ts";
import { cid } from "./frames.ts";

/**
 * The canned-reply picker in real Chromium on /console: a Chinese reply found by one character,
 * arrow keys and Enter insert it (yk-insert), and a quick link falls back to a chat message when
 * nobody handles yk-push-url (a picker placed outside the shell, which otherwise pushes the link
 * through the chat's push-URL element); the manager in the console's 常用语 section.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("canned-reply picker in the console", () => {
  it("finds a Chinese reply by one character; ↓ and Enter insert it; a link is sent as a message", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    const base = server.base;
    const context = await browser.newContext();
    try {
      const alice = await t.createAgent("alice", "admin");
      const who = { id: alice.id, name: "alice", permissions: new Set(["canned.manage", "canned.personal"]) };
      t.services.kb.createItem(who, { scope: "company", folder_name: "问候", title: "欢迎", text: "您好，欢迎光临迎客！", shortcut: "/hi" });
      t.services.kb.createItem(who, { scope: "personal", title: "迎新活动", text: "新用户注册立减 <b>20</b> 元" });
      t.services.kb.createItem(who, { scope: "company", title: "营业时间", text: "周一至周五 9:00–17:00" });
      t.services.kb.createItem(who, { kind: "link", scope: "company", title: "帮助中心", url: "https://help.example.gov.cn/faq" });
      const site = t.services.sites.create({ name: "S", allowed_origins: "https://a.example", default_language: "zh-CN" }, { id: null, name: "test" });
      const visitor = t.services.visitors.identify(site.id, null).visitor;
      const conv = (await t.services.chat.visitorSend(visitor, { cid: cid(), body: "你好" })).conversation.id;
      await t.services.chat.accept({ id: alice.id, display_name: "alice name" }, conv);

      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(String(e)));
      page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
      await page.goto(base + "/login");
      await page.fill('input[name="username"]', "alice");
      await page.fill('input[name="password"]', STRONG_PASSWORD);
      await Promise.all([page.waitForURL(/\/console$/), page.click('button[type="submit"]')]);
      await page.waitForSelector('#status[data-state="online"]');
      await page.evaluate(async (conversationId) => {
        const w = window as any;
        w.__events = [];
        const picker = document.createElement("yk-canned-picker") as any;
        picker.conversationId = conversationId;
        for (const type of ["yk-insert", "yk-picker-close", "yk-push-url"]) document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
        document.body.append(picker);
        picker.focus();
      }, conv);

      const input = page.locator("yk-canned-picker input");
      await input.waitFor();
      await page.locator("yk-canned-picker li.opt").first().waitFor();
      await input.fill("迎");
      const options = page.locator('yk-canned-picker li.opt');
      await page.waitForFunction(() => document.querySelector("yk-canned-picker")!.shadowRoot!.querySelectorAll("li.opt").length === 2);
      expect(await options.locator(".title").allTextContents()).toEqual(["欢迎", "迎新活动"]);
      expect(await page.locator("yk-canned-picker li.head").allTextContents()).toEqual(["公司 / 问候", "个人 / 未分类"]);
      expect(await options.nth(0).getAttribute("aria-selected")).toBe("true");
      await input.press("ArrowDown");
      expect(await options.nth(1).getAttribute("aria-selected")).toBe("true");
      await input.press("Enter");
      await page.waitForFunction(() => (window as any).__events.some((e: any) => e.type === "yk-picker-close"));
      const events = await page.evaluate(() => (window as any).__events);
      expect(events[0]).toEqual({ type: "yk-insert", detail: { text: "新用户注册立减 <b>20</b> 元" } });

      // A quick link: nobody handles yk-push-url here, so it goes out as a chat message.
      await input.fill("帮助");
      await page.waitForFunction(() => document.querySelector("yk-canned-picker")!.shadowRoot!.querySelector("li.opt .title")?.textContent === "帮助中心");
      await input.press("Enter");
      await page.locator("yk-canned-picker .status", { hasText: "已推送链接" }).waitFor();
      const last = t.services.chat.messagesAfter(conv, 0).at(-1)!;
      expect(last).toMatchObject({ sender_kind: "agent", kind: "text", body: "帮助中心 https://help.example.gov.cn/faq" });
      expect((await page.evaluate(() => (window as any).__events)).filter((e: any) => e.type === "yk-push-url")).toEqual([
        { type: "yk-push-url", detail: { url: "https://help.example.gov.cn/faq", title: "帮助中心", conversationId: conv } },
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await server.stop();
    }
  }, 60_000);

  it("manager: an agent keeps personal replies (field errors shown), folders and a common file", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    const base = server.base;
    const context = await browser.newContext();
    try {
      await t.createAgent("carol");
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(String(e)));
      page.on("dialog", (d) => void (d.type() === "prompt" ? d.accept("常用") : d.accept()));
      await page.goto(base + "/login");
      await page.fill('input[name="username"]', "carol");
      await page.fill('input[name="password"]', STRONG_PASSWORD);
      await Promise.all([page.waitForURL(/\/console$/), page.click('button[type="submit"]')]);
      await page.locator('button.section-tab[data-section="canned"]').click();
      const m = page.locator("yk-canned-manager");
      await m.locator("h2").waitFor();
      // An agent keeps only personal items: no company or group tab.
      expect(await m.locator("nav button").allTextContents()).toEqual(["个人"]);

      await m.locator("button", { hasText: "新建文件夹" }).click();
      await m.locator("section h3", { hasText: "常用" }).waitFor();
      await m.locator("button", { hasText: "新建常用语" }).click();
      await m.locator('input[name="title"]').fill("结束语");
      await m.locator('input[name="shortcut"]').fill("bye");
      await m.locator('textarea[name="text"]').fill("感谢您的咨询，再见！");
      await m.locator("form select").selectOption({ label: "常用" });
      await m.locator('button[type="submit"]').click();
      await m.locator(".err", { hasText: "/hi" }).waitFor();
      expect(await m.locator('input[name="shortcut"]').getAttribute("aria-invalid")).toBe("true");
      await m.locator('input[name="shortcut"]').fill("/bye");
      await m.locator('button[type="submit"]').click();
      await m.locator("section", { hasText: "常用" }).locator("li", { hasText: "结束语" }).waitFor();

      await m.locator("button", { hasText: "上传常用文件" }).click();
      await m.locator('input[type="file"]').setInputFiles({ name: "说明.txt", mimeType: "text/plain", buffer: Buffer.from("办理须知：请携带身份证。") });
      await m.locator('input[name="title"]').fill("办理须知");
      await m.locator('button[type="submit"]').click();
      await m.locator("li", { hasText: "办理须知" }).waitFor();

      const rows = t.db.query("SELECT kind, scope, title, shortcut, file_name, folder_id IS NOT NULL AS in_folder FROM canned_items ORDER BY id").all();
      expect(rows).toEqual([
        { kind: "reply", scope: "personal", title: "结束语", shortcut: "/bye", file_name: null, in_folder: 1 },
        { kind: "file", scope: "personal", title: "办理须知", shortcut: null, file_name: "说明.txt", in_folder: 0 },
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await server.stop();
    }
  }, 60_000);
});
