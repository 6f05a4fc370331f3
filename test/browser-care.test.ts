import { describe, expect, it } from "bun:test";
import type { Page } from "playwright-core";
import { browserSuite, onlineVisitor, openChat, sendFromWidget, until, W } from "./host-page.ts";
import { C, consolePage } from "./console-page.ts";
import { cid } from "./frames.ts";

/**
 * Visitor care in real Chromium, through the real console: an agent blocks a visitor from the
 * open chat's block dialog and the visitor's widget (a customer's page on another origin) can no
 * longer chat, then hides them entirely; the chat's evaluation form saves; the visitor drawer's
 * panel shows previous chats and edits the visitor; sign-out reminds of unevaluated chats.
 */
const suite = browserSuite();

/** Alice's console, signed in, with the care elements' events recorded in window.__events. */
async function agentConsole(base: string) {
  const c = await consolePage(suite.browser, base, "alice", {
    init: () => {
      const events: string[] = ((window as any).__events = []);
      for (const type of ["yk-done", "yk-evaluated", "yk-visitor-saved"]) document.addEventListener(type, () => events.push(type));
    },
  });
  suite.cleanups.push(() => c.context.close());
  return c;
}
const eventsOf = (page: Page) => page.evaluate(() => (window as any).__events as string[]);

describe("visitor care in the console", () => {
  it("an agent blocks a visitor from the block dialog: the widget can no longer chat, then is hidden", async () => {
    const { world, agent, page: visitor } = await onlineVisitor(suite);
    await openChat(visitor);
    await sendFromWidget(visitor, "我想咨询一下");
    const first = await agent.message((f) => f.body === "我想咨询一下", "first message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    const visitorId = first.visitorId as number;

    // The accepted chat opens in alice's console; its toolbar holds the block dialog.
    const { page: console, problems } = await agentConsole(world.base);
    await console.locator(`${C.tabs}[data-id="${first.conversationId}"]`).waitFor();
    const block = console.locator("yk-chat-view yk-block-dialog");
    expect(await block.evaluate((e: any) => e.visitorId)).toBe(visitorId);
    await block.locator("button.block-open").click();
    const dialog = block.locator("dialog[open]");
    await dialog.waitFor();
    // The reason is required: the server's message appears beside the field.
    await dialog.locator('button[type="submit"]').click();
    await dialog.locator("label", { hasText: "原因" }).locator(".field-error").waitFor();
    await dialog.locator('input[name="reason"]').fill("辱骂客服 abusive");
    await dialog.locator('select[name="expiry"]').selectOption("60");
    await dialog.locator('button[type="submit"]').click();
    await block.locator(".block-state").waitFor();
    expect(await eventsOf(console)).toEqual(["yk-done"]);

    // The visitor sees the polite notice and the leave form; there is no way to chat.
    await visitor.locator(W.banner, { hasText: "Chat is not available right now" }).waitFor();
    await visitor.locator(W.leaveForm).waitFor();
    expect(await visitor.locator(W.input).isVisible()).toBe(false);
    // A reload keeps it so (the server says so in `connected`); nothing more was stored.
    const before = world.t.db.query("SELECT count(*) AS n FROM messages WHERE sender_kind = 'visitor'").get() as { n: number };
    const blockRow = world.t.db.query("SELECT mode, reason, expires_at - created_at AS span FROM visitor_blocks WHERE visitor_id = ?").get(visitorId);
    expect(blockRow).toEqual({ mode: "refuse_chat", reason: "辱骂客服 abusive", span: 3_600_000 });
    expect((world.t.db.query("SELECT status FROM conversations WHERE id = ?").get(first.conversationId) as { status: string }).status).toBe("ended");
    await visitor.reload();
    await visitor.locator(W.entry).waitFor({ state: "visible", timeout: 15_000 });
    await visitor.locator(W.entry).click();
    await visitor.locator(W.leaveForm).waitFor();
    await visitor.locator(W.banner, { hasText: "Chat is not available right now" }).waitFor();
    expect(world.t.db.query("SELECT count(*) AS n FROM messages WHERE sender_kind = 'visitor'").get()).toEqual(before);

    // Lift, then hide entirely: the widget leaves the page, and stays away after a reload.
    await block.locator("button.lift").click();
    await block.locator("button.block-open").click();
    await dialog.waitFor();
    await dialog.locator('input[value="hide"]').check();
    await dialog.locator('input[name="reason"]').fill("spam");
    await dialog.locator('select[name="expiry"]').selectOption("never");
    await dialog.locator('button[type="submit"]').click();
    await block.locator(".block-state").waitFor();
    await until(() => visitor.locator("yingke-widget").count(), (n) => n === 0, "widget removed");
    // After a reload the loader connects, is answered `blocked` and refused, and removes itself.
    const refused = new Promise<string[]>((resolve) => {
      visitor.on("websocket", (ws) => {
        if (!ws.url().includes("/ws/visitor")) return;
        const got: string[] = [];
        ws.on("framereceived", (f) => got.push(String(f.payload)));
        ws.on("close", () => resolve(got));
      });
    });
    await visitor.reload();
    const frames = (await refused).map((f) => JSON.parse(f).type);
    expect(frames).toEqual(["blocked"]);
    await until(() => visitor.locator("yingke-widget").count(), (n) => n === 0, "widget absent after reload");
    await visitor.locator("#host-button").click();
    const actions = (world.t.db.query("SELECT action FROM audit_log WHERE action LIKE 'visitor.%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(["visitor.block", "visitor.unblock", "visitor.block"]);
    expect(problems).toEqual([]);
  }, 120_000);

  it("the evaluation form saves topic, verdict and note and shows the saved state", async () => {
    const { world, agent, page: visitor } = await onlineVisitor(suite);
    world.t.services.care.topics.create({ id: null, name: "test" }, "账单 Billing");
    await openChat(visitor);
    await sendFromWidget(visitor, "发票怎么开？");
    const first = await agent.message((f) => f.body === "发票怎么开？", "first message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/messages`, { cid: cid(), body: "请在个人中心申请" })).status).toBe(200);

    // The open chat's toolbar holds its evaluation form.
    const { page: console, problems } = await agentConsole(world.base);
    await console.locator(`${C.tabs}[data-id="${first.conversationId}"]`).waitFor();
    const form = console.locator("yk-chat-view yk-evaluation-form");
    expect(await form.evaluate((e: any) => e.conversationId)).toBe(first.conversationId);
    await form.locator("summary").click();
    await form.locator('select[name="topicId"] option', { hasText: "账单 Billing" }).waitFor({ state: "attached" });
    await form.locator('select[name="topicId"]').selectOption({ label: "账单 Billing" });
    await form.locator('input[value="valuable"]').check();
    await form.locator('textarea[name="note"]').fill("<b>已解决</b>");
    await form.locator('button[type="submit"]').click();
    await form.locator(".save-state", { hasText: "已保存" }).waitFor();
    expect(world.t.db.query("SELECT verdict, note FROM conversation_evaluations WHERE conversation_id = ?").get(first.conversationId)).toEqual({ verdict: "valuable", note: "<b>已解决</b>" });
    expect(await form.locator("b").count()).toBe(0);
    expect(await eventsOf(console)).toContain("yk-evaluated");
    expect(problems).toEqual([]);
  }, 120_000);

  it("the visitor panel shows previous chats with their transcript and edits name and notes with field errors; the sign-out guard lists unevaluated chats", async () => {
    const { world, agent, page: visitor } = await onlineVisitor(suite);
    const HOSTILE = `<img src=x onerror=alert(1)>`;
    await openChat(visitor);
    await sendFromWidget(visitor, HOSTILE);
    const first = await agent.message((f) => f.body === HOSTILE, "first message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/messages`, { cid: cid(), body: "您好" })).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/end`)).status).toBe(200);

    // Editing contact details needs visitor.contact (X8; test/masking.test.ts covers plain agents).
    world.t.db.run("UPDATE agents SET role_id = 'supervisor' WHERE username = 'alice'");
    // The chat has ended, so it is no tab: the panel opens in the visitor drawer (as from the list).
    const { page: console, problems, context } = await agentConsole(world.base);
    await console.evaluate(([visitorId, siteId]) => document.querySelector("yk-console")!.dispatchEvent(new CustomEvent("yk-open-visitor", { detail: { visitorId, siteId }, bubbles: true, composed: true })), [first.visitorId as number, world.site.id]);
    const panel = console.locator(".visitor-drawer yk-visitor-panel");
    await panel.locator(".visit-count", { hasText: "1" }).waitFor();
    const item = panel.locator(`.history-item[data-id="${first.conversationId}"]`);
    await item.locator("text=2 条消息").waitFor();
    await item.locator("button.toggle-transcript").click();
    await item.locator("ol.transcript li", { hasText: "您好" }).waitFor();
    expect(await item.locator("ol.transcript li.visitor .body").textContent()).toBe(HOSTILE);
    expect(await panel.locator("img").count()).toBe(0);

    // Edit: a bad email is refused beside its field; then name and notes are saved.
    await panel.locator("button.edit").click();
    await panel.locator('input[name="email"]').fill("not-an-email");
    await panel.locator('button[type="submit"]').click();
    await panel.locator('input[name="email"][aria-invalid="true"]').waitFor();
    await panel.locator(".field-error", { hasText: "邮箱格式不对" }).waitFor();
    await panel.locator('input[name="email"]').fill("li@example.cn");
    await panel.locator('input[name="name"]').fill(`李女士 ${HOSTILE}`);
    await panel.locator('textarea[name="note"]').fill("老客户，回访");
    await panel.locator('button[type="submit"]').click();
    await panel.locator(".visitor-name", { hasText: "李女士" }).waitFor();
    expect(await panel.locator(".visitor-name").textContent()).toBe(`李女士 ${HOSTILE}`);
    expect(await panel.locator("dd.note").textContent()).toBe("老客户，回访");
    expect(world.t.services.visitors.get(first.visitorId)).toMatchObject({ name: `李女士 ${HOSTILE}`, email: "li@example.cn", note: "老客户，回访" });

    expect(await eventsOf(console)).toEqual(["yk-visitor-saved"]);

    // Sign-out: the guard lists the chat not yet evaluated and asks; "back" stays signed in.
    await console.locator(".visitor-drawer button.close").click();
    await console.locator("button.signout").click();
    const guard = console.locator("yk-signout-guard dialog[open]");
    await guard.waitFor();
    await guard.locator("ul.unevaluated li", { hasText: `#${first.conversationId}` }).waitFor();
    await guard.locator("button.back").click();
    await console.locator("yk-signout-guard").waitFor({ state: "detached" });
    expect(console.url()).toEndWith("/console");
    // With everything evaluated it signs out at once, without asking.
    expect((await agent.api("PUT", `/api/conversations/${first.conversationId}/evaluation`, { verdict: "valuable" })).status).toBe(200);
    await Promise.all([console.waitForURL(/\/login/), console.locator("button.signout").click()]);
    expect((await context.cookies()).some((c) => c.name === "yk_session")).toBe(false);
    expect(problems).toEqual([]);
  }, 120_000);
});
