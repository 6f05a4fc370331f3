import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { entry as EN_ENTRY, panel as EN } from "../widget/src/i18n/en.ts";
import { browserSuite, sendFromWidget, until, visitorPage, W, widgetWorld, type WidgetWorld } from "./host-page.ts";
import { saveSection, siteImage } from "./site-look.ts";

/**
 * Entry styles (V2) in real Chromium on a customer's page of another origin: the floating
 * button at each corner with its margins, the fixed image and the text link drawn right after
 * the snippet (the image per online/offline state), the list of groups with live status that
 * opens the chat with the visitor's pick, hidden (an invitation still opens the chat), and a
 * phone, where the chat is a full-screen page whatever the style. Settings are saved while
 * the page is open: every change arrives as a `config` frame, without a reload.
 */
const suite = browserSuite();
const actor = { id: null, name: "test" };
const INLINE = "yingke-entry";

async function open(world: WidgetWorld, o: { viewport?: { width: number; height: number } } = {}) {
  const { page, context, errors } = o.viewport
    ? await (async () => {
        const context = await suite.browser.newContext({ locale: "en-US", viewport: o.viewport });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        return { page, context, errors };
      })()
    : await visitorPage(suite.browser);
  suite.cleanups.push(() => context.close());
  await page.goto(world.host.url("/"));
  // A marker that a reload would lose: every later check proves the change came live.
  await page.evaluate(() => ((window as unknown as { noReload: number }).noReload = 1));
  return { page, errors };
}
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { noReload?: number }).noReload === 1);
const box = async (page: Page, selector: string) => (await page.locator(selector).boundingBox())!;
const near = (a: number, b: number) => Math.abs(a - b) <= 1;

/** The element right after the snippet's script in the host page. */
const afterSnippet = (page: Page) => page.evaluate(() => document.querySelector('script[src*="/widget.js"]')?.nextElementSibling?.tagName.toLowerCase() ?? null);

