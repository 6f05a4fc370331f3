import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { browserSuite, openChat, sendFromWidget, visitorPage, W, widgetWorld, type WidgetWorld } from "./host-page.ts";
import { C, consolePage } from "./console-page.ts";

/**
 * Working together in the real console (A8, A9), in real Chromium with its real CSP: a visitor
 * chats through the widget on a customer's page, agent A accepts in the workspace and hands the
 * chat on from the chat's toolbar (transfer with a note, or a colleague invited into a three-way
 * chat); the colleague answers from the inbox popup and the chat opens in their workspace.
 */
const suite = browserSuite();

async function world(colleague: string) {
  const w = await widgetWorld();
  suite.cleanups.push(() => w.stop());
  await w.t.createAgent(colleague);
  const a = await consolePage(suite.browser, w.base, "alice");
  suite.cleanups.push(() => a.context.close());
  const b = await consolePage(suite.browser, w.base, colleague);
  suite.cleanups.push(() => b.context.close());
  // What the feature elements tell the shell, as the shell would hear it.
  for (const p of [a.page, b.page]) {
    await p.evaluate(() => {
      const w = window as any;
      w.events = [];
      for (const type of ["yk-open-conversation", "yk-done", "yk-left"]) document.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail }));
    });
  }
  return { w, a, b };
}

async function visitorWaiting(w: WidgetWorld, text: string) {
  const v = await visitorPage(suite.browser);
  suite.cleanups.push(() => v.context.close());
  await v.page.goto(w.host.url("/"));
  await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
  await openChat(v.page);
  await sendFromWidget(v.page, text);
  return v;
}

/** Agent A accepts the waiting visitor in the workspace; returns the conversation's id. */
async function acceptWaiting(page: Page, text: string): Promise<number> {
  const item = page.locator(C.waiting, { hasText: text });
  await item.waitFor();
  await item.locator("button.accept").click();
  await page.locator(C.visitorMsgs, { hasText: text }).waitFor();
  return Number(await page.locator(`${C.tabs}[aria-selected="true"]`).getAttribute("data-id"));
}

const events = (page: Page, type: string) => page.evaluate((type) => (window as any).events.filter((e: any) => e.type === type).map((e: any) => e.detail), type);

