import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { STRONG_PASSWORD } from "./harness.ts";
import { browserSuite, onlineVisitor, openChat, sendFromWidget, until, visitorPage, W } from "./host-page.ts";
import { cid } from "./frames.ts";

/**
 * Visitor care in real Chromium: an agent blocks a visitor from the console's block dialog and
 * the visitor's widget (a customer's page on another origin) can no longer chat, then hides
 * them entirely; the evaluation form saves. The care elements are loaded into /console.
 */
const suite = browserSuite();

let bundle: string | null = null;
async function careBundle() {
  if (bundle) return bundle;
  const r = await Bun.build({ entrypoints: [join(import.meta.dir, "fixtures", "care-console.ts")], target: "browser", format: "esm", minify: false });
  if (!r.success) throw new AggregateError(r.logs, "care test bundle failed");
  return (bundle = await r.outputs[0].text());
}

async function agentConsole(base: string, username: string): Promise<Page> {
  const context = await suite.browser.newContext({ locale: "zh-CN" });
  suite.cleanups.push(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  suite.cleanups.push(() => expect(errors).toEqual([]));
  await page.goto(base + "/login");
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', STRONG_PASSWORD);
  await Promise.all([page.waitForURL(/\/(console|admin)/), page.click('button[type="submit"]')]);
  const code = await careBundle();
  await page.route(`${base}/console/__care-test.js`, (route) => route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: code }));
  await page.goto(base + "/console");
  await page.addScriptTag({ url: `${base}/console/__care-test.js`, type: "module" });
  await page.waitForFunction(() => Boolean((window as any).__care));
  return page;
}

describe("visitor care in the console", () => {
  it("an agent blocks a visitor from the block dialog: the widget can no longer chat, then is hidden", async () => {
    const { world, agent, page: visitor } = await onlineVisitor(suite);
    await openChat(visitor);
    await sendFromWidget(visitor, "我想咨询一下");
    const first = await agent.message((f) => f.body === "我想咨询一下", "first message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    const visitorId = first.visitorId as number;

    const console = await agentConsole(world.base, "alice");
    await console.evaluate((id) => (window as any).__care.mount("yk-block-dialog", { visitorId: id }), visitorId);
    await console.locator("yk-block-dialog button.block-open").click();
    const dialog = console.locator("yk-block-dialog dialog[open]");
    await dialog.waitFor();
    // The reason is required: the server's message appears beside the field.
    await dialog.locator('button[type="submit"]').click();
    await dialog.locator("label", { hasText: "原因" }).locator(".field-error").waitFor();
    await dialog.locator('input[name="reason"]').fill("辱骂客服 abusive");
    await dialog.locator('select[name="expiry"]').selectOption("60");
    await dialog.locator('button[type="submit"]').click();
    await console.locator("yk-block-dialog .block-state").waitFor();
    expect(await console.evaluate(() => (window as any).__care.events.map((e: any) => e.type))).toEqual(["yk-done"]);

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
    await console.locator("yk-block-dialog button.lift").click();
    await console.locator("yk-block-dialog button.block-open").click();
    await dialog.waitFor();
    await dialog.locator('input[value="hide"]').check();
    await dialog.locator('input[name="reason"]').fill("spam");
    await dialog.locator('select[name="expiry"]').selectOption("never");
    await dialog.locator('button[type="submit"]').click();
    await console.locator("yk-block-dialog .block-state").waitFor();
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
  }, 120_000);

  it("the evaluation form saves topic, verdict and note and shows the saved state", async () => {
    const { world, agent, page: visitor } = await onlineVisitor(suite);
    world.t.services.care.topics.create({ id: null, name: "test" }, "账单 Billing");
    await openChat(visitor);
    await sendFromWidget(visitor, "发票怎么开？");
    const first = await agent.message((f) => f.body === "发票怎么开？", "first message");
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/accept`)).status).toBe(200);
    expect((await agent.api("POST", `/api/conversations/${first.conversationId}/messages`, { cid: cid(), body: "请在个人中心申请" })).status).toBe(200);

    const console = await agentConsole(world.base, "alice");
    await console.evaluate((id) => (window as any).__care.mount("yk-evaluation-form", { conversationId: id }), first.conversationId);
    const form = console.locator("yk-evaluation-form");
    await form.locator("summary").click();
    await form.locator('select[name="topicId"] option', { hasText: "账单 Billing" }).waitFor({ state: "attached" });
    await form.locator('select[name="topicId"]').selectOption({ label: "账单 Billing" });
    await form.locator('input[value="valuable"]').check();
    await form.locator('textarea[name="note"]').fill("<b>已解决</b>");
    await form.locator('button[type="submit"]').click();
    await form.locator(".save-state", { hasText: "已保存" }).waitFor();
    expect(world.t.db.query("SELECT verdict, note FROM conversation_evaluations WHERE conversation_id = ?").get(first.conversationId)).toEqual({ verdict: "valuable", note: "<b>已解决</b>" });
    expect(await form.locator("b").count()).toBe(0);
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

    const console = await agentConsole(world.base, "alice");
    await console.evaluate((id) => (window as any).__care.mount("yk-visitor-panel", { visitorId: id }), first.visitorId);
    const panel = console.locator("yk-visitor-panel");
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

    // Sign-out: the guard lists the chat not yet evaluated and asks; "sign out anyway" confirms.
    await console.evaluate(() => (window as any).__care.mount("yk-signout-guard", {}));
    const guard = console.locator("yk-signout-guard dialog[open]");
    await guard.waitFor();
    await guard.locator("ul.unevaluated li", { hasText: `#${first.conversationId}` }).waitFor();
    await guard.locator("button.confirm").click();
    await until(() => console.evaluate(() => (window as any).__care.events.map((e: any) => e.type)), (e) => e.includes("yk-signout-confirmed"), "confirmed");
    // With everything evaluated it confirms at once, without asking.
    expect((await agent.api("PUT", `/api/conversations/${first.conversationId}/evaluation`, { verdict: "valuable" })).status).toBe(200);
    await console.evaluate(() => {
      (window as any).__care.events.length = 0;
      document.querySelector("yk-signout-guard")!.remove();
      (window as any).__care.mount("yk-signout-guard", {});
    });
    await until(() => console.evaluate(() => (window as any).__care.events.map((e: any) => e.type)), (e) => e.includes("yk-signout-confirmed"), "confirmed at once");
    expect(await console.locator("yk-signout-guard dialog[open]").count()).toBe(0);
  }, 120_000);
});
