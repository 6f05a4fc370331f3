import type { LeaveMessageRow } from "../leave/service.ts";
import type { ForwardingSettings } from "../sites/settings/sections/forwarding.ts";
import { escapeHtml } from "../platform/html.ts";
import type { NewOutboxRow, OutboxRepo } from "./outbox.ts";

export const LEAVE_FORWARD = "leave.forward";
const SMS_MAX = 300;

const TIME = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
/** `YYYY-MM-DD HH:mm` in the server's time zone, as on the admin pages. */
export function formatMinute(ms: number): string {
  const p = Object.fromEntries(TIME.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
const contactOf = (m: LeaveMessageRow) => [m.phone, m.email, m.company].filter(Boolean).join(" / ");

/** The forwarded mail: plain text, and an HTML part in which every visitor value is escaped text. */
export function renderLeaveEmail(m: LeaveMessageRow, site: string): { subject: string; text: string; html: string } {
  const who = oneLine(m.name || m.phone || m.email || "访客");
  const subject = oneLine(`[迎客] ${site} 新留言：${who}`).slice(0, 150);
  const rows: [string, string][] = [
    ["网站 Site", site],
    ["姓名 Name", m.name || "—"],
    ["联系方式 Contact", contactOf(m) || "—"],
    ["页面 Page", m.page_url || "—"],
    ["时间 Time", formatMinute(m.created_at)],
    ["留言编号 No.", String(m.id)],
  ];
  const text = [
    `${site} 收到一条新留言 / A new message was left on ${site}.`,
    "",
    ...rows.slice(0, 3).map(([k, v]) => `${k}: ${v}`),
    "",
    "留言内容 Message:",
    m.content,
    "",
    ...rows.slice(3).map(([k, v]) => `${k}: ${v}`),
  ].join("\n");
  const tr = ([k, v]: [string, string]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;
  const html = `<!doctype html><html><body>
<p>${escapeHtml(`${site} 收到一条新留言 / A new message was left on ${site}.`)}</p>
<table>${rows.slice(0, 3).map(tr).join("")}</table>
<p><strong>留言内容 Message:</strong></p>
<div style="white-space:pre-wrap;border-left:3px solid #ccc;padding-left:8px">${escapeHtml(m.content)}</div>
<table>${rows.slice(3).map(tr).join("")}</table>
</body></html>`;
  return { subject, text, html };
}

/** One short text: the SMS gateway bills per segment. */
export function renderLeaveSms(m: LeaveMessageRow, site: string): string {
  const who = [m.name, m.phone || m.email].filter(Boolean).join(" ");
  const text = oneLine(`【${site}】新留言${who ? ` ${who}` : ""}：${m.content}`);
  return text.length > SMS_MAX ? `${text.slice(0, SMS_MAX - 1)}…` : text;
}

/**
 * Writes a leave message's forwards. Runs inside the transaction that stores the message, so
 * both commit together or neither does: a crash can never leave a message without its forwards.
 */
export function enqueueLeaveForwards(repo: OutboxRepo, m: LeaveMessageRow, f: ForwardingSettings, site: string): number {
  const base = { purpose: LEAVE_FORWARD, ref_id: m.id, site_id: m.site_id, created_at: m.created_at };
  const rows: NewOutboxRow[] = [];
  if (f.emailEnabled && f.emails.length) {
    const mail = renderLeaveEmail(m, site);
    for (const to of f.emails) rows.push({ ...base, channel: "email", recipient: to, subject: mail.subject, body: mail.text, html: mail.html, reply_to: m.email });
  }
  if (f.smsEnabled && f.phones.length) {
    const text = renderLeaveSms(m, site);
    for (const phone of f.phones) rows.push({ ...base, channel: "sms", recipient: phone, subject: site, body: text, html: "", reply_to: "" });
  }
  return rows.filter((r) => repo.insert(r)).length;
}
