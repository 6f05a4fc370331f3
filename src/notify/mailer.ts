import nodemailer from "nodemailer";
import { AppError, conflict, invalid } from "../platform/errors.ts";
import { EMAIL_PATTERN, type SmtpSettings } from "./smtp-settings.ts";

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** Built by the caller with escaped visitor text; never raw visitor input. */
  html?: string;
  replyTo?: string;
}

const SECONDS = 1000;

/**
 * Sends through the organisation's own SMTP server (nodemailer); nothing else is contacted.
 * A send resolves only once the server accepted the message, so callers can record it as sent.
 */
export function createMailer(deps: { settings: () => SmtpSettings | null }) {
  return {
    async send(message: MailMessage): Promise<{ messageId: string }> {
      const smtp = deps.settings();
      if (!smtp) throw conflict("未设置邮件服务器 / no mail server is set up");
      const to = message.to.map((a) => a.trim()).filter(Boolean);
      if (to.length === 0 || to.some((a) => !EMAIL_PATTERN.test(a))) throw invalid("收件人邮箱格式不正确 / a recipient address looks wrong", "to");
      const transport = nodemailer.createTransport({
        host: smtp.host, port: smtp.port, secure: smtp.secure,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        connectionTimeout: 15 * SECONDS, greetingTimeout: 15 * SECONDS, socketTimeout: 30 * SECONDS,
      });
      try {
        const info = await transport.sendMail({
          from: smtp.fromName ? { name: smtp.fromName, address: smtp.from } : smtp.from,
          to, subject: message.subject, text: message.text, html: message.html, replyTo: message.replyTo,
        });
        return { messageId: String(info.messageId ?? "") };
      } catch (e) {
        const reason = (e as { response?: string; message?: string }).response ?? (e as Error).message ?? String(e);
        throw new AppError(502, "mail_failed", `邮件发送失败 / the mail server refused the message: ${reason.slice(0, 300)}`);
      } finally {
        transport.close();
      }
    },
  };
}
export type Mailer = ReturnType<typeof createMailer>;
