import { describe, expect, it } from "bun:test";
import { browserSuite, openChat, sendFromWidget, storedMessages, until, visitorPage, W, widgetWorld } from "./host-page.ts";
import { C, consolePage, transcriptOf } from "./console-page.ts";

/**
 * The agent console in real Chromium against a real Yingke, with a visitor chatting through the
 * widget on a customer's page: the waiting list, accept, messages both ways, send keys, the
 * visitor's live draft, files and pasted screenshots, the language switch, and no CSP violation.
 */
const suite = browserSuite();

async function world() {
  const w = await widgetWorld();
  suite.cleanups.push(() => w.stop());
  const agent = await consolePage(suite.browser, w.base, "alice");
  suite.cleanups.push(() => agent.context.close());
  return { w, agent };
}

async function visitorWaiting(w: Awaited<ReturnType<typeof widgetWorld>>, text: string) {
  const v = await visitorPage(suite.browser);
  suite.cleanups.push(() => v.context.close());
  await v.page.goto(w.host.url("/"));
  await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
  await openChat(v.page);
  await sendFromWidget(v.page, text);
  return v;
}

describe("the agent console", () => {
  it("accepts a waiting visitor and chats: Enter and Ctrl+Enter, live draft, file thumbnail, pasted image, English", async () => {
    const { w, agent } = await world();
    const { page } = agent;
    const v = await visitorWaiting(w, "Hello from the shop");

    // The waiting visitor appears with the message, and is accepted.
    const item = page.locator(C.waiting).first();
    await item.waitFor();
    expect(await item.textContent()).toContain("Hello from the shop");
    expect(await page.locator(".counter.waiting b").textContent()).toBe("1");
    await item.locator("button.accept").click();
    await page.locator(C.tabs).first().waitFor();
    await page.locator(C.visitorMsgs, { hasText: "Hello from the shop" }).waitFor();
    expect(await page.locator(C.waiting).count()).toBe(0);

    // Ctrl+K in the composer opens the canned-reply picker; one Chinese character finds the
    // company reply, Enter inserts it at the cursor and the picker closes.
    const alice = w.t.services.agents.byUsername("alice")!;
    w.t.services.kb.createItem({ id: alice.id, name: "alice", permissions: new Set(["canned.manage"]) }, { scope: "company", title: "欢迎语", text: "and welcome" });
    await page.locator(C.composer).fill("Hello !");
    await page.locator(C.composer).evaluate((ta: HTMLTextAreaElement) => ta.setSelectionRange(6, 6));
    await page.locator(C.composer).press("Control+k");
    await page.locator("yk-chat-view yk-canned-picker input").fill("欢");
    await page.locator("yk-chat-view yk-canned-picker li.opt").first().waitFor();
    await page.locator("yk-chat-view yk-canned-picker input").press("Enter");
    expect(await page.locator(C.composer).inputValue()).toBe("Hello and welcome!");
    expect(await page.locator("yk-chat-view yk-canned-picker").count()).toBe(0);
    // The toolbar's elements got the conversation; the side panel the visitor.
    const ids = await page.evaluate(() => [(document.querySelector("yk-chat-view yk-transfer-dialog") as any).conversationId, (document.querySelector("yk-chat-view yk-visitor-panel") as any).visitorId]);
    expect(ids[0]).toBe(Number(await page.locator(C.tabs).first().getAttribute("data-id")));
    expect(ids[1]).toBeGreaterThan(0);
    // yk-open-visitor (from the visitor list) opens the drawer with that visitor.
    await page.evaluate(() => document.querySelector("yk-console")!.dispatchEvent(new CustomEvent("yk-open-visitor", { detail: { visitorId: 42, siteId: 7 }, bubbles: true, composed: true })));
    expect(await page.locator(".visitor-drawer yk-visitor-actions").evaluate((e: any) => [e.visitorId, e.siteId])).toEqual([42, 7]);
    await page.locator(".visitor-drawer button.close").click();
    await page.locator(C.composer).fill("");

    // Enter sends; Ctrl+Enter is a new line (default preference).
    await page.locator(C.composer).click();
    await page.keyboard.type("First line");
    await page.keyboard.press("Control+Enter");
    await page.keyboard.type("second line");
    expect(await page.locator(C.composer).inputValue()).toBe("First line\nsecond line");
    await page.keyboard.press("Enter");
    await page.locator(`${C.agentMsgs}.sent`, { hasText: "second line" }).waitFor();
    await v.page.locator(W.agentMessages, { hasText: "second line" }).waitFor();
    expect(await page.locator(C.composer).inputValue()).toBe("");

    // The visitor's live draft shows while they type, then their message.
    await v.page.locator(W.input).pressSequentially("I am still typ");
    expect(await until(() => page.locator(C.draft).textContent().catch(() => ""), (x) => x === "I am still typ", "the live draft")).toBe("I am still typ");
    await v.page.locator(W.input).press("Enter");
    await page.locator(C.visitorMsgs, { hasText: "I am still typ" }).waitFor();
    expect(await page.locator(C.draft).count()).toBe(0);

    // A link in a visitor message is an anchor only for http(s), opened with noopener.
    await sendFromWidget(v.page, "see https://example.com/a?b=1 and javascript:alert(1)");
    const link = page.locator(`${C.visitorMsgs} a`, { hasText: "https://example.com/a?b=1" });
    await link.waitFor();
    expect(await link.getAttribute("rel")).toContain("noopener");
    expect(await page.locator(`${C.visitorMsgs} a[href^="javascript"]`).count()).toBe(0);

    // Ctrl+Enter sending, switched in the settings dialog.
    await page.locator("button.settings-open").click();
    await page.locator('dialog.settings input[value="ctrl-enter"]').check();
    await page.locator('dialog.settings button[type="submit"]').click();
    await page.locator("dialog.settings").waitFor({ state: "detached" });
    await page.locator(C.composer).click();
    await page.keyboard.type("Line A");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Line B");
    await page.keyboard.press("Control+Enter");
    await page.locator(`${C.agentMsgs}.sent`, { hasText: "Line B" }).waitFor();
    expect(await page.locator(`${C.agentMsgs}.sent .bubble`, { hasText: "Line B" }).textContent()).toBe("Line A\nLine B");
    expect(w.t.services.preferences.get(w.t.services.agents.byUsername("alice")!.id).sendKey).toBe("ctrl-enter");

    // A file by the attach button: uploaded, shown as a thumbnail, received by the visitor.
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    await page.locator("yk-chat-view input.file-input").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
    const thumb = page.locator(`${C.agentMsgs}.sent a.thumb img`);
    await thumb.waitFor();
    expect(await until(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), (n) => Number(n) > 0, "the thumbnail loaded")).toBeGreaterThan(0);
    await v.page.locator(`${W.agentMessages} img[alt="photo.png"]`).waitFor();

    // A pasted screenshot: preview first, then sent.
    await page.locator(C.composer).focus();
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "image.png", { type: "image/png" }));
      document.querySelector("yk-chat-view textarea.composer")!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png.toString("base64"));
    await page.locator("yk-chat-view .paste-preview img").waitFor();
    await page.locator("yk-chat-view button.send-image").click();
    await until(() => page.locator(`${C.agentMsgs}.sent a.thumb img`).count(), (n) => n === 2, "two thumbnails");
    await page.locator("yk-chat-view .paste-preview").waitFor({ state: "detached" });

    // A file dropped on the chat is sent at once and shows as a download link.
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["order 1234: 2 × blue"], "notes.txt", { type: "text/plain" }));
      const target = document.querySelector("yk-chat-view section.chat")!;
      target.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    const fileLink = page.locator(`${C.agentMsgs}.sent a.file`, { hasText: "notes.txt" });
    await fileLink.waitFor();
    expect(await fileLink.getAttribute("download")).toBe("notes.txt");

    expect(await transcriptOf(page)).toHaveLength(8);

    // English: the whole console re-renders.
    expect(await page.locator(".section-tab[data-section=workspace]").textContent()).toContain("对话");
    await page.locator("button.lang-switch").click();
    await page.locator(".section-tab[data-section=workspace]", { hasText: "Chats" }).waitFor();
    expect(await page.locator("yk-chat-view button.send").textContent()).toBe("Send");
    expect(await page.locator(".counter.waiting").textContent()).toContain("Waiting");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");

    const conversationId = Number(await page.locator(C.tabs).first().getAttribute("data-id"));

    // End chat: the visitor is told, the tab stays read-only until closed.
    await page.locator("yk-chat-view button.end").click();
    await page.locator("yk-chat-view .chat-status.ended", { hasText: "The chat has ended" }).waitFor();
    expect(await page.locator(C.composer).count()).toBe(0);
    await v.page.locator(W.centred).waitFor();
    await page.locator("yk-chat-view button.close").click();
    expect(await page.locator(C.tabs).count()).toBe(0);
    const stored = storedMessages(w.t, conversationId).filter((m) => m.sender !== "system");
    expect(stored.map((m) => m.body)).toEqual(["Hello from the shop", "First line\nsecond line", "I am still typ", "see https://example.com/a?b=1 and javascript:alert(1)", "Line A\nLine B", "photo.png", expect.stringMatching(/^screenshot-.*\.png$/), "notes.txt"]);
    expect(await agent.csp()).toEqual([]);
    expect(agent.problems).toEqual([]);
  }, 90_000);
});
