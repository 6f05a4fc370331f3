import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { cid } from "./frames.ts";
import { browserSuite, sendFromWidget, until, visitorPage, W, widgetWorld } from "./host-page.ts";
import { saveSection, siteImage } from "./site-look.ts";

/**
 * Branding and texts (V16, V18 texts) in real Chromium: the panel shows the site's logo, title,
 * company, banner, warning line, colours and agent avatar, and its welcome, offline and ending
 * texts in the visitor's language (as text, never markup); a change saved while the panel is
 * open shows at once, without a reload.
 */
const suite = browserSuite();

/** A computed style inside the widget's shadow root. */
const styleOf = (page: Page, selector: string, prop: string) =>
  page.evaluate(([sel, p]) => {
    const el = document.querySelector("yingke-widget")!.shadowRoot!.querySelector(sel);
    return el ? getComputedStyle(el).getPropertyValue(p) : null;
  }, [selector, prop] as const);

describe("branding and texts", () => {
  it("shows the site's look and texts in the panel, and a saved change live", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const t = world.t;
    const id = world.site.id;
    const logo = await siteImage(t, id, 36, 36, [255, 255, 255]);
    const banner = await siteImage(t, id, 376, 80, [11, 95, 255]);
    const avatar = await siteImage(t, id, 28, 28, [200, 40, 40]);
    saveSection(t, id, "branding", {
      logo, banner, avatar, title_en: "Example Bank help desk", title_zhCN: "某某银行客服", company: "Example Bank <b>Ltd</b>",
      color_primary: "#0b5fff", color_header_text: "#ffffff", color_visitor_bubble: "#e8f0ff", color_visitor_text: "#0a2a66", color_agent_bubble: "#f4f4f4", color_agent_text: "#222222",
    });
    saveSection(t, id, "texts", {
      welcome_en: "Welcome to <i>Example Bank</i>.\nHow can we help?", warning_en: "Never tell anyone your password.", offline_en: "We are closed. Leave a note.",
      ending_en: "Thank you for banking with us.", "welcome_zhCN": "欢迎",
    });

    const { page, context, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());
    await page.goto(world.host.url("/"));
    await page.evaluate(() => ((window as unknown as { noReload: number }).noReload = 1));
    await page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    expect(await page.locator(W.entry).evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(11, 95, 255)");
    await page.locator(W.entry).click();

    // Nobody online: the leave form with the site's offline text.
    await page.locator(W.leaveForm).waitFor();
    expect(await page.locator(`${W.leaveForm} .intro`).textContent()).toBe("We are closed. Leave a note.");
    // The header: logo (from our server), title and company as text; the banner and the warning.
    expect(await page.locator("yingke-widget #yk-title").textContent()).toBe("Example Bank help desk");
    expect(await page.locator("yingke-widget .hd .co").textContent()).toBe("Example Bank <b>Ltd</b>");
    expect(await page.locator("yingke-widget .hd b").count()).toBe(0);
    const logoImg = page.locator("yingke-widget .hd img.lg");
    expect(await logoImg.getAttribute("src")).toBe(`${world.base}/widget/assets/${logo}`);
    await until(() => logoImg.evaluate((i: HTMLImageElement) => i.naturalWidth), (w) => w === 36, "the logo drawn");
    const bannerImg = page.locator("yingke-widget img.bnr");
    await until(() => bannerImg.evaluate((i: HTMLImageElement) => i.naturalWidth), (w) => w === 376, "the banner drawn");
    expect(await bannerImg.isVisible()).toBe(true);
    expect(await page.locator("yingke-widget .wn").textContent()).toBe("Never tell anyone your password.");
    expect(await styleOf(page, ".hd", "background-color")).toBe("rgb(11, 95, 255)");
    expect(await styleOf(page, ".hd", "color")).toBe("rgb(255, 255, 255)");

    // An agent signs in: the chat, with the site's welcome as the first line (text, line break kept).
    const agent = await world.agent();
    await page.locator(W.input).waitFor({ state: "visible", timeout: 15_000 });
    const welcome = page.locator("yingke-widget .sc > .m.agent .bb");
    expect(await welcome.textContent()).toBe("Welcome to <i>Example Bank</i>.\nHow can we help?");
    expect(await page.locator("yingke-widget .sc > .m.agent i").count()).toBe(0);
    expect(await page.locator("yingke-widget .sc > .m.agent img.avt").getAttribute("src")).toBe(`${world.base}/widget/assets/${avatar}`);

    // A chat: the visitor's bubble and the agent's in the site's colours, the avatar beside the agent.
    await sendFromWidget(page, "Is my card blocked?");
    const first = await agent.message((f) => f.body === "Is my card blocked?", "the visitor's message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/messages`, { cid: cid(), body: "Let me check." })).status).toBe(200);
    const reply = page.locator(W.agentMessages, { hasText: "Let me check." });
    await reply.waitFor();
    expect(await reply.locator("img.avt").getAttribute("src")).toBe(`${world.base}/widget/assets/${avatar}`);
    expect(await reply.locator(".bb").evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color])).toEqual(["rgb(244, 244, 244)", "rgb(34, 34, 34)"]);
    const mine = page.locator(W.visitorMessages, { hasText: "Is my card blocked?" }).locator(".bb");
    expect(await mine.evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color])).toEqual(["rgb(232, 240, 255)", "rgb(10, 42, 102)"]);

    // Saved while the panel is open: colours, title and warning change in place.
    saveSection(t, id, "branding", { color_primary: "#8a1c12", title_en: "Help desk", company: "" });
    saveSection(t, id, "texts", { warning_en: "We will never ask for your PIN." });
    await until(() => styleOf(page, ".hd", "background-color"), (c) => c === "rgb(138, 28, 18)", "the new header colour");
    await page.locator("yingke-widget #yk-title", { hasText: "Help desk" }).waitFor();
    expect(await page.locator("yingke-widget #yk-title").textContent()).toBe("Help desk");
    expect(await page.locator("yingke-widget .hd .co").isVisible()).toBe(false);
    await page.locator("yingke-widget .wn", { hasText: "PIN" }).waitFor();
    // Removing the avatar takes it off the messages too.
    saveSection(t, id, "branding", { avatar_clear: "1" });
    await until(() => page.locator("yingke-widget img.avt").count(), (n) => n === 0, "the avatar gone");

    // The agent ends the chat: the site's ending text under "ended".
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/end`)).status).toBe(200);
    await page.locator(`${W.centred} h3`, { hasText: EN.ended }).waitFor();
    expect(await page.locator(`${W.centred} p.et`).textContent()).toBe("Thank you for banking with us.");
    expect(await page.evaluate(() => (window as unknown as { noReload?: number }).noReload)).toBe(1);
    expect(errors).toEqual([]);
  }, 90_000);

  it("an empty text is the built-in one, in the visitor's language", async () => {
    const world = await widgetWorld({ language: "zh-CN" });
    suite.cleanups.push(() => world.stop());
    saveSection(world.t, world.site.id, "texts", { welcome_en: "Hello from the site", "offline_zhCN": "下班了，请留言" });
    saveSection(world.t, world.site.id, "branding", { title_en: "Site title" });
    const { page, context } = await visitorPage(suite.browser, { locale: "zh-CN" });
    suite.cleanups.push(() => context.close());
    const { panel: ZH } = await import("../widget/src/i18n/zh-CN.ts");
    await page.goto(world.host.url("/"));
    await page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    await page.locator(W.entry).click();
    await page.locator(W.leaveForm).waitFor();
    expect(await page.locator(`${W.leaveForm} .intro`).textContent()).toBe("下班了，请留言");
    expect(await page.locator("yingke-widget #yk-title").textContent()).toBe(ZH.title); // only English was set
    expect(await page.locator("yingke-widget .wn").isVisible()).toBe(false);
    await world.agent();
    await page.locator(W.input).waitFor({ state: "visible", timeout: 15_000 });
    expect(await page.locator("yingke-widget .sc > .m.agent .bb").textContent()).toBe(ZH.welcome);
  }, 90_000);
});
