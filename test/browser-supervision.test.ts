import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { browserSuite, openChat, panelMessages, sendFromWidget, visitorPage, W, widgetWorld } from "./host-page.ts";
import { C, consolePage } from "./console-page.ts";

/**
 * Supervision (A20) in real Chromium with the real CSP: a supervisor's console and an agent's
 * console (two browser contexts) and a visitor's widget on a customer's page. The supervisor
 * watches the agent's chat live from the board and whispers; the agent sees the whisper in her
 * chat and answers; the visitor never sees either. Then the supervisor takes a chat over.
 * Where the shell has not mounted the supervision elements yet, the test mounts them by tag, as
 * web/src/features/README.md says the shell will.
 */
const suite = browserSuite();

async function world() {
  const w = await widgetWorld();
  suite.cleanups.push(() => w.stop());
  await w.t.createAgent("sue", "supervisor");
  const alice = await consolePage(suite.browser, w.base, "alice");
  suite.cleanups.push(() => alice.context.close());
  const sue = await consolePage(suite.browser, w.base, "sue");
  suite.cleanups.push(() => sue.context.close());
  const v = await visitorPage(suite.browser);
  suite.cleanups.push(() => v.context.close());
  await v.page.goto(w.host.url("/"));
  await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
  return { w, alice, sue, v };
}

/** The agent accepts the waiting visitor in her workspace; returns the conversation's id. */
async function acceptWaiting(page: Page, text: string): Promise<number> {
  const item = page.locator(C.waiting, { hasText: text });
  await item.waitFor();
  await item.locator("button.accept").click();
  await page.locator(C.visitorMsgs, { hasText: text }).waitFor();
  return Number(await page.locator(`${C.tabs}[aria-selected="true"]`).getAttribute("data-id"));
}

/** The supervision section, mounted inside the console (so its events reach the shell). */
async function openBoard(page: Page) {
  await page.evaluate(() => {
    const tab = document.querySelector<HTMLButtonElement>('[data-section="supervision"]');
    if (tab) tab.click();
    if (!document.querySelector("yk-supervision")) document.querySelector("yk-console")!.append(document.createElement("yk-supervision"));
  });
  return page.locator("yk-supervision");
}

/** The agent's whispers element in her open chat. */
async function chatWhispers(page: Page, conversationId: number) {
  await page.evaluate((id) => {
    if (document.querySelector("yk-chat-view yk-chat-whispers")) return;
    const el = document.createElement("yk-chat-whispers") as HTMLElement & { conversationId: number };
    el.conversationId = id;
    document.querySelector("yk-chat-view .chat-main")!.append(el);
  }, conversationId);
  return page.locator("yk-chat-view yk-chat-whispers");
}

