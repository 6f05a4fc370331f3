import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { browserSuite, until } from "./host-page.ts";
import { createTestApp } from "./harness.ts";
import { consolePage } from "./console-page.ts";
import { FrameClient, cid } from "./frames.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";
import { readFileSync } from "node:fs";

/**
 * The leave-message inbox in real Chromium, through the real console (H2): the header badge says
 * how many arrived since the agent's previous sign-in; a visitor's new message appears live; the
 * agent gives it a type and a note, replies by email from the inbox (a real SMTP server receives
 * it with the Chinese text intact, sent to the address the agent only sees masked), and the
 * message shows as replied; a refused send shows the mail server's error in the reply history.
 */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());
const suite = browserSuite();
const sys = { id: null, name: "test" };

describe("the leave-message inbox in the console", () => {
  it("shows a new message live, replies by email from the inbox and marks it replied", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    suite.cleanups.push(() => server.stop(true));
    t.services.notify.smtp.set({ host: "127.0.0.1", port: String(sink.port), secure: false, user: "", password: "", from: "yingke@example.test", fromName: "迎客" }, sys);
    const site = t.services.sites.create({ name: "网上银行", allowed_origins: "https://bank.example.test", default_language: "zh-CN" }, sys);
    const complaint = t.services.leave.types.create(sys, "投诉");
    const alice = await t.createAgent("alice");

    // Alice signed in yesterday; a message arrived after that.
    expect((await t.browser().signIn("alice")).status).toBe(303);
    t.clock.advance(60_000);
    const earlier = t.services.visitors.identify(site.id, null).visitor;
    await t.services.leave.create(earlier, { cid: cid(), name: "李先生", phone: "13900001111", content: "请周一回电" }, { ip: "203.0.113.5" });
    t.clock.advance(60_000);

    const { page, context, csp, problems } = await consolePage(suite.browser, server.base, "alice", {
      init: () => {
        const events: unknown[] = ((window as any).__customers = []);
        document.addEventListener("yk-open-customer", (e) => events.push((e as CustomEvent).detail));
      },
    });
    suite.cleanups.push(() => context.close());
    const badge = page.locator("yk-inbox-badge");
    await badge.locator(".inbox-count b", { hasText: "1" }).waitFor();
    expect(await badge.locator(".since").textContent()).toContain("1 条新留言（自上次登录）");
    await badge.locator(".since button.dismiss").click();
    await badge.locator(".since").waitFor({ state: "detached" });

    // The badge leads to the inbox; the older message is listed.
    await badge.locator(".inbox-count").click();
    const inbox = page.locator("yk-leave-inbox");
    await inbox.locator(".unanswered", { hasText: "未回复 1 条" }).waitFor();
    await inbox.locator("tr.row", { hasText: "请周一回电" }).waitFor();

    // A visitor leaves a message while alice looks: it appears at the top, the counts go up.
    const visitor = await FrameClient.open(`${server.base.replace("http", "ws")}/ws/visitor?site=${site.site_key}`, { origin: "https://bank.example.test" });
    suite.cleanups.push(() => visitor.close());
    const leaveCid = cid();
    visitor.send({ type: "leave", cid: leaveCid, name: "王女士", email: "wang.nvshi@example.test", phone: "13812345678", content: "信用卡年费能否减免？<b>谢谢</b>" });
    const id = (await visitor.next((f) => f.type === "ack" && f.cid === leaveCid, "leave ack")).leaveMessageId as number;
    const row = inbox.locator(`tr.row[data-id="${id}"]`);
    await row.waitFor();
    expect(await inbox.locator("tr.row").first().getAttribute("data-id")).toBe(String(id));
    await inbox.locator(".unanswered", { hasText: "未回复 2 条" }).waitFor();
    await badge.locator(".inbox-count b", { hasText: "2" }).waitFor();
    // Masked for alice (no visitor.contact); visitor text shown as text, never as markup.
    expect(await row.textContent()).toContain("w***@example.test");
    expect(await row.textContent()).toContain("138****5678");
    expect(await row.locator("td.content").textContent()).toBe("信用卡年费能否减免？<b>谢谢</b>");

    // The visitor's name opens the customer view.
    await row.locator("button.visitor-name").click();
    expect(await page.evaluate(() => (window as any).__customers)).toEqual([{ visitorId: expect.any(Number) }]);
    await page.locator("aside.customer-drawer button.close").click();

    // Type and note.
    await row.locator("td.content").click();
    const detail = inbox.locator("yk-leave-detail");
    await detail.locator(".message-content", { hasText: "信用卡年费能否减免？" }).waitFor();
    await detail.locator('select[name="typeId"]').selectOption(String(complaint.id));
    await detail.locator('textarea[name="note"]').fill("VIP 客户，优先处理");
    await detail.locator("button.save").click();
    await detail.locator(".flash", { hasText: "已保存" }).waitFor();
    expect(t.db.query("SELECT type_id, note, note_by FROM leave_messages WHERE id = ?").get(id)).toEqual({ type_id: complaint.id, note: "VIP 客户，优先处理", note_by: alice.id });

    // A refused send: the mail server's error is shown, and kept in the history as failed.
    await detail.locator('input[name="subject"]').fill("关于您的信用卡年费");
    await detail.locator('textarea[name="body"]').fill("王女士您好：\n您的年费已为您减免，请放心使用。\n迎客银行客服");
    await sink.setRefuse(true);
    try {
      await detail.locator("button.send").click();
      await detail.locator(".general", { hasText: "550" }).waitFor();
    } finally {
      await sink.setRefuse(false);
    }
    await detail.locator('.reply-item[data-status="failed"] .reply-error').waitFor();
    expect(await detail.locator(".detail-state").textContent()).toBe("未回复");
    expect(await detail.locator('textarea[name="body"]').inputValue()).toContain("您的年费已为您减免");

    // Sent again once the server accepts: the sink has it, Chinese intact, to the real address.
    const before = sink.mails.length;
    await detail.locator("button.send").click();
    await detail.locator(".flash", { hasText: "邮件已发送" }).waitFor();
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(["wang.nvshi@example.test"]);
    expect(mail.subject).toBe("关于您的信用卡年费");
    expect(mail.text).toContain("王女士您好：\n您的年费已为您减免，请放心使用。\n迎客银行客服");

    // Replied: the detail, the list row and both counts say so.
    await detail.locator(".detail-state", { hasText: "已回复" }).waitFor();
    await detail.locator('.reply-item[data-status="sent"]', { hasText: "关于您的信用卡年费" }).waitFor();
    await row.locator(".state.replied").waitFor();
    await inbox.locator(".unanswered", { hasText: "未回复 1 条" }).waitFor();
    await badge.locator(".inbox-count b", { hasText: "1" }).waitFor();
    expect(await until(() => t.db.query("SELECT replied_by FROM leave_messages WHERE id = ?").get(id), (r: any) => r.replied_by === alice.id, "replied stored")).toBeTruthy();
    expect((t.db.query("SELECT status FROM leave_replies WHERE message_id = ? ORDER BY id").all(id) as { status: string }[]).map((r) => r.status)).toEqual(["failed", "sent"]);

    // Filter: unreplied only shows the older one.
    await inbox.locator('select[name="state"]').selectOption("unreplied");
    await inbox.locator("button.search").click();
    await until(() => inbox.locator("tr.row").count(), (n) => n === 1, "one unreplied row");
    expect(await inbox.locator("tr.row").first().textContent()).toContain("请周一回电");

    // An agent without leave.delete has no delete button.
    expect(await detail.locator("button.delete").count()).toBe(0);
    expect(await csp()).toEqual([]);
    // The refused send is the one expected error (a 502 answer, logged by Chromium as a failed load).
    expect(problems).toEqual([]);
  }, 90_000);

  it("exports what the filter shows, with the inbox's export button", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    suite.cleanups.push(() => server.stop(true));
    const site = t.services.sites.create({ name: "网上银行", allowed_origins: "https://bank.example.test", default_language: "zh-CN" }, sys);
    for (const [name, content] of [["王女士", "信用卡年费能否减免？"], ["李先生", "=HYPERLINK(\"http://evil\") 请回电"], ["赵总", "对公开户咨询"]]) {
      const v = t.services.visitors.identify(site.id, null).visitor;
      await t.services.leave.create(v, { cid: cid(), name, phone: "13812345678", content }, { ip: "203.0.113.5" });
    }
    await t.createAgent("sue", "supervisor");
    const { page, context, problems } = await consolePage(suite.browser, server.base, "sue");
    suite.cleanups.push(() => context.close());
    await page.locator('.section-tab[data-section="inbox"]').click();
    const inbox = page.locator("yk-leave-inbox");
    await until(() => inbox.locator("tr.row").count(), (n) => n === 3, "three rows");
    await inbox.locator('input[name="q"]').fill("请");
    await inbox.locator("button.search").click();
    await until(() => inbox.locator("tr.row").count(), (n) => n === 1, "one row");

    const button = inbox.locator("yk-export-button");
    await button.locator("button.export-open").click();
    await button.locator("select[name=format]").selectOption("csv");
    await button.locator("button.start").click();
    const link = button.locator("a.download");
    await link.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^留言-\d{8}-\d{6}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    // One row: the filtered one, its formula neutralised, the supervisor's full phone number.
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(2);
    expect(csv).toContain("李先生");
    expect(csv).toContain("13812345678");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"") 请回电"`);
    const audited = t.db.query("SELECT detail FROM audit_log WHERE action = 'data.export'").all() as { detail: string }[];
    expect(audited.map((a) => JSON.parse(a.detail))).toMatchObject([{ source: "leave", format: "csv", rows: 1, filter: { q: "请" } }]);
    expect(problems).toEqual([]);
  }, 90_000);
});