describe("entry styles", () => {
  it("floating: each corner with its margins, moved live; the panel opens on the button's side", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const { page, errors } = await open(world);
    await page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    const { width: vw, height: vh } = page.viewportSize()!;
    // The built-in place: bottom right, 20 px.
    let b = await box(page, W.entry);
    expect(near(b.x + b.width, vw - 20) && near(b.y + b.height, vh - 20)).toBe(true);

    const cases = [
      { corner: "bottom-right", mx: 30, my: 50, ok: (r: typeof b) => near(r.x + r.width, vw - 30) && near(r.y + r.height, vh - 50) },
      { corner: "bottom-left", mx: 0, my: 200, ok: (r: typeof b) => near(r.x, 0) && near(r.y + r.height, vh - 200) },
      { corner: "top-right", mx: 200, my: 0, ok: (r: typeof b) => near(r.x + r.width, vw - 200) && near(r.y, 0) },
      { corner: "top-left", mx: 40, my: 60, ok: (r: typeof b) => near(r.x, 40) && near(r.y, 60) },
    ];
    for (const c of cases) {
      saveSection(world.t, world.site.id, "entry", { style: "floating", corner: c.corner, margin_x: String(c.mx), margin_y: String(c.my) });
      b = await until(() => box(page, W.entry), c.ok, `the button at ${c.corner} ${c.mx}/${c.my}`);
    }
    // Top left: the panel opens below the button, on the left.
    await page.locator(W.entry).click();
    await page.locator(W.panel).waitFor();
    const p = await box(page, W.panel);
    expect(near(p.x, 40)).toBe(true);
    expect(p.y).toBeGreaterThan(b.y + b.height);
    expect(await page.locator(`${INLINE}`).count()).toBe(0);
    expect(await notReloaded(page)).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it("fixed image: drawn right after the snippet, the offline image then the online one as an agent signs in", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const online = await siteImage(world.t, world.site.id, 120, 40, [23, 163, 74]);
    const offline = await siteImage(world.t, world.site.id, 100, 30, [138, 144, 153]);
    saveSection(world.t, world.site.id, "entry", { style: "image", online_image: online, offline_image: offline });
    const { page, errors } = await open(world);

    const img = page.locator(`${INLINE} button.i img`);
    await img.waitFor({ timeout: 15_000 });
    expect(await afterSnippet(page)).toBe(INLINE);
    expect(await page.locator(W.entry).isVisible()).toBe(false); // no floating button
    // Loaded from our server (its real size is known only once decoded): the offline image.
    await until(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), (w) => w === 100, "the offline image drawn");
    expect(await img.getAttribute("src")).toBe(`${world.base}/widget/assets/${offline}`);
    expect(await page.locator(`${INLINE} button.i`).getAttribute("aria-label")).toBe(EN_ENTRY.offline);

    await world.agent();
    await until(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), (w) => w === 120, "the online image drawn");
    expect(await img.getAttribute("src")).toBe(`${world.base}/widget/assets/${online}`);
    expect(await page.locator(`${INLINE} button.i`).getAttribute("aria-label")).toBe(EN_ENTRY.online);

    // A click opens the chat; Escape closes it and focus returns to the image.
    await page.locator(`${INLINE} button.i`).click();
    await page.locator(W.input).waitFor({ state: "visible" });
    expect(await page.locator(`${INLINE} button.i`).getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Escape");
    await page.locator(W.panel).waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe(INLINE);

    // Without images the fixed style draws a built-in badge in the same place.
    saveSection(world.t, world.site.id, "entry", { style: "image", online_image_clear: "1", offline_image_clear: "1" });
    await page.locator(`${INLINE} button.k.on`, { hasText: EN_ENTRY.online }).waitFor();
    expect(await afterSnippet(page)).toBe(INLINE);
    expect(await notReloaded(page)).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it("floating with images: the image per state is the button", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const online = await siteImage(world.t, world.site.id, 64, 64, [23, 163, 74]);
    const offline = await siteImage(world.t, world.site.id, 48, 48, [138, 144, 153]);
    saveSection(world.t, world.site.id, "entry", { style: "floating", online_image: online, offline_image: offline });
    const { page } = await open(world);
    const img = page.locator(`${W.entry} img`);
    await img.waitFor({ timeout: 15_000 });
    await until(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), (w) => w === 48, "offline image");
    await world.agent();
    await until(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth), (w) => w === 64, "online image");
    expect(await page.locator(W.entry).getAttribute("aria-label")).toBe(EN_ENTRY.online);
  }, 90_000);

  it("text link: the site's text per language after the snippet, built-in when empty; opens the chat", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    saveSection(world.t, world.site.id, "entry", { style: "text", link_text_en: "Talk to a <b>person</b>", link_text_zhCN: "人工服务" });
    const { page, errors } = await open(world);
    const link = page.locator(`${INLINE} button.t`);
    await link.waitFor({ timeout: 15_000 });
    expect(await link.textContent()).toBe("Talk to a <b>person</b>"); // text, never markup
    expect(await page.locator(`${INLINE} b`).count()).toBe(0);
    expect(await afterSnippet(page)).toBe(INLINE);
    expect(await page.locator(W.entry).isVisible()).toBe(false);

    await link.click();
    await page.locator(W.leaveForm).waitFor(); // nobody online
    await page.keyboard.press("Escape");

    // Cleared: the built-in words, following the online state.
    saveSection(world.t, world.site.id, "entry", { link_text_en: "" });
    await page.locator(`${INLINE} button.t`, { hasText: EN_ENTRY.offline }).waitFor();
    await world.agent();
    await page.locator(`${INLINE} button.t`, { hasText: EN_ENTRY.online }).waitFor();
    expect(await notReloaded(page)).toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it("group list in the page: live status; a click opens the chat with that group picked", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const s = world.t.services;
    const alice = s.agents.byUsername("alice")!;
    s.groups.create(actor, { name: "售后 <i>Support</i>", position: 0, member_ids: [] });
    const sales = s.groups.create(actor, { name: "售前 Sales", position: 1, member_ids: [String(alice.id)] });
    const site = s.sites.get(world.site.id)!;
    s.sites.update(site.id, { name: site.name, allowed_origins: site.allowed_origins, default_language: site.default_language, entry_choice: "groups" }, actor);
    saveSection(world.t, world.site.id, "entry", { style: "list" });
    const { page, errors } = await open(world);

    const options = page.locator(`${INLINE} button.o`);
    await options.first().waitFor({ timeout: 15_000 });
    expect(await afterSnippet(page)).toBe(INLINE);
    expect(await options.allTextContents()).toEqual([`售后 <i>Support</i>${EN_ENTRY.away}`, `售前 Sales${EN_ENTRY.away}`]);
    expect(await page.locator(W.entry).isVisible()).toBe(false);

    // Alice signs in: Sales turns online in the page, live.
    const agent = await world.agent();
    await page.locator(`${INLINE} button.o.on`, { hasText: "Sales" }).waitFor({ timeout: 15_000 });
    expect(await options.nth(0).getAttribute("class")).toBe("o");

    // Picking Sales opens the chat on the composer with Sales chosen; the first message goes to Sales.
    await page.locator(`${INLINE} button.o`, { hasText: "Sales" }).click();
    await page.locator(W.input).waitFor({ state: "visible" });
    expect(await page.locator("yingke-widget .cb").textContent()).toContain("售前 Sales");
    await sendFromWidget(page, "Do you ship abroad?");
    const first = await agent.message((f) => f.body === "Do you ship abroad?", "the visitor's message");
    const row = world.t.db.query("SELECT group_id FROM conversations WHERE id = ?").get(first.conversationId) as { group_id: number };
    expect(row.group_id).toBe(sales.id);
    expect(errors).toEqual([]);
  }, 90_000);

  it("hidden: no entry at all, yet an agent's invitation opens the chat", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    saveSection(world.t, world.site.id, "entry", { style: "hidden" });
    const agent = await world.agent();
    const { page, errors } = await open(world);
    const row = await agent.ws.next((f) => f.type === "visitor" && f.visitor?.currentUrl?.startsWith(world.host.origin), "visitor row", 30_000);
    // Connected (the agent sees the visitor), and the online state has been drawn: still nothing.
    await page.waitForFunction(() => !!document.querySelector("yingke-widget")?.shadowRoot?.querySelector("button.e.on"));
    expect(await page.locator(W.entry).isVisible()).toBe(false);
    expect(await page.locator(INLINE).count()).toBe(0);

    const r = await agent.api("POST", `/api/visitors/${row.visitor.id}/invitations`, { text: "May I help?" });
    expect(r.status).toBe(200);
    const invite = page.locator("yingke-widget .inv");
    await invite.waitFor();
    await invite.locator("button", { hasText: EN.inviteAccept }).click();
    await page.locator(W.input).waitFor({ state: "visible" });
    expect(await page.locator(W.entry).isVisible()).toBe(false);
    expect(errors).toEqual([]);
  }, 90_000);

  it("on a phone the chat is a full-screen page, from the floating button and from an in-page entry", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    saveSection(world.t, world.site.id, "entry", { style: "floating", corner: "top-left", margin_x: "40", margin_y: "80" });
    const viewport = { width: 390, height: 700 };
    const { page, errors } = await open(world, { viewport });
    await page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    await page.locator(W.entry).click();
    await page.locator(W.leaveForm).waitFor();
    const full = (r: { x: number; y: number; width: number; height: number }) => near(r.x, 0) && near(r.y, 0) && near(r.width, viewport.width) && near(r.height, viewport.height);
    // (Polled: the panel slides in over a few frames.)
    await until(() => box(page, W.panel), full, "the panel covering the screen");
    expect(await page.locator(W.entry).isVisible()).toBe(false); // the page is the chat now
    await page.keyboard.press("Escape");

    for (const style of ["text", "image"]) {
      saveSection(world.t, world.site.id, "entry", { style });
      const entry = page.locator(`${INLINE} button`).first();
      await entry.waitFor();
      await entry.click();
      await page.locator(W.panel).waitFor();
      await until(() => box(page, W.panel), full, `the panel covering the screen (${style})`);
      await page.keyboard.press("Escape");
      await page.locator(W.panel).waitFor({ state: "hidden" });
    }
    expect(errors).toEqual([]);
  }, 90_000);
});
