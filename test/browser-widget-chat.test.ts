import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { entry as EN_ENTRY, panel as EN } from "../widget/src/i18n/en.ts";
import { cid } from "./frames.ts";
import { browserSuite, onlineVisitor, openChat, panelMessages, sendFromWidget, storedMessages, until, visitorPage, W, widgetWorld } from "./host-page.ts";

/**
 * The widget in real Chromium on a customer's page (another origin), against a real Yingke
 * and an agent driven over the API and WebSocket: chat both ways, the ended screen and its
 * transcript, the leave-message form, and keyboard use.
 */
const suite = browserSuite();

const HOSTILE = "<img src=x onerror=alert(1)>";
const HOSTILE_REPLY = `<script>alert("agent")</script> & "quotes"`;

/** Every visitor message's class list as it is first drawn, in order (sending → sent are separate nodes). */
async function recordDrawnStates(page: Page) {
  await page.evaluate(() => {
    const ol = document.querySelector("yingke-widget")!.shadowRoot!.querySelector("ol.ml")!;
    const seen: string[] = ((window as any).__ykDrawn = []);
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches("li.visitor")) seen.push(`${n.className}|${n.querySelector(".bb")?.textContent}`);
    }).observe(ol, { childList: true });
  });
}

describe("the widget on a customer's page", () => {
  it("chats with an agent: online entry, Enter sends, sending → sent, reply, end, escaped transcript", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const { page, context, dialogs, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());

    // Nobody online yet: the entry appears offline; an agent coming online flips it live.
    await page.goto(world.host.url("/"));
    const entry = page.locator(W.entry);
    await page.locator(W.entryOffline).waitFor({ state: "visible", timeout: 15_000 });
    expect(await entry.getAttribute("aria-label")).toBe(EN_ENTRY.offline);
    const agent = await world.agent();
    await page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
    expect(await entry.getAttribute("aria-label")).toBe(EN_ENTRY.online);
    expect(new URL(page.url()).origin).not.toBe(world.base);

    await openChat(page);
    await recordDrawnStates(page);
    await sendFromWidget(page, "Hello, is the blue one in stock?");
    expect(await page.locator(W.input).inputValue()).toBe("");
    const first = await agent.message((f) => f.body === "Hello, is the blue one in stock?", "first message");
    expect(first.from).toBe("visitor");
    await sendFromWidget(page, HOSTILE);
    const hostile = await agent.message((f) => f.body === HOSTILE, "hostile message");
    expect(hostile.conversationId).toBe(first.conversationId);
    await page.locator(`${W.visitorMessages}.sent`).nth(1).waitFor();
    // Each message was drawn as "sending" first, then redrawn as "sent" when the ack came.
    const drawn: string[] = await page.evaluate(() => (window as any).__ykDrawn);
    for (const body of ["Hello, is the blue one in stock?", HOSTILE]) {
      const states = drawn.filter((d) => d.endsWith(`|${body}`)).map((d) => d.split("|")[0].split(" ").pop());
      // (A later message moving the "Sent" marker redraws a sent one: same state again.)
      expect(states.filter((s, i) => s !== states[i - 1])).toEqual(["sending", "sent"]);
    }

    // The agent accepts and replies (including markup, which must stay text).
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/messages`, { cid: cid(), body: "Yes, we have 3 left." })).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/messages`, { cid: cid(), body: HOSTILE_REPLY })).status).toBe(200);
    await page.locator(W.agentMessages, { hasText: "Yes, we have 3 left." }).waitFor();
    await page.locator(W.agentMessages, { hasText: HOSTILE_REPLY }).waitFor();
    const shown = await panelMessages(page);
    expect(shown.filter((m) => m.text === HOSTILE)).toHaveLength(1);
    expect(shown.filter((m) => m.text === HOSTILE_REPLY)).toHaveLength(1);
    // Shown as text: no element was made from either message.
    expect(await page.locator("yingke-widget ol.ml img, yingke-widget ol.ml script").count()).toBe(0);
    expect(await page.locator("yingke-widget .sub").textContent()).toContain("alice name");

    // The visitor ends the chat: confirm in the banner, the agent hears of it.
    await page.locator(`yingke-widget header button[aria-label="${EN.endChat}"]`).click();
    await page.locator(`${W.banner} button`, { hasText: EN.endChat }).click();
    await page.locator(`${W.centred} h3`, { hasText: EN.ended }).waitFor();
    const ended = await agent.ws.next((f) => f.type === "conversation" && f.status === "ended", "ended for the agent", 30_000);
    expect(ended.id).toBe(first.conversationId);

    // The transcript downloads as an HTML file with every message, escaped.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`${W.centred} button`, { hasText: EN.transcript }).click()]);
    expect(download.suggestedFilename()).toMatch(/^chat-\d{4}-\d{2}-\d{2}\.html$/);
    const html = readFileSync((await download.path())!, "utf8");
    expect(html).toContain("Hello, is the blue one in stock?");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Yes, we have 3 left.");
    expect(html).toContain("&lt;script&gt;alert(&quot;agent&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("default-src 'none'");

    // The stored conversation matches what the visitor saw; no dialog ever opened.
    const stored = storedMessages(world.t, first.conversationId);
    expect(stored.filter((m) => m.sender === "visitor").map((m) => m.body)).toEqual(["Hello, is the blue one in stock?", HOSTILE]);
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("offline: leave-message form, a field error without contact, thanks with a phone, listed once", async () => {
    const world = await widgetWorld();
    suite.cleanups.push(() => world.stop());
    const { page, context, dialogs, errors } = await visitorPage(suite.browser);
    suite.cleanups.push(() => context.close());

    await page.goto(world.host.url("/"));
    await page.locator(W.entryOffline).waitFor({ state: "visible", timeout: 15_000 });
    expect(await page.locator(W.entry).getAttribute("aria-label")).toBe(EN_ENTRY.offline);
    await page.locator(W.entry).click();
    const form = page.locator(W.leaveForm);
    await form.waitFor();
    expect(await form.locator("h3").textContent()).toBe(EN.leaveTitle);
    expect(await page.locator(W.input).count()).toBe(0); // no chat composer while offline

    await form.locator('input[name="name"]').fill("Zhang San");
    await form.locator('textarea[name="content"]').fill("Please call me back about order 1234.");
    await form.locator('button[type="submit"]').click();
    const phone = form.locator('input[name="phone"]');
    expect(await phone.getAttribute("aria-invalid")).toBe("true");
    const errorId = (await phone.getAttribute("aria-describedby"))!;
    expect(await form.locator(`[id="${errorId}"]`).textContent()).toBe(EN.contactRequired);
    expect(world.t.db.query("SELECT count(*) AS n FROM leave_messages").get()).toEqual({ n: 0 });

    await phone.fill("+86 138 0013 8000");
    await form.locator('button[type="submit"]').click();
    await page.locator(`${W.centred} h3`, { hasText: EN.thanksTitle }).waitFor();

    const agent = await world.agent();
    const list = await agent.api("GET", "/api/leave-messages");
    expect(list.status).toBe(200);
    expect(list.body.rows).toHaveLength(1);
    // The agent holds no visitor.contact: the phone is masked for her (X8), stored in full.
    expect(list.body.rows[0]).toMatchObject({ name: "Zhang San", phone: "+86 138****8000", content: "Please call me back about order 1234." });
    expect(world.t.db.query("SELECT phone FROM leave_messages").get()).toEqual({ phone: "+86 138 0013 8000" });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("works from the keyboard: Tab to the entry, Enter opens with focus in the input, Escape returns focus", async () => {
    const { world, agent, page, context } = await onlineVisitor(suite);

    /** What has focus, looking into the widget's shadow root. */
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement;
        const inner = a?.shadowRoot?.activeElement;
        return a?.tagName === "YINGKE-WIDGET" ? `widget:${inner?.tagName.toLowerCase()}.${inner?.className}` : `page:${a?.tagName.toLowerCase()}#${a?.id}`;
      });
    let at = "";
    for (let i = 0; i < 10 && !at.startsWith("widget:button"); i++) {
      await page.keyboard.press("Tab");
      at = await focused();
    }
    expect(at).toBe("widget:button.e on");
    expect(await page.locator(W.entry).getAttribute("aria-expanded")).toBe("false");

    await page.keyboard.press("Enter");
    await page.locator(W.panel).waitFor({ state: "visible" });
    expect(await until(focused, (f) => f === "widget:textarea.", "focus in the input")).toBe("widget:textarea.");
    expect(await page.locator(W.entry).getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator(W.panel).getAttribute("aria-labelledby")).toBeTruthy();
    expect(await page.locator(W.input).getAttribute("aria-label")).toBe(EN.inputLabel);

    // Typing and Enter send; an agent's reply is announced through a polite live region.
    await page.keyboard.type("Keyboard only");
    await page.keyboard.press("Enter");
    const m = await agent.message((f) => f.body === "Keyboard only", "keyboard message");
    await agent.api("POST", `/api/conversations/${m.conversationId}/accept`);
    await agent.api("POST", `/api/conversations/${m.conversationId}/messages`, { cid: cid(), body: "Heard you" });
    const live = page.locator(`${W.panel} [aria-live="polite"]`);
    expect(await until(() => live.textContent(), (x) => !!x?.includes("Heard you"), "the reply announced")).toContain("Heard you");
    expect(await page.locator("yingke-widget ol.ml").getAttribute("aria-label")).toBe(EN.messages);

    await page.keyboard.press("Escape");
    await page.locator(W.panel).waitFor({ state: "hidden" });
    expect(await focused()).toBe("widget:button.e on");
    expect(await page.locator(W.entry).getAttribute("aria-expanded")).toBe("false");
  }, 60_000);
});
