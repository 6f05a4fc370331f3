import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { socketBrowser } from "./harness.ts";
import { browserSuite, until, visitorPage, W, widgetWorld, type WidgetWorld } from "./host-page.ts";

/**
 * The console's outreach elements in real Chromium, on the console's own origin and CSP, against
 * a real Yingke and a visitor's page on another origin: invite (declined, shown to the agent),
 * proactive chat (yk-open-conversation), push URL with validation, survey and info form answers.
 */
const suite = browserSuite();

async function bundle() {
  const r = await Bun.build({ entrypoints: [join(import.meta.dir, "console-outreach-entry.ts")], target: "browser", format: "esm" });
  if (!r.success) throw new AggregateError(r.logs, "console test bundle failed");
  return await r.outputs[0].text();
}

/** Alice's console page with the outreach elements loaded (served same-origin, under the CSP). */
async function consolePage(world: WidgetWorld) {
  const b = socketBrowser(world.base);
  await b.signIn("alice");
  const context = await suite.browser.newContext({ locale: "zh-CN" });
  suite.cleanups.push(() => context.close());
  await context.addCookies([...b.cookies].map(([name, value]) => ({ name, value, url: world.base })));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const code = await bundle();
  await page.route(`${world.base}/console/outreach-test.js`, (route) => route.fulfill({ body: code, contentType: "text/javascript" }));
  await page.goto(`${world.base}/console`);
  await page.addScriptTag({ url: `${world.base}/console/outreach-test.js`, type: "module" });
  await page.waitForFunction(() => (window as any).__ykReady);
  await page.evaluate(() => (window as any).__ykReady);
  return { page, errors };
}

const text = (page: Page, sel: string) => page.locator(sel).textContent();

describe("console outreach elements", () => {
  it("invite, proactive chat, push URL, survey and info form from the console", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const agentSide = await consolePage(world);
    const c = agentSide.page;
    const visitor = await visitorPage(suite.browser);
    suite.cleanups.push(() => visitor.context.close());
    const v = visitor.page;
    await v.goto(world.host.url("/"));
    await v.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    const visitorId = await until(() => (world.t.db.query("SELECT id FROM visitors").get() as { id: number } | null)?.id ?? 0, (id) => id > 0, "the visitor stored");
    await until(() => world.t.services.visitors.presenceOf(visitorId), (p) => !!p, "the visitor online");

    await c.evaluate((id) => {
      const el = document.createElement("yk-visitor-actions") as any;
      el.visitorId = id;
      el.siteId = 1;
      (window as any).__opened = [];
      document.addEventListener("yk-open-conversation", (e) => (window as any).__opened.push((e as CustomEvent).detail.conversationId));
      document.body.append(el);
    }, visitorId);

    // Invite with a text; the visitor declines; the agent sees the outcome.
    await c.getByLabel("邀请语（选填）").fill("需要帮忙吗？");
    await c.getByRole("button", { name: "邀请对话" }).click();
    await c.locator("yk-visitor-actions p[role=status]", { hasText: "邀请已发出" }).waitFor();
    await v.locator("yingke-widget .inv p", { hasText: "需要帮忙吗？" }).waitFor();
    await v.locator("yingke-widget .inv button", { hasText: EN.inviteDecline }).click();
    await c.locator("yk-visitor-actions p[role=status]", { hasText: "访客谢绝了邀请" }).waitFor();

    // Proactive chat; the console is told to open it. Having just declined, the visitor is not
    // interrupted: the entry button shows the new message, and a click opens the chat.
    await c.getByLabel("第一句话").fill("您好，我是客服小李");
    await c.getByRole("button", { name: "主动发起对话" }).click();
    await v.locator(`${W.entry} .b`, { hasText: "1" }).waitFor();
    await v.locator(W.entry).click();
    await v.locator(W.agentMessages, { hasText: "您好，我是客服小李" }).waitFor();
    const opened = await until(() => c.evaluate(() => (window as any).__opened as number[]), (o) => o.length === 1, "yk-open-conversation");
    const conversationId = opened[0];
    expect(world.t.services.chat.get(conversationId)).toMatchObject({ status: "active", visitor_id: visitorId });

    // Push: a bad URL is refused in the console, a good one reaches the visitor.
    await c.evaluate((id) => {
      const el = document.createElement("yk-chat-push") as any;
      el.conversationId = id;
      document.body.append(el);
    }, conversationId);
    const url = c.locator("yk-chat-push input[name=url]");
    await url.fill("javascript:alert(1)");
    await c.getByRole("button", { name: "推送网址" }).click();
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await text(c, "yk-chat-push p[role=alert]")).toContain("http://");
    await url.fill(world.host.url("/pricing"));
    await c.getByRole("button", { name: "推送网址" }).click();
    await c.locator("yk-chat-push p[role=status]", { hasText: "网址已推送" }).waitFor();
    await v.locator(`${W.banner} .url`, { hasText: "/pricing" }).waitFor();
    await v.locator(`${W.banner} button`, { hasText: EN.cancel }).click();

    // Survey: the visitor rates; the agent sees the level and comment.
    await c.getByRole("button", { name: "推送满意度调查" }).click();
    await v.locator("yingke-widget .lvo label").filter({ hasText: new RegExp(`^${EN.level5}$`) }).click();
    await v.locator('yingke-widget textarea[name="comment"]').fill("Very helpful");
    await v.locator("yingke-widget button", { hasText: EN.surveySubmit }).click();
    const rating = c.locator("yk-chat-push [data-answer=rating]");
    await rating.waitFor();
    expect(await rating.textContent()).toContain("非常满意");
    expect(await rating.textContent()).toContain("Very helpful");

    // Info form: the visitor fills it in; the agent sees the details.
    await c.getByRole("button", { name: "推送信息表单" }).click();
    await v.locator('yingke-widget form.fm input[name="name"]').fill("Wang Wu");
    await v.locator('yingke-widget form.fm input[name="phone"]').fill("+86 138 0000 0000");
    await v.locator("yingke-widget form.fm button[type=submit]").click();
    const info = c.locator("yk-chat-push [data-answer=info]");
    await info.waitFor();
    expect(await info.textContent()).toContain("Wang Wu");
    expect(await info.textContent()).toContain("+86 138 0000 0000");
    expect(agentSide.errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
  }, 90_000);
});
