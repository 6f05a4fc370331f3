import { describe, expect, it } from "bun:test";
import { panel as EN } from "../widget/src/i18n/en.ts";
import { browserSuite, onlineVisitor, openChat, panelMessages, sendFromWidget, until, W } from "./host-page.ts";

/**
 * Anti-flood (V22) in real Chromium: the widget passes the site's message threshold, the server
 * asks for a proof of work, the widget shows "Verifying…", solves it with crypto.subtle, and
 * the refused message is delivered, once.
 */
const suite = browserSuite();

describe("anti-flood in the widget", () => {
  it("solves the challenge visibly and delivers the refused message once", async () => {
    const { world, agent, page, errors } = await onlineVisitor(suite);
    world.t.services.siteSettings.update(world.site.id, "flood", { enabled: "1", chats_per_minute: "5", messages_per_minute: "2", difficulty: "14", pass_minutes: "10" }, { id: null, name: "test" });
    await openChat(page);
    // Every text the status line shows, however briefly.
    await page.evaluate(() => {
      const bn = document.querySelector("yingke-widget")!.shadowRoot!.querySelector(".bn")!;
      const seen: string[] = ((window as any).__ykBanner = []);
      new MutationObserver(() => seen.push(bn.textContent ?? "")).observe(bn, { childList: true, characterData: true, subtree: true });
    });

    for (const text of ["First question", "Second question"]) {
      await sendFromWidget(page, text);
      await agent.message((f) => f.body === text, text);
    }
    // The third message in a minute passes the threshold of 2: the server refuses it with a challenge.
    await sendFromWidget(page, "Third question, after the challenge");
    const third = await agent.message((f) => f.body === "Third question, after the challenge", "the third message, after the proof of work");
    await page.locator(`${W.visitorMessages}.sent`, { hasText: "Third question" }).waitFor();

    const banner = await page.evaluate(() => (window as any).__ykBanner as string[]);
    expect(banner).toContain(EN.verifying);
    expect(await page.locator(W.banner).textContent()).not.toBe(EN.verifying);
    expect((await panelMessages(page)).filter((m) => m.text.includes("Third question"))).toHaveLength(1);
    const stored = world.t.db.query("SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND body = ?").get(third.conversationId, "Third question, after the challenge");
    expect(stored).toEqual({ n: 1 });
    expect(world.t.services.flood.hasPass(world.site.id, "127.0.0.1")).toBe(true);
    // Under the pass the next one goes straight through.
    await sendFromWidget(page, "Fourth");
    await agent.message((f) => f.body === "Fourth", "fourth");
    await until(() => panelMessages(page), (ms) => ms.some((m) => m.text === "Fourth" && m.cls.includes("sent")), "the fourth message sent");
    expect(errors).toEqual([]);
  }, 60_000);
});
