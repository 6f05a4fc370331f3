import type { Database } from "bun:sqlite";
import type { AuditService, Actor } from "../audit/service.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import { createSmtpSettings } from "./smtp-settings.ts";
import { createMailer } from "./mailer.ts";

/**
 * Outgoing notifications (DESIGN.md notify/): the organisation's SMTP server and mail sending.
 * Forwarding with its outbox, retries and the SMS gateway build on these.
 */
export function createNotifyService(deps: { db: Database; audit: AuditService; secretBox: SecretBox }) {
  const smtpStore = createSmtpSettings(deps);
  const mail = createMailer({ settings: () => smtpStore.get() });
  const smtp = {
    get: () => smtpStore.get(),
    set: (input: Record<string, unknown>, actor: Actor) => smtpStore.set(input, actor),
    /** A test mail from the settings page; audited so a relay abuse would be visible. */
    async test(to: string, actor: Actor) {
      const sent = await mail.send({ to: [to], subject: "迎客测试邮件 / Yingke test mail", text: "邮件服务器设置正确。\nThe mail server settings work." });
      deps.audit.record(actor, { action: "notify.smtp.test", targetType: "settings", targetId: "smtp", detail: { to } });
      return sent;
    },
  };
  return { smtp, mail };
}
export type NotifyService = ReturnType<typeof createNotifyService>;
