import { describe, expect, it } from "bun:test";
import { cid } from "./frames.ts";
import { agentDriver, browserSuite, openChat, sendFromWidget, storedMessages, until, visitorPage, W, widgetWorld } from "./host-page.ts";
import { C, consolePage, transcriptOf } from "./console-page.ts";
import { agentSocketProxy } from "./agent-socket-proxy.ts";

/**
 * The console's workspace across several chats and a flaky connection: Alt+Z to the chat with
 * unread messages, the agent's socket dropped while the visitor keeps writing (every message
 * exactly once, in order, after the reconnect), a chat taken by a colleague, and read-only
 * chats of others.
 */
const suite = browserSuite();

async function setup(o: { proxy?: boolean } = {}) {
  const w = await widgetWorld();
  suite.cleanups.push(() => w.stop());
  const proxy = o.proxy ? agentSocketProxy(w.base) : null;
  if (proxy) suite.cleanups.push(() => proxy.stop());
  const agent = await consolePage(suite.browser, proxy?.origin ?? w.base, "alice");
  suite.cleanups.push(() => agent.context.close());
  return { w, agent, page: agent.page, proxy };
}

async function visitor(w: Awaited<ReturnType<typeof widgetWorld>>, text: string) {
  const v = await visitorPage(suite.browser);
  suite.cleanups.push(() => v.context.close());
  await v.page.goto(w.host.url("/"));
  await v.page.locator(W.entryOnline).waitFor({ state: "visible", timeout: 15_000 });
  await openChat(v.page);
  await sendFromWidget(v.page, text);
  return v;
}

const selectedTab = (page: import("playwright-core").Page) => page.locator(`${C.tabs}[aria-selected="true"]`).getAttribute("data-id");

