import { describe, expect, it } from "bun:test";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { C, consolePage } from "./console-page.ts";
import { browserSuite, until, visitorPage, W, widgetWorld } from "./host-page.ts";

/**
 * Reaching out from the real console in real Chromium, against a real Yingke and a visitor's
 * page on another origin: from the visitor list's drawer, invite (declined, shown to the agent)
 * and a proactive chat that opens in the workspace; from the open chat's toolbar, push a URL
 * (with validation), the survey and the info form, and see the visitor's answers.
 */
const suite = browserSuite();

describe("console outreach", () => {
  it("invite, proactive chat, push URL, survey and info form from the console", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const agentSide = await consolePage(suite.browser, world.base, "alice", {
      // The shell's own listener is on <yk-console>; this one only records what was asked for.
      init: () => {
        const w = window as any;
        w.__opened = [];
        document.addEventListener("yk-open-conversation", (e) => w.__opened.push((e as CustomEvent).detail.conversationId));
      },
    });
    suite.cleanups.push(() => agentSide.context.close());
    const c = agentSide.page;
    const visitor = await visitorPage(suite.browser);
    suite.cleanups.push(() => visitor.context.close());
    const v = visitor.page;
    await v.goto(world.host.url("/"));
    await v.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    const visitorId = await until(() => (world.t.db.query("SELECT id FROM visitors").get() as { id: number } | null)?.id ?? 0, (id) => id > 0, "the visitor stored");
    await until(() => world.t.services.visitors.presenceOf(visitorId), (p) => !!p, "the visitor online");

    // The visitor list: a click on the visitor's row opens the drawer with the outreach actions.
    await c.locator('.section-tab[data-section="visitors"]').click();
    await c.locator(`yk-visitor-list [role=row][data-id="${visitorId}"]`).click();
    const actions = c.locator(".visitor-drawer yk-visitor-actions");
    await actions.waitFor();

    // Invite with a text; the visitor declines; the agent sees the outcome.
    await actions.getByLabel("邀请语（选填）").fill("需要帮忙吗？");
    await actions.getByRole("button", { name: "邀请对话" }).click();
    await actions.locator("p[role=status]", { hasText: "邀请已发出" }).waitFor();
    await v.locator("yingke-widget .inv p", { hasText: "需要帮忙吗？" }).waitFor();
    await v.locator("yingke-widget .inv button", { hasText: EN.inviteDecline }).click();
    await actions.locator("p[role=status]", { hasText: "访客谢绝了邀请" }).waitFor();

    // Proactive chat; the console opens it in the workspace. Having just declined, the visitor is
    // not interrupted: the entry button shows the new message, and a click opens the chat.
    await actions.getByLabel("第一句话").fill("您好，我是客服小李");
    await actions.getByRole("button", { name: "主动发起对话" }).click();
    await v.locator(`${W.entry} .b`, { hasText: "1" }).waitFor();
    await v.locator(W.entry).click();
    await v.locator(W.agentMessages, { hasText: "您好，我是客服小李" }).waitFor();
    const opened = await until(() => c.evaluate(() => (window as any).__opened as number[]), (o) => o.length === 1, "yk-open-conversation");
    const conversationId = opened[0];
    expect(world.t.services.chat.get(conversationId)).toMatchObject({ status: "active", visitor_id: visitorId });
    await c.locator('.section-tab[data-section="workspace"][aria-selected="true"]').waitFor();
    await c.locator(C.agentMsgs, { hasText: "您好，我是客服小李" }).waitFor();
    expect(await c.locator(C.tabs).count()).toBe(1);
    // The drawer closed: it would cover the chat's toolbar.
    expect(await c.locator(".visitor-drawer").count()).toBe(0);

    // Push from the open chat's toolbar: a bad URL is refused in the console, a good one reaches
    // the visitor.
    const push = c.locator("yk-chat-view .toolbar yk-chat-push");
    expect(await push.evaluate((el: any) => el.conversationId)).toBe(conversationId);
    const url = push.locator("input[name=url]");
    await url.fill("javascript:alert(1)");
    await push.getByRole("button", { name: "推送网址" }).click();
    expect(await url.getAttribute("aria-invalid")).toBe("true");
    expect(await push.locator("p[role=alert]").textContent()).toContain("http://");
    await url.fill(world.host.url("/pricing"));
    await push.getByRole("button", { name: "推送网址" }).click();
    await push.locator("p[role=status]", { hasText: "网址已推送" }).waitFor();
    await v.locator(`${W.banner} .url`, { hasText: "/pricing" }).waitFor();
    await v.locator(`${W.banner} button`, { hasText: EN.cancel }).click();

    // Survey: the visitor rates; the agent sees the level and comment.
    await push.getByRole("button", { name: "推送满意度调查" }).click();
    await v.locator("yingke-widget .lvo label").filter({ hasText: new RegExp(`^${EN.level5}$`) }).click();
    await v.locator('yingke-widget textarea[name="comment"]').fill("Very helpful");
    await v.locator("yingke-widget button", { hasText: EN.surveySubmit }).click();
    const rating = push.locator("[data-answer=rating]");
    await rating.waitFor();
    expect(await rating.textContent()).toContain("非常满意");
    expect(await rating.textContent()).toContain("Very helpful");

    // Info form: the visitor fills it in; the agent sees the details.
    await push.getByRole("button", { name: "推送信息表单" }).click();
    await v.locator('yingke-widget form.fm input[name="name"]').fill("Wang Wu");
    await v.locator('yingke-widget form.fm input[name="phone"]').fill("+86 138 0000 0000");
    await v.locator("yingke-widget form.fm button[type=submit]").click();
    const info = push.locator("[data-answer=info]");
    await info.waitFor();
    expect(await info.textContent()).toContain("Wang Wu");
    // alice holds no visitor.contact: the phone she sees is masked (X8).
    expect(await info.textContent()).toContain("+86 138****0000");
    expect(agentSide.problems).toEqual([]);
    expect(await agentSide.csp()).toEqual([]);
    expect(visitor.errors).toEqual([]);
  }, 90_000);
});
