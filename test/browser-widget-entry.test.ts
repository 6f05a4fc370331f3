import { describe, expect, it } from "bun:test";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { C, consolePage } from "./console-page.ts";
import { browserSuite, openChat, sendFromWidget, until, visitorPage, W, widgetWorld, type WidgetWorld } from "./host-page.ts";

/**
 * V24 in real Chromium: a site that lets the visitor choose a group shows the list with live
 * status before the first message; an offline group leads to the leave form, an online one to
 * the composer, and the stored chat carries the chosen group. A site bound to one agent shows
 * no list and stores the agent.
 */
const suite = browserSuite();
const actor = { id: null, name: "test" };

const OPTIONS = "yingke-widget ul.eo button";
const conversations = (world: WidgetWorld) => world.t.db.query("SELECT id, group_id, requested_agent_id FROM conversations ORDER BY id").all() as { id: number; group_id: number | null; requested_agent_id: number | null }[];

function siteUpdate(world: WidgetWorld, extra: Record<string, unknown>) {
  const s = world.t.services.sites.get(world.site.id)!;
  world.t.services.sites.update(s.id, { name: s.name, allowed_origins: s.allowed_origins, default_language: s.default_language, ...extra }, actor);
}

describe("the widget's group and agent choice", () => {
  it("lists the groups with live status; offline leads to the leave form, online to a chat stored in that group", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const s = world.t.services;
    const alice = s.agents.byUsername("alice")!;
    const support = s.groups.create(actor, { name: "售后 <i>Support</i>", position: 0, member_ids: [] });
    const sales = s.groups.create(actor, { name: "售前 Sales", position: 1, member_ids: [String(alice.id)] });
    siteUpdate(world, { entry_choice: "groups" });
    const { page, context, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());

    await page.goto(world.host.url("/"));
    await page.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    await page.locator(W.entry).click();
    const options = page.locator(OPTIONS);
    await options.first().waitFor();
    expect(await page.locator("yingke-widget .fm h3").textContent()).toBe(EN.chooseGroup);
    // Names are text (the markup in the name stays visible as characters), each with its status.
    expect(await options.allTextContents()).toEqual([`售后 <i>Support</i>${EN.optionOffline}`, `售前 Sales${EN.optionOffline}`]);
    expect(await page.locator("yingke-widget ul.eo i").count()).toBe(2); // only the two status dots
    // Opened by a click: focus is on the first option.
    expect(await page.evaluate(() => document.querySelector("yingke-widget")!.shadowRoot!.activeElement?.textContent)).toContain("Support");

    // Alice comes online: Sales turns online in place, without a reload.
    const agent = await world.agent();
    await page.locator(OPTIONS, { hasText: EN.optionOnline }).waitFor({ timeout: 15_000 });
    expect(await options.nth(1).textContent()).toBe(`售前 Sales${EN.optionOnline}`);

    // The offline group: the leave form, with a way back to the list.
    await page.keyboard.press("Enter");
    await page.locator(W.leaveForm).waitFor();
    expect(await page.locator("yingke-widget .cb", { hasText: "Support" }).textContent()).toContain(EN.changeChoice);
    await page.locator("yingke-widget .cb button", { hasText: EN.changeChoice }).click();
    await options.first().waitFor();

    // By keyboard: Tab to Sales, Enter; the composer opens with focus, and the first message opens the chat in Sales.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(W.input).waitFor({ state: "visible" });
    expect(await page.evaluate(() => document.querySelector("yingke-widget")!.shadowRoot!.activeElement?.tagName)).toBe("TEXTAREA");
    await sendFromWidget(page, "I'd like a quote");
    const first = await agent.message((f) => f.body === "I'd like a quote", "first message");
    expect(conversations(world)).toEqual([{ id: first.conversationId, group_id: sales.id, requested_agent_id: null }]);
    // Once the chat exists the list and the "change" bar are gone.
    await page.locator(`${W.visitorMessages}.sent`).waitFor();
    expect(await page.locator(OPTIONS).count()).toBe(0);
    expect(await page.locator("yingke-widget .cb button", { hasText: EN.changeChoice }).count()).toBe(0);
    expect(errors).toEqual([]);

    // The agent's console names the group in the waiting list (as text).
    const console = await consolePage(suite.browser, world.base, "alice");
    suite.cleanups.push(() => console.context.close());
    const group = console.page.locator(`${C.waiting} small.group`);
    await group.waitFor();
    expect(await group.textContent()).toBe("售前 Sales");
    expect(console.problems).toEqual([]);
    expect(support.id).not.toBe(sales.id);
  });

  it("a site bound to one agent shows no list and stores the requested agent", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const alice = world.t.services.agents.byUsername("alice")!;
    siteUpdate(world, { route_agent_id: alice.id });
    const agent = await world.agent();
    const { page, context, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());
    await page.goto(world.host.url("/"));
    await page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    await openChat(page);
    expect(await page.locator(OPTIONS).count()).toBe(0);
    await sendFromWidget(page, "Hello Alice");
    const m = await agent.message((f) => f.body === "Hello Alice", "message");
    const rows = await until(() => conversations(world), (r) => r.length === 1, "stored chat");
    expect(rows).toEqual([{ id: m.conversationId, group_id: null, requested_agent_id: alice.id }]);
    expect(errors).toEqual([]);
  });
});
