import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { OutboxRow, OutboxStatus } from "../notify/outbox.ts";
import { SMS_PLACEHOLDERS } from "../notify/sms-template.ts";
import { RETRY } from "../notify/worker.ts";
import { adminPage, csrfField } from "./layout.ts";
import { checkboxField, errorSummary, selectField, textArea, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";
import { maskEmail, maskPhone } from "../platform/masking.ts";

/** Forwarding (/admin/notify, settings.manage): the outbox, the mail server and the SMS gateway. */
const ACTIVE = "/admin/notify";
export const OUTBOX_PAGE_SIZE = 50;

function tabs(current: "outbox" | "smtp" | "sms"): Html {
  const item = (key: typeof current, href: string, label: Html) =>
    html`<li><a href="${href}"${key === current ? html` aria-current="page" class="active"` : ""}>${label}</a></li>`;
  return html`<nav class="settings-tabs" aria-label="消息转发 Forwarding"><ul>
${item("outbox", "/admin/notify", html`发送队列 <small>Outbox</small>`)}
${item("smtp", "/admin/notify/smtp", html`邮件服务器 <small>Mail server</small>`)}
${item("sms", "/admin/notify/sms", html`短信网关 <small>SMS gateway</small>`)}
</ul></nav>`;
}

const STATUS_LABEL: Record<OutboxStatus, Html> = {
  pending: html`等待发送 <small>Pending</small>`,
  failed: html`发送失败 <small>Failed</small>`,
  sent: html`已发送 <small>Sent</small>`,
};
const CHANNEL_LABEL = { email: "邮件 Email", sms: "短信 SMS" } as const;

/**
 * X8 for a viewer without visitor.contact: a forward's text carries the visitor's phone or email
 * (the SMS line, a subject naming the visitor by contact), so those are masked inside the text.
 */
export function maskContacts(text: string): string {
  return text
    .replace(/[^\s@<>"'，：:;；/]+@[^\s@<>"'，：:;；/]+\.[^\s@<>"'，：:;；/]+/g, (m) => maskEmail(m))
    .replace(/\+?\d[\d\s()-]{5,}\d/g, (m) => maskPhone(m));
}

export function outboxPage(o: { principal: Principal; status: OutboxStatus; counts: Record<OutboxStatus, number>; rows: OutboxRow[]; page: number; siteName: (id: number | null) => string; notice?: string }) {
  const shown = o.principal.permissions.has("visitor.contact") ? (t: string) => t : maskContacts;
  const statusTabs = (["failed", "pending", "sent"] as const).map((s) =>
    html`<li><a href="/admin/notify?status=${s}"${s === o.status ? html` aria-current="page" class="active"` : ""}>${STATUS_LABEL[s]} (${o.counts[s]})</a></li>`);
  const row = (r: OutboxRow) => html`<tr data-id="${r.id}" data-status="${r.status}">
  <td>${formatTime(r.created_at)}</td>
  <td>${CHANNEL_LABEL[r.channel]}</td>
  <td>${r.recipient}</td>
  <td>${o.siteName(r.site_id)}</td>
  <td>${shown(r.channel === "email" ? r.subject : r.body)}</td>
  <td class="attempts">${r.attempts}</td>
  <td>${r.status === "pending" ? formatTime(r.next_attempt_at) : r.status === "sent" ? formatTime(r.sent_at) : "—"}</td>
  <td class="last-error">${r.last_error || "—"}</td>
  <td>${r.status === "sent" ? "" : html`<form method="post" action="/admin/notify/outbox/${r.id}/retry" class="inline">${csrfField(o.principal)}<button type="submit" class="secondary">立即重试 <small>Retry now</small></button></form>`}</td>
</tr>`;
  const timeHeading = o.status === "sent" ? html`发送时间 <small>Sent</small>` : o.status === "pending" ? html`下次尝试 <small>Next attempt</small>` : html`下次尝试 <small>Next attempt</small>`;
  const more = o.rows.length === OUTBOX_PAGE_SIZE;
  return adminPage({
    principal: o.principal, title: "消息转发 Forwarding", active: ACTIVE, notice: o.notice,
    body: html`<h1>消息转发 <small>Forwarding</small></h1>
${tabs("outbox")}
<p class="muted">新留言按各网站“留言转发”设置发送邮件和短信。发送失败按 1、2、4……分钟（最长 60 分钟）的间隔重试，${RETRY.maxAttempts} 次仍失败则标为失败，可在此立即重试。
<small>New leave messages are emailed and texted as each site's "Message forwarding" settings say. Failures are retried after 1, 2, 4 … minutes (at most 60); after ${RETRY.maxAttempts} attempts a forward is marked failed and can be retried here.</small></p>
<nav class="settings-tabs" aria-label="状态 Status"><ul>${statusTabs}</ul></nav>
${o.rows.length ? html`<table class="data outbox">
<thead><tr><th>时间 <small>Created</small></th><th>方式 <small>Channel</small></th><th>收件人 <small>Recipient</small></th><th>网站 <small>Site</small></th><th>内容 <small>Content</small></th><th>尝试次数 <small>Attempts</small></th><th>${timeHeading}</th><th>最近错误 <small>Last error</small></th><th></th></tr></thead>
<tbody>${o.rows.map(row)}</tbody></table>` : html`<p class="muted">没有记录 <small>Nothing here</small></p>`}
<nav class="pager" aria-label="分页 Pages">
${o.page > 1 ? html`<a rel="prev" href="/admin/notify?status=${o.status}&page=${o.page - 1}">上一页 <small>Previous</small></a>` : ""}
${more ? html`<a rel="next" href="/admin/notify?status=${o.status}&page=${o.page + 1}">下一页 <small>Next</small></a>` : ""}
</nav>`,
  });
}

/** A "send a test" form under a settings form; its result or error shows beside its field. */
function testForm(o: { principal: Principal; action: string; name: string; label: Html; type: string; state: FieldState; result?: string }) {
  return html`<form method="post" action="${o.action}" class="stack test-send">
  ${csrfField(o.principal)}
  ${textField(o.state, o.name, o.label, { type: o.type, maxlength: 254, required: true })}
  ${o.result ? html`<p class="notice" role="status">${o.result}</p>` : ""}
  <button type="submit" class="secondary">发送测试 <small>Send a test</small></button>
</form>`;
}

export function smtpPage(o: { principal: Principal; state: FieldState; passwordSet: boolean; test: FieldState; testResult?: string; notice?: string }) {
  const s = o.state;
  return adminPage({
    principal: o.principal, title: "邮件服务器 Mail server", active: ACTIVE, notice: o.notice,
    body: html`<h1>消息转发 <small>Forwarding</small></h1>
${tabs("smtp")}
<h2>邮件服务器 <small>Mail server (SMTP)</small></h2>
<p class="muted">本单位的邮件服务器，用于留言转发和邮件回复。 <small>Your organisation's own mail server, used to forward leave messages and to reply by email.</small></p>
${errorSummary(s)}
<form method="post" action="/admin/notify/smtp" class="stack">
  ${csrfField(o.principal)}
  ${textField(s, "host", html`服务器地址 <small>Host</small>`, { required: true, maxlength: 253 })}
  ${textField(s, "port", html`端口 <small>Port</small>`, { type: "number", min: 1, max: 65535, hint: html`常用 25、465（SSL）、587（STARTTLS） <small>Usually 25, 465 (TLS) or 587 (STARTTLS)</small>` })}
  ${checkboxField(s, "secure", html`连接即使用 SSL/TLS（端口 465） <small>TLS from the start (port 465)</small>`)}
  ${textField(s, "user", html`用户名 <small>User</small>`, { maxlength: 254, autocomplete: "off" })}
  ${textField(s, "password", html`密码 <small>Password</small>`, {
    type: "password", maxlength: 512, autocomplete: "new-password",
    hint: o.passwordSet ? html`已设置；留空则保持不变 <small>Set; leave empty to keep it</small>` : html`未设置 <small>Not set</small>`,
  })}
  ${textField(s, "from", html`发件人邮箱 <small>From address</small>`, { type: "email", required: true, maxlength: 254 })}
  ${textField(s, "fromName", html`发件人名称 <small>From name</small>`, { maxlength: 100 })}
  <button type="submit">保存 <small>Save</small></button>
</form>
<h2>测试邮件 <small>Test mail</small></h2>
${testForm({ principal: o.principal, action: "/admin/notify/smtp/test", name: "test_to", label: html`收件人 <small>To</small>`, type: "email", state: o.test, result: o.testResult })}`,
  });
}

export function smsPage(o: { principal: Principal; state: FieldState; secretSet: boolean; test: FieldState; testResult?: string; notice?: string }) {
  const s = o.state;
  const names = SMS_PLACEHOLDERS.map((p) => html`<code>{{${p}}}</code> `);
  return adminPage({
    principal: o.principal, title: "短信网关 SMS gateway", active: ACTIVE, notice: o.notice,
    body: html`<h1>消息转发 <small>Forwarding</small></h1>
${tabs("sms")}
<h2>短信网关 <small>SMS gateway</small></h2>
<p class="muted">每条短信按下面的模板向网关发送一个 HTTP 请求。可用占位符：${names}（收件号码、短信内容、网站名称、留言编号、时间、密钥）。占位符的值会按所在位置转义：地址中按 URL 编码，JSON 请求体中按 JSON 字符串转义，表单请求体中按表单编码。
<small>Each SMS is one HTTP request to the gateway, built from this template. Placeholders: recipient number, text, site name, message number, time, secret. Values are escaped for where they land: URL-encoded in the address, JSON-escaped in a JSON body, form-encoded in a form body.</small></p>
${errorSummary(s)}
<form method="post" action="/admin/notify/sms" class="stack">
  ${csrfField(o.principal)}
  ${textField(s, "url", html`网关地址 <small>URL</small>`, { required: true, maxlength: 2000, hint: html`例如 <code>https://sms.example.gov.cn/send?to={{phone}}</code>` })}
  ${selectField(s, "method", html`请求方法 <small>Method</small>`, [{ value: "POST", label: "POST" }, { value: "GET", label: "GET" }])}
  ${selectField(s, "contentType", html`请求体类型 <small>Body type</small>`, [
    { value: "application/json", label: "JSON (application/json)" },
    { value: "application/x-www-form-urlencoded", label: "表单 Form (application/x-www-form-urlencoded)" },
  ])}
  ${textArea(s, "headers", html`请求头 <small>Headers</small>`, { rows: 3, maxlength: 4000, hint: html`每行一个“名称: 值”；密钥请写 <code>{{secret}}</code>，如 <code>Authorization: Bearer {{secret}}</code> <small>One "Name: value" per line; write the key as {{secret}}</small>` })}
  ${textArea(s, "body", html`请求体模板 <small>Body template</small>`, { rows: 4, maxlength: 4000, hint: html`例如 <code>{"mobile":"{{phone}}","content":"{{text}}"}</code>；GET 请求不发送请求体 <small>Not sent with GET</small>` })}
  ${textField(s, "secret", html`密钥 <small>Secret</small>`, {
    type: "password", maxlength: 1000, autocomplete: "new-password",
    hint: o.secretSet ? html`已设置（加密保存）；留空则保持不变 <small>Set (stored encrypted); leave empty to keep it</small>` : html`未设置；加密保存，保存后不再显示 <small>Not set; stored encrypted and never shown again</small>`,
  })}
  ${o.secretSet ? checkboxField(s, "clearSecret", html`清除已保存的密钥 <small>Remove the stored secret</small>`) : ""}
  ${textField(s, "timeoutSeconds", html`超时（秒） <small>Timeout (seconds)</small>`, { type: "number", min: 1, max: 60 })}
  ${textField(s, "successContains", html`成功应答须包含 <small>A successful answer contains</small>`, { maxlength: 200, hint: html`除 2xx 状态码外还要求应答包含此文字；留空则任何 2xx 即成功 <small>Besides a 2xx status; empty: any 2xx is success</small>` })}
  <button type="submit">保存 <small>Save</small></button>
</form>
<h2>测试短信 <small>Test SMS</small></h2>
${testForm({ principal: o.principal, action: "/admin/notify/sms/test", name: "test_phone", label: html`手机号码 <small>Phone number</small>`, type: "tel", state: o.test, result: o.testResult })}`,
  });
}