describe("working together in the console (real Chromium)", () => {
  it("agent A transfers a chat with a note; agent B accepts from the inbox; both see the outcome and the visitor sees who took over", async () => {
    const { w, a, b } = await world("bob");
    const text = "我要办理转账 <img src=x onerror=alert(1)>";
    const v = await visitorWaiting(w, text);
    const conversationId = await acceptWaiting(a.page, text);
    const alice = w.t.services.agents.byUsername("alice")!;
    expect(w.t.services.chat.get(conversationId)!.agent_id).toBe(alice.id);

    // A picks B from the live list in the chat's toolbar (with B's chat count), writes a note, sends.
    const dialog = a.page.locator("yk-chat-view yk-transfer-dialog");
    const bobRow = dialog.locator("li", { hasText: "bob name" });
    await bobRow.waitFor();
    expect(await bobRow.textContent()).toContain("0/8 个对话");
    await bobRow.locator("input").check();
    await dialog.locator("textarea").fill("客户要办大额转账，请协助");
    await dialog.locator("button.primary").click();
    await dialog.locator("[data-pending]").waitFor();
    expect(await dialog.locator("[data-pending]").textContent()).toContain("等待对方接受");

    // B sees the request with the note, the visitor and a countdown, and accepts.
    const card = b.page.locator('yk-transfer-inbox section[data-kind="transfer"]');
    await card.waitFor();
    expect(await card.textContent()).toContain("alice name 想把对话转给您");
    expect(await card.textContent()).toContain("备注：客户要办大额转账，请协助");
    expect(await card.locator(".countdown").textContent()).toMatch(/\d+ 秒/);
    await card.locator("button.primary").click();
    await card.waitFor({ state: "detached" });
    expect(await events(b.page, "yk-open-conversation")).toEqual([{ conversationId }]);

    // The chat opens in B's workspace with its history (the visitor's text stays text) and
    // the takeover, and B can write in it.
    await b.page.locator(`${C.tabs}[data-id="${conversationId}"][aria-selected="true"]`).waitFor();
    await b.page.locator(C.visitorMsgs, { hasText: text }).waitFor();
    expect(await b.page.locator("yk-chat-view ol.transcript img").count()).toBe(0);
    await b.page.locator("yk-chat-view li.msg.event", { hasText: "bob name has taken over" }).waitFor();
    expect(await b.page.locator("yk-chat-view .banner.readonly").count()).toBe(0);
    await b.page.locator(C.composer).fill("您好，我来继续为您办理");
    await b.page.locator(C.composer).press("Enter");
    await b.page.locator(`${C.agentMsgs}.sent`, { hasText: "我来继续为您办理" }).waitFor();

    // A sees the outcome; the chat is no longer A's to write in; closing the dialog says so.
    const outcome = dialog.locator('[data-outcome="accepted"]');
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain("bob name 已接受转接");
    await a.page.locator("yk-chat-view .banner.readonly").waitFor();
    expect(await a.page.locator(C.composer).count()).toBe(0);
    await dialog.locator("button").click();
    expect(await events(a.page, "yk-done")).toEqual([{ conversationId, outcome: "accepted" }]);
    await dialog.waitFor({ state: "detached" });
    await a.page.locator("yk-chat-view button.close").click();
    expect(await a.page.locator(`${C.tabs}[data-id="${conversationId}"]`).count()).toBe(0);

    // The visitor's widget says who took over, and B's reply arrives.
    await v.page.locator(`${W.messages} .ev`, { hasText: "bob name has taken over" }).waitFor();
    await v.page.locator("yingke-widget .hd .sub", { hasText: "bob name" }).waitFor();
    await v.page.locator(W.agentMessages, { hasText: "我来继续为您办理" }).waitFor();
    expect(w.t.services.chat.get(conversationId)!.agent_id).toBe(w.t.services.agents.byUsername("bob")!.id);

    expect(v.dialogs).toEqual([]);
    expect(await a.csp()).toEqual([]);
    expect(await b.csp()).toEqual([]);
    expect(a.problems.concat(b.problems)).toEqual([]);
  }, 90_000);

  it("agent A invites a colleague into a three-way chat; the colleague joins from the inbox, writes, and leaves again", async () => {
    const { w, a, b: c } = await world("carol");
    const v = await visitorWaiting(w, "理财产品怎么买");
    const conversationId = await acceptWaiting(a.page, "理财产品怎么买");

    // A invites carol from the chat's toolbar.
    const invite = a.page.locator("yk-chat-view yk-invite-colleague");
    const carolRow = invite.locator("li", { hasText: "carol name" });
    await carolRow.waitFor();
    await carolRow.locator("input").check();
    await invite.locator("button.primary").click();
    await invite.locator("[role=status]", { hasText: "已邀请" }).waitFor();

    // Carol joins from the inbox; the chat opens in her workspace and she can write in it.
    const card = c.page.locator('yk-transfer-inbox section[data-kind="guest"]');
    await card.waitFor();
    expect(await card.textContent()).toContain("alice name 邀请您加入对话");
    await card.locator("button.primary").click();
    await card.waitFor({ state: "detached" });
    expect(await events(c.page, "yk-open-conversation")).toEqual([{ conversationId }]);
    await invite.locator("[role=status]", { hasText: "carol name 已加入对话" }).waitFor();
    await v.page.locator(`${W.messages} .ev`, { hasText: "carol name 加入了对话" }).waitFor();

    await c.page.locator(`${C.tabs}[data-id="${conversationId}"][aria-selected="true"]`).waitFor();
    await c.page.locator(C.visitorMsgs, { hasText: "理财产品怎么买" }).waitFor();
    expect(await c.page.locator("yk-chat-view .banner.readonly").count()).toBe(0);
    await c.page.locator(C.composer).fill("我是理财顾问 carol");
    await c.page.locator(C.composer).press("Enter");
    await v.page.locator(W.agentMessages, { hasText: "我是理财顾问 carol" }).waitFor();
    await a.page.locator(C.agentMsgs, { hasText: "我是理财顾问 carol" }).waitFor();

    // The guest's own view offers only "leave" (no transfer, no end); leaving makes the chat
    // read-only for her, while it stays A's.
    const guestInvite = c.page.locator("yk-chat-view yk-invite-colleague");
    expect(await c.page.locator("yk-chat-view yk-transfer-dialog").count()).toBe(0);
    expect(await c.page.locator("yk-chat-view button.end").count()).toBe(0);
    expect(await guestInvite.locator("button.primary").count()).toBe(0);
    await guestInvite.locator("button", { hasText: "离开对话" }).click();
    await c.page.locator("yk-chat-view .banner.readonly").waitFor();
    expect(await events(c.page, "yk-left")).toEqual([{ conversationId }]);
    expect(await c.page.locator(C.composer).count()).toBe(0);
    await v.page.locator(`${W.messages} .ev`, { hasText: "carol name 离开了对话 / carol name left" }).waitFor();
    expect(await a.page.locator("yk-chat-view .banner.readonly").count()).toBe(0);
    expect(await a.page.locator(C.composer).count()).toBe(1);

    expect(await a.csp()).toEqual([]);
    expect(await c.csp()).toEqual([]);
    expect(a.problems.concat(c.problems)).toEqual([]);
  }, 90_000);
});