describe("supervision in the console (real Chromium)", () => {
  it("the supervisor watches a chat live and whispers; the agent sees it and answers; the visitor never does", async () => {
    const { alice, sue, v } = await world();
    await openChat(v.page);
    await sendFromWidget(v.page, "我想咨询房贷");
    const conversationId = await acceptWaiting(alice.page, "我想咨询房贷");
    await alice.page.locator(C.composer).fill("您好，请问贷款金额？");
    await alice.page.locator(C.composer).press("Enter");
    await v.page.locator(W.agentMessages, { hasText: "请问贷款金额" }).waitFor();

    // The board shows alice with the chat; a click opens the live, read-only watch.
    const board = await openBoard(sue.page);
    const row = board.locator(`tr.agent-row`, { hasText: "alice name" });
    await row.locator(".status.online").waitFor();
    await row.locator(`button.chat-link[data-conversation="${conversationId}"]`).click();
    const watch = board.locator("yk-supervision-watch");
    await watch.locator("ol.transcript li.msg.visitor", { hasText: "我想咨询房贷" }).waitFor();
    await watch.locator("ol.transcript li.msg.agent", { hasText: "请问贷款金额" }).waitFor();
    expect(await watch.locator(".banner").textContent()).toContain("访客看不到");
    expect(await watch.locator("textarea.composer").count()).toBe(0);

    // Live: the visitor's next message arrives in the watch without a reload.
    await sendFromWidget(v.page, "大概五十万");
    await watch.locator("ol.transcript li.msg.visitor", { hasText: "大概五十万" }).waitFor();

    // The whisper: in the watch and in alice's chat, marked as not visible to the visitor.
    const secret = "悄悄话：老客户，可申请利率优惠";
    await watch.locator("textarea.whisper-input").fill(secret);
    await watch.locator("button.send-whisper").click();
    await watch.locator("li.whisper", { hasText: secret }).waitFor();
    const whispers = await chatWhispers(alice.page, conversationId);
    const heard = whispers.locator("li.whisper", { hasText: secret });
    await heard.waitFor();
    expect(await heard.locator(".tag").textContent()).toContain("悄悄话 · 访客看不到");
    expect(await heard.locator(".tag").textContent()).toContain("sue name");

    // Alice whispers back; the supervisor sees the answer in place.
    await whispers.locator("textarea.whisper-input").fill("好的，我来申请优惠");
    await whispers.locator("button.send-whisper").click();
    await watch.locator("li.whisper", { hasText: "好的，我来申请优惠" }).waitFor();

    // A message after the whispers reaches the visitor: by then a whisper would have, too.
    await alice.page.locator(C.composer).fill("可以为您申请优惠利率");
    await alice.page.locator(C.composer).press("Enter");
    await v.page.locator(W.agentMessages, { hasText: "可以为您申请优惠利率" }).waitFor();
    await watch.locator("ol.transcript li.msg.agent", { hasText: "可以为您申请优惠利率" }).waitFor();
    const shown = (await panelMessages(v.page)).map((m) => m.text).join("\n");
    expect(shown).not.toContain("悄悄话");
    expect(shown).not.toContain("我来申请优惠");
    expect(await v.page.evaluate(() => document.querySelector("yingke-widget")!.shadowRoot!.textContent)).not.toContain("老客户");

    // The supervisor ends the chat; the visitor's downloaded transcript has no whisper either.
    await watch.locator("button.end").click();
    await watch.locator(".ended").waitFor();
    await v.page.locator(`${W.centred} h3`).waitFor();
    const [download] = await Promise.all([v.page.waitForEvent("download"), v.page.locator(`${W.centred} button`).first().click()]);
    const transcript = readFileSync((await download.path())!, "utf8");
    expect(transcript).toContain("可以为您申请优惠利率");
    expect(transcript).not.toContain("老客户");
    expect(transcript).not.toContain("我来申请优惠");

    expect(v.dialogs).toEqual([]);
    expect(v.errors).toEqual([]);
    expect(await alice.csp()).toEqual([]);
    expect(await sue.csp()).toEqual([]);
    expect(alice.problems.concat(sue.problems)).toEqual([]);
  }, 120_000);

  it("the supervisor takes a chat over: the visitor sees the new agent and their reply, the agent's view turns read-only", async () => {
    const { w, alice, sue, v } = await world();
    await openChat(v.page);
    await sendFromWidget(v.page, "我要投诉");
    const conversationId = await acceptWaiting(alice.page, "我要投诉");

    const board = await openBoard(sue.page);
    await board.locator(`button.chat-link[data-conversation="${conversationId}"]`).click();
    const watch = board.locator("yk-supervision-watch");
    await watch.locator("ol.transcript li.msg.visitor", { hasText: "我要投诉" }).waitFor();
    await watch.locator("button.takeover").click();

    // The chat opens in the supervisor's workspace, writable; the visitor sees who took over.
    await sue.page.locator(`${C.tabs}[data-id="${conversationId}"][aria-selected="true"]`).waitFor();
    await sue.page.locator("yk-chat-view li.msg.event", { hasText: "sue name has taken over" }).waitFor();
    await v.page.locator(`${W.messages} .ev`, { hasText: "sue name has taken over" }).waitFor();
    await v.page.locator("yingke-widget .hd .sub", { hasText: "sue name" }).waitFor();
    expect(w.t.services.chat.get(conversationId)!.agent_id).toBe(w.t.services.agents.byUsername("sue")!.id);

    await sue.page.locator(C.composer).fill("您好，我是值班主管，由我来处理");
    await sue.page.locator(C.composer).press("Enter");
    await v.page.locator(W.agentMessages, { hasText: "由我来处理" }).waitFor();

    // Alice's chat is read only now, with the notice, and no composer.
    await alice.page.locator("yk-chat-view .banner.readonly").waitFor();
    expect(await alice.page.locator(C.composer).count()).toBe(0);
    await alice.page.locator("yk-chat-view li.msg.event", { hasText: "sue name has taken over" }).waitFor();
    // The board follows: the chat is sue's now (back on the supervision tab; taking over opened the workspace).
    await openBoard(sue.page);
    await board.locator(`tr.agent-row:has-text("sue name") button.chat-link[data-conversation="${conversationId}"]`).waitFor();
    expect(await board.locator(`tr.agent-row:has-text("alice name") button.chat-link`).count()).toBe(0);

    expect(v.errors).toEqual([]);
    expect(await alice.csp()).toEqual([]);
    expect(await sue.csp()).toEqual([]);
    expect(alice.problems.concat(sue.problems)).toEqual([]);
  }, 120_000);
});
