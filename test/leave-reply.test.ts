import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { leaveWorld, sys } from "./leave-world.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";

setDefaultTimeout(60_000);

/**
 * Replying to a leave message by email from the inbox (H2), through the core's mailer to a real
 * SMTP server process (test/smtp-sink.ts): the visitor's real address is used even when the
 * agent sees it masked; the reply is recorded; the message turns replied only after the server
 * accepted; a refusal is recorded as failed with the server's error, which the agent sees.
 */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

async function world(o: { smtp?: boolean } = {}) {
  const w = leaveWorld();
  if (o.smtp !== false) w.t.services.notify.smtp.set({ host: "127.0.0.1", port: String(sink.port), secure: false, user: "", password: "", from: "yingke@example.test", fromName: "迎客" }, sys);
  const wang = await w.leave(w.retailSite.id, { name: "王女士", phone: "13812345678", email: "wang@example.test", content: "信用卡年费能减免吗？" });
  const noMail = await w.leave(w.retailSite.id, { name: "李先生", phone: "13900001111", content: "请回电" });
  const amy = await w.agent("amy", "agent", w.retail.id);
  return { ...w, wang, noMail, amy };
}

describe("leave inbox: reply by email", () => {
  it("sends to the visitor's real address with the Chinese text intact, records it and marks the message replied", async () => {
    const w = await world();
    const before = sink.mails.length;
    const body = "王女士您好：\n您的信用卡年费已为您减免。如有疑问请致电 95588。\n—— 迎客银行客服";
    const r = await w.amy.api("POST", `/api/leave-messages/${w.wang.id}/reply`, { subject: "关于您的留言：信用卡年费", body });
    expect(r.status).toBe(200);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(["wang@example.test"]);
    expect(mail.subject).toBe("关于您的留言：信用卡年费");
    expect(mail.text).toContain("您的信用卡年费已为您减免。如有疑问请致电 95588。");
    expect(mail.from).toContain("yingke@example.test");

    // The agent (no visitor.contact) sees the reply and the message with the address masked.
    expect(r.body.reply).toMatchObject({ status: "sent", email: "w***@example.test", subject: "关于您的留言：信用卡年费", body, agentName: "amy name", error: "" });
    expect(r.body.reply.smtpMessageId).not.toBe("");
    expect(r.body.message).toMatchObject({ replied: true, repliedBy: w.amy.row.id, email: "w***@example.test" });
    expect(r.body.replies).toHaveLength(1);
    const row = w.t.db.query("SELECT agent_id, channel, to_address, subject, body, status, smtp_message_id, error, sent_at FROM leave_replies").get() as any;
    expect(row).toMatchObject({ agent_id: w.amy.row.id, channel: "email", to_address: "wang@example.test", body, status: "sent", error: "" });
    expect(row.smtp_message_id).toBe(r.body.reply.smtpMessageId);
    expect(row.sent_at).toBe(w.t.clock.now());
    const audit = w.t.db.query("SELECT action, actor_id, target_id, detail FROM audit_log WHERE action LIKE 'leave.reply%'").all() as any[];
    expect(audit.map((a) => [a.action, a.actor_id, a.target_id])).toEqual([["leave.reply", w.amy.row.id, String(w.wang.id)]]);
    expect(JSON.parse(audit[0].detail)).toMatchObject({ channel: "email", subject: "关于您的留言：信用卡年费", smtpMessageId: row.smtp_message_id });
    expect((await w.amy.api("GET", "/api/leave-messages/summary")).body.unanswered).toBe(1);

    // A second reply is recorded too; the history lists both, oldest first.
    w.t.clock.advance(1000);
    const again = await w.amy.api("POST", `/api/leave-messages/${w.wang.id}/reply`, { body: "补充：减免已生效。" });
    expect(again.status).toBe(200);
    await sink.waitFor(before + 2);
    expect(again.body.replies.map((x: any) => [x.subject, x.status])).toEqual([["关于您的留言：信用卡年费", "sent"], ["回复：您的留言 / Re: your message", "sent"]]);
  });

  it("records a refused send as failed with the server's error, shows it, and leaves the message unreplied", async () => {
    const w = await world();
    await sink.setRefuse(true);
    let r;
    try {
      r = await w.amy.api("POST", `/api/leave-messages/${w.wang.id}/reply`, { subject: "关于年费", body: "您好，已减免。" });
    } finally {
      await sink.setRefuse(false);
    }
    expect(r.status).toBe(502);
    expect(r.body.error.message).toContain("550");
    const row = w.t.db.query("SELECT status, error, sent_at, body FROM leave_replies").get() as any;
    expect(row).toMatchObject({ status: "failed", sent_at: null, body: "您好，已减免。" });
    expect(row.error).toContain("550");
    const detail = (await w.amy.api("GET", `/api/leave-messages/${w.wang.id}`)).body;
    expect(detail.message.replied).toBe(false);
    expect(detail.replies).toEqual([expect.objectContaining({ status: "failed", error: row.error, email: "w***@example.test" })]);
    expect(w.t.db.query("SELECT action FROM audit_log WHERE action LIKE 'leave.reply%'").all()).toEqual([{ action: "leave.reply_failed" }]);

    // Retrying once the server accepts again works.
    const before = sink.mails.length;
    expect((await w.amy.api("POST", `/api/leave-messages/${w.wang.id}/reply`, { subject: "关于年费", body: "您好，已减免。" })).status).toBe(200);
    await sink.waitFor(before + 1);
    expect((await w.amy.api("GET", `/api/leave-messages/${w.wang.id}`)).body.message.replied).toBe(true);
  });

  it("refuses a message without an email address, an empty reply, and no mail server set up, each with its reason", async () => {
    const w = await world();
    let r = await w.amy.api("POST", `/api/leave-messages/${w.noMail.id}/reply`, { body: "您好" });
    expect([r.status, r.body.error.field]).toEqual([422, "email"]);
    r = await w.amy.api("POST", `/api/leave-messages/${w.wang.id}/reply`, { body: "   " });
    expect([r.status, r.body.error.field]).toEqual([422, "body"]);
    r = await w.amy.api("POST", `/api/leave-messages/${w.wang.id}/reply`, { subject: "长".repeat(201), body: "x" });
    expect([r.status, r.body.error.field]).toEqual([422, "subject"]);
    expect(w.t.db.query("SELECT count(*) AS n FROM leave_replies").get()).toEqual({ n: 0 });


    // Without a mail server the attempt is kept as failed, with the reason the agent is shown.
    const unset = await world({ smtp: false });
    r = await unset.amy.api("POST", `/api/leave-messages/${unset.wang.id}/reply`, { body: "您好" });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain("未设置邮件服务器");
    expect(unset.t.db.query("SELECT status, error FROM leave_replies").get()).toEqual({ status: "failed", error: r.body.error.message });
    expect((await unset.amy.api("GET", `/api/leave-messages/${unset.wang.id}`)).body.message.replied).toBe(false);
  });
});
