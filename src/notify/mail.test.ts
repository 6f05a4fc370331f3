import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { createTestApp } from "../../test/harness.ts";
import { startSmtpSink, type SmtpSink } from "../../test/smtp-sink.ts";

const sys = { id: null, name: "test" };
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.stop());

describe("mail through the organisation's SMTP server", () => {
  it("is refused until a server is set up, then delivered with Chinese text intact", async () => {
    const t = createTestApp();
    await expect(t.services.notify.mail.send({ to: ["a@example.test"], subject: "x", text: "x" })).rejects.toMatchObject({ status: 409 });
    t.services.notify.smtp.set({ host: "127.0.0.1", port: String(sink.port), from: "yingke@example.test", fromName: "迎客客服" }, sys);
    const before = sink.mails.length;
    await t.services.notify.mail.send({ to: ["wang@example.test"], subject: "关于您的留言：信用卡年费", text: "您好，年费已为您减免。\n谢谢！", html: "<p>您好，&lt;b&gt;</p>" });
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(["wang@example.test"]);
    expect(mail.subject).toBe("关于您的留言：信用卡年费");
    expect(mail.from).toContain("迎客客服");
    expect(mail.text).toContain("您好，年费已为您减免。");
    expect(mail.html).toContain("&lt;b&gt;");
  });

  it("reports the server's refusal as an error the agent can read", async () => {
    const t = createTestApp();
    t.services.notify.smtp.set({ host: "127.0.0.1", port: String(sink.port), from: "yingke@example.test" }, sys);
    await sink.setRefuse(true);
    try {
      await expect(t.services.notify.mail.send({ to: ["b@example.test"], subject: "s", text: "t" })).rejects.toMatchObject({ status: 502, message: expect.stringContaining("550") });
    } finally {
      await sink.setRefuse(false);
    }
  });

  it("validates settings beside the field and keeps the password sealed and write-only", () => {
    const t = createTestApp();
    expect(() => t.services.notify.smtp.set({ host: "", port: "25", from: "a@b.test" }, sys)).toThrow(expect.objectContaining({ field: "host" }));
    expect(() => t.services.notify.smtp.set({ host: "mail.local", port: "70000", from: "a@b.test" }, sys)).toThrow(expect.objectContaining({ field: "port" }));
    expect(() => t.services.notify.smtp.set({ host: "mail.local", port: "25", from: "nobody" }, sys)).toThrow(expect.objectContaining({ field: "from" }));
    t.services.notify.smtp.set({ host: "mail.local", port: "587", from: "a@b.test", user: "svc", password: "s3cret-口令" }, sys);
    const stored = (t.db.query("SELECT value FROM org_settings WHERE key = 'smtp'").get() as { value: string }).value;
    expect(stored).not.toContain("s3cret");
    // An empty password field keeps the stored one (the form never shows it).
    expect(t.services.notify.smtp.set({ host: "mail.local", port: "587", from: "a@b.test", user: "svc", password: "" }, sys).password).toBe("s3cret-口令");
  });
});
