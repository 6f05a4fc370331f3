import { html } from "../../../platform/html.ts";
import { checkboxField, textArea } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { boolField, type SettingsSection } from "../section.ts";

/** Read by src/notify/leave-forward.ts when a leave message is stored. */
export interface ForwardingSettings {
  emailEnabled: boolean;
  emails: string[];
  smsEnabled: boolean;
  phones: string[];
}

const MAX = 20;
const EMAIL = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;
const PHONE = /^\+?\d{5,20}$/;

/** Entries separated by lines, commas or semicolons (also the Chinese ones), duplicates dropped. */
function list(body: Record<string, unknown>, name: string, label: string, normalise: (s: string) => string, valid: RegExp): string[] {
  const text = typeof body[name] === "string" ? (body[name] as string) : "";
  if (text.length > 4000) throw invalid(`${label}列表过长 / the list is too long`, name);
  const out: string[] = [];
  for (const raw of text.split(/[\n\r,;，；、]+/).map((s) => s.trim()).filter(Boolean)) {
    const v = normalise(raw);
    if (!valid.test(v)) throw invalid(`“${raw.slice(0, 60)}”不是有效的${label} / "${raw.slice(0, 60)}" is not a valid ${label === "邮箱" ? "email address" : "phone number"}`, name);
    if (!out.includes(v)) out.push(v);
  }
  if (out.length > MAX) throw invalid(`${label}最多 ${MAX} 个 / at most ${MAX} entries`, name);
  return out;
}

/**
 * Leave-message forwarding (issue 7, H2): each new leave message of this site is sent to these
 * addresses and phone numbers through the organisation's mail server and SMS gateway
 * (/admin/notify). Server-only: nothing of it goes to widgets.
 */
export const forwardingSection: SettingsSection<ForwardingSettings> = {
  key: "forwarding",
  zh: "留言转发",
  en: "Message forwarding",
  defaults: () => ({ emailEnabled: false, emails: [], smsEnabled: false, phones: [] }),
  parse(body) {
    const emailEnabled = boolField(body, "forward_email");
    const emails = list(body, "forward_emails", "邮箱", (s) => s.toLowerCase(), EMAIL);
    if (emailEnabled && !emails.length) throw invalid("开启邮件转发须至少填写一个邮箱 / give at least one address to forward by email", "forward_emails");
    const smsEnabled = boolField(body, "forward_sms");
    const phones = list(body, "forward_phones", "手机号码", (s) => s.replace(/[\s()-]/g, ""), PHONE);
    if (smsEnabled && !phones.length) throw invalid("开启短信转发须至少填写一个手机号码 / give at least one number to forward by SMS", "forward_phones");
    return { emailEnabled, emails, smsEnabled, phones };
  },
  formValues: (v) => ({ forward_email: v.emailEnabled ? "1" : "", forward_emails: v.emails.join("\n"), forward_sms: v.smsEnabled ? "1" : "", forward_phones: v.phones.join("\n") }),
  fields(state, ctx) {
    const smtp = ctx.services.notify.smtp.get();
    const sms = ctx.services.forwarding.sms.get();
    const missing = (what: string, en: string) => html`<p class="hint">尚未设置${what}，转发会排队等待并在设置后补发。 <small>No ${en} is set up yet: forwards wait in the outbox until it is.</small> <a href="/admin/notify">设置 <small>Set up</small></a></p>`;
    return html`<p class="hint">每条新留言按下列设置转发；发送失败会自动重试，结果见 <a href="/admin/notify">消息转发</a>。 <small>Each new leave message is forwarded as set here; failures are retried, and every forward is listed under Forwarding.</small></p>
<fieldset class="stack"><legend>邮件 <small>Email</small></legend>
${checkboxField(state, "forward_email", html`新留言发送到以下邮箱 <small>Email new messages to these addresses</small>`)}
${textArea(state, "forward_emails", html`邮箱 <small>Addresses</small>`, { rows: 3, maxlength: 4000, hint: html`每行一个，最多 ${MAX} 个 <small>One per line, at most ${MAX}</small>` })}
${smtp ? "" : missing("邮件服务器", "mail server")}
</fieldset>
<fieldset class="stack"><legend>短信 <small>SMS</small></legend>
${checkboxField(state, "forward_sms", html`新留言发送短信到以下号码 <small>Text new messages to these numbers</small>`)}
${textArea(state, "forward_phones", html`手机号码 <small>Phone numbers</small>`, { rows: 3, maxlength: 4000, hint: html`每行一个，最多 ${MAX} 个 <small>One per line, at most ${MAX}</small>` })}
${sms ? "" : missing("短信网关", "SMS gateway")}
</fieldset>`;
  },
};
