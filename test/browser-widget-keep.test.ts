import { describe, expect, it } from "bun:test";
import { entry as JA_ENTRY, panel as JA } from "../widget/src/i18n/ja.ts";
import { entry as TW_ENTRY, panel as TW } from "../widget/src/i18n/zh-TW.ts";
import { cid } from "./frames.ts";
import { browserSuite, onlineVisitor, openChat, panelMessages, sendFromWidget, visitorPage, W, widgetWorld } from "./host-page.ts";

/** Chat keep across a reload and a second tab (V20), and the interface language from the browser (V15). */
const suite = browserSuite();

describe("chat keep", () => {
  it("a reload and a second tab on the same site continue the same conversation with its history", async () => {
    const { world, agent, page, context, errors } = await onlineVisitor(suite);
    await openChat(page);
    await sendFromWidget(page, "I need help with my order");
    const m = await agent.message((f) => f.body === "I need help with my order", "first message");
    await agent.api("POST", `/api/conversations/${m.conversationId}/accept`);
    await agent.api("POST", `/api/conversations/${m.conversationId}/messages`, { cid: cid(), body: "Which order number?" });
    await page.locator(W.agentMessages, { hasText: "Which order number?" }).waitFor();
    const history = (await panelMessages(page)).map((x) => x.text);
    expect(history).toContain("I need help with my order");

    // Reload: the panel was open in this tab, so it comes back open with the whole history.
    await page.reload();
    await page.locator(W.panel).waitFor({ state: "visible", timeout: 15_000 });
    await page.locator(W.agentMessages, { hasText: "Which order number?" }).waitFor();
    expect((await panelMessages(page)).map((x) => x.text)).toEqual(history);
    await sendFromWidget(page, "Order 1234");
    const after = await agent.message((f) => f.body === "Order 1234", "message after the reload");
    expect(after.conversationId).toBe(m.conversationId);

    // Another page of the site in a second tab: the same conversation when the visitor opens it.
    const tab2 = await context.newPage();
    tab2.on("pageerror", (e) => errors.push(String(e)));
    await tab2.goto(world.host.url("/other"));
    await tab2.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    await openChat(tab2);
    await tab2.locator(W.visitorMessages, { hasText: "Order 1234" }).waitFor();
    expect((await panelMessages(tab2)).map((x) => x.text)).toEqual([...history, "Order 1234"]);
    await sendFromWidget(tab2, "Written in the second tab");
    const fromTab2 = await agent.message((f) => f.body === "Written in the second tab", "message from the second tab");
    expect(fromTab2.conversationId).toBe(m.conversationId);
    // Both tabs show it, once.
    for (const p of [page, tab2]) {
      await p.locator(W.visitorMessages, { hasText: "Written in the second tab" }).waitFor();
      expect((await panelMessages(p)).filter((x) => x.text === "Written in the second tab")).toHaveLength(1);
    }
    expect(world.t.db.query("SELECT count(*) AS n FROM conversations").get()).toEqual({ n: 1 });
    expect(world.t.db.query("SELECT count(*) AS n FROM visitors").get()).toEqual({ n: 1 });
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("interface language", () => {
  const cases = [
    { locale: "ja-JP", lang: "ja", entry: JA_ENTRY, panel: JA, known: { online: "チャットで問い合わせ", placeholder: "メッセージを入力…" } },
    { locale: "zh-TW", lang: "zh-TW", entry: TW_ENTRY, panel: TW, known: { online: "線上諮詢", placeholder: "請輸入訊息…" } },
  ];
  for (const { locale, lang, entry, panel, known } of cases) {
    it(`speaks ${locale} to a browser set to ${locale}, on an English site`, async () => {
      const world = await widgetWorld({ language: "en" });
      suite.cleanups.push(() => world.stop());
      const { page, context } = await visitorPage(suite.browser, { locale });
      suite.cleanups.push(() => context.close());
      await page.goto(world.host.url("/"));
      // Offline first, then online: both entry labels in the browser's language.
      await page.locator(W.entryOffline).waitFor({ state: "visible", timeout: 15_000 });
      expect(await page.locator(W.entry).getAttribute("aria-label")).toBe(entry.offline);
      await world.agent();
      await page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
      expect(await page.locator(W.entry).getAttribute("aria-label")).toBe(known.online);
      await openChat(page);
      expect(await page.locator(W.panel).getAttribute("lang")).toBe(lang);
      expect(await page.locator(`${W.panel} h2`).textContent()).toBe(panel.title);
      expect(await page.locator(W.input).getAttribute("placeholder")).toBe(known.placeholder);
      expect(await page.locator(`${W.panel} .sc`).textContent()).toContain(panel.welcome);
      expect(await page.locator(W.entry).getAttribute("aria-label")).toBe(entry.close);
    }, 60_000);
  }
});