describe("the console's workspace", () => {
  it("Alt+Z goes to the chat with unread messages; badges and counters follow", async () => {
    const { w, page } = await setup();
    const v1 = await visitor(w, "first visitor");
    await page.locator(C.accept).first().click();
    await page.locator(C.visitorMsgs, { hasText: "first visitor" }).waitFor();
    const v2 = await visitor(w, "second visitor");
    await page.locator(C.waiting, { hasText: "second visitor" }).locator("button.accept").click();
    await page.locator(C.visitorMsgs, { hasText: "second visitor" }).waitFor();
    expect(await page.locator(C.tabs).count()).toBe(2);
    const [firstId, secondId] = await page.locator(C.tabs).evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    expect(await selectedTab(page)).toBe(secondId);

    // A message in the background chat: an unread badge, the counter, the title.
    await sendFromWidget(v1.page, "are you there?");
    await page.locator(`${C.tabs}[data-id="${firstId}"] .badge.unread`, { hasText: "1" }).waitFor();
    expect(await page.locator(".counter.unread b").textContent()).toBe("1");
    expect(await until(() => page.title(), (x) => x.includes("(1)"), "the unread count in the title")).toContain("(1)");

    await page.locator(C.composer).click();
    await page.keyboard.press("Alt+z");
    await until(() => selectedTab(page), (x) => x === firstId, "the unread chat selected");
    await page.locator(C.visitorMsgs, { hasText: "are you there?" }).waitFor();
    expect(await page.locator(`${C.tabs} .badge.unread`).count()).toBe(0);
    expect(await page.locator(".counter.unread b").textContent()).toBe("0");
    // No unread anywhere: Alt+Z simply goes to the next chat.
    await page.keyboard.press("Alt+z");
    await until(() => selectedTab(page), (x) => x === secondId, "the next chat selected");

    // "Switch after send": sending in one chat moves on to the next.
    await page.locator("button.settings-open").click();
    await page.locator('dialog.settings input[name="switchAfterSend"]').check();
    await page.locator('dialog.settings button[type="submit"]').click();
    await page.locator("dialog.settings").waitFor({ state: "detached" });
    await page.locator(C.composer).fill("answer for two");
    await page.locator(C.composer).press("Enter");
    await until(() => selectedTab(page), (x) => x === firstId, "switched after sending");
    await v2.page.locator(W.agentMessages, { hasText: "answer for two" }).waitFor();
  }, 90_000);

  it("a send that fails shows 'not sent'; retry stores it once (same cid)", async () => {
    const { w, page, proxy } = await setup({ proxy: true });
    await visitor(w, "ping");
    await page.locator(C.accept).first().click();
    await page.locator(C.visitorMsgs, { hasText: "ping" }).waitFor();
    // 1) The request never reaches the server: "not sent", then retry.
    // 2) With the socket down, the request is stored but its answer is lost: retry with the
    //    same cid is answered with the stored message, which therefore exists once.
    let mode: "abort" | "lose" | "pass" = "abort";
    await page.route(/\/api\/conversations\/\d+\/messages$/, async (route) => {
      if (route.request().method() !== "POST" || mode === "pass") return route.continue();
      if (mode === "abort") return route.abort("connectionfailed");
      await route.fetch();
      await route.fulfill({ status: 502, contentType: "application/json", body: JSON.stringify({ error: { code: "bad_gateway", message: "网关错误 / bad gateway" } }) });
    });
    await page.locator(C.composer).fill("pong");
    await page.locator(C.composer).press("Enter");
    await page.locator(`${C.agentMsgs}.failed`, { hasText: "pong" }).waitFor();
    mode = "pass";
    await page.locator(`${C.agentMsgs}.failed button.retry`).click();
    await page.locator(`${C.agentMsgs}.sent`, { hasText: "pong" }).waitFor();

    proxy!.refuse = true;
    proxy!.cut();
    await page.locator("#status:not([data-state=online])").waitFor();
    mode = "lose";
    await page.locator(C.composer).fill("pong again");
    await page.locator(C.composer).press("Enter");
    await page.locator(`${C.agentMsgs}.failed`, { hasText: "pong again" }).waitFor();
    const conversationId = Number(await selectedTab(page));
    expect(storedMessages(w.t, conversationId).filter((m) => m.body === "pong again")).toHaveLength(1);
    mode = "pass";
    await page.locator(`${C.agentMsgs}.failed button.retry`).click();
    await page.locator(`${C.agentMsgs}.sent`, { hasText: "pong again" }).waitFor();
    proxy!.refuse = false;
    await page.locator('#status[data-state="online"]').waitFor({ timeout: 30_000 });
    expect(await page.locator(C.agentMsgs, { hasText: "pong again" }).count()).toBe(1);
    expect(await page.locator(`${C.agentMsgs}.failed`).count()).toBe(0);
    expect(storedMessages(w.t, conversationId).filter((m) => m.body.startsWith("pong")).map((m) => m.body)).toEqual(["pong", "pong again"]);
  }, 90_000);

  it("a dropped agent socket while the visitor keeps writing: after the reconnect every message once, in order", async () => {
    const { w, agent, page, proxy } = await setup({ proxy: true });
    const v = await visitor(w, "message 1");
    await page.locator(C.accept).first().click();
    await page.locator(C.visitorMsgs, { hasText: "message 1" }).waitFor();
    await page.locator(C.composer).fill("reply 1");
    await page.locator(C.composer).press("Enter");
    await page.locator(`${C.agentMsgs}.sent`, { hasText: "reply 1" }).waitFor();

    // The network drops the agent's socket and refuses reconnects for a while.
    proxy!.refuse = true;
    proxy!.cut();
    await page.locator("#status:not([data-state=online])").waitFor();
    for (let i = 2; i <= 6; i++) {
      await sendFromWidget(v.page, `message ${i}`);
      await v.page.locator(`${W.visitorMessages}.sent`, { hasText: `message ${i}` }).waitFor();
    }
    expect(await page.locator(C.visitorMsgs, { hasText: "message 6" }).count()).toBe(0);
    // The agent writes while offline too: HTTP still carries it.
    await page.locator(C.composer).fill("reply while offline");
    await page.locator(C.composer).press("Enter");
    await page.locator(`${C.agentMsgs}.sent`, { hasText: "reply while offline" }).waitFor();

    const refusedSoFar = proxy!.upgrades;
    proxy!.refuse = false;
    await page.locator('#status[data-state="online"]').waitFor({ timeout: 30_000 });
    expect(proxy!.upgrades).toBeGreaterThan(refusedSoFar);
    await page.locator(C.visitorMsgs, { hasText: "message 6" }).waitFor();
    await sendFromWidget(v.page, "message 7");
    await page.locator(C.visitorMsgs, { hasText: "message 7" }).waitFor();

    const conversationId = Number(await selectedTab(page));
    const stored = storedMessages(w.t, conversationId).filter((m) => m.sender !== "system");
    expect(stored.map((m) => m.body)).toEqual(["message 1", "reply 1", "message 2", "message 3", "message 4", "message 5", "message 6", "reply while offline", "message 7"]);
    expect(await transcriptOf(page)).toEqual(stored.map((m) => `${m.sender}: ${m.body}`));
    const seqs = await page.locator(`${C.transcript} li.msg[data-seq]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(await agent.csp()).toEqual([]);
    expect(agent.problems).toEqual([]);
  }, 90_000);

  it("a chat taken by a colleague says so; a colleague's chat opens read-only", async () => {
    const { w, page, proxy } = await setup({ proxy: true });
    await w.t.createAgent("bob");
    const bob = await agentDriver(w.base, "bob");
    suite.cleanups.push(() => bob.close());
    await visitor(w, "who takes me?");
    await page.locator(C.waiting).first().waitFor();
    const id = Number(await page.locator(C.waiting).first().getAttribute("data-id"));

    // Alice's console misses Bob's accept (her socket is down), then she clicks accept.
    proxy!.refuse = true;
    proxy!.cut();
    await page.locator("#status:not([data-state=online])").waitFor();
    expect((await bob.api("POST", `/api/conversations/${id}/accept`)).status).toBe(200);
    await page.locator(C.accept).first().click();
    await page.locator(".toast", { hasText: "已被其他客服接待" }).waitFor();
    expect(await page.locator(C.waiting).count()).toBe(0);
    proxy!.refuse = false;
    await page.locator('#status[data-state="online"]').waitFor({ timeout: 30_000 });

    // Opened from elsewhere (the visitor list fires yk-open-conversation): read only.
    expect((await bob.api("POST", `/api/conversations/${id}/messages`, { cid: cid(), body: "Bob here" })).status).toBe(200);
    await page.evaluate((conversationId) => document.querySelector("yk-console")!.dispatchEvent(new CustomEvent("yk-open-conversation", { detail: { conversationId }, bubbles: true, composed: true })), id);
    await page.locator("yk-chat-view .banner.readonly").waitFor();
    await page.locator(C.agentMsgs, { hasText: "Bob here" }).waitFor();
    expect(await page.locator(C.composer).count()).toBe(0);
  }, 90_000);
});
