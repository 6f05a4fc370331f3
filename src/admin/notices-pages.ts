import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { NoticeRow } from "../team/model.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, fieldError, selectField, textArea, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";

/**
 * The notices pages (M4): send one to everyone, departments, groups or named agents within a time
 * window, and see who has read it. Recipients are chosen from pickers, never typed as ids.
 */
const ACTIVE = "/admin/notices";

const AUDIENCE = [
  { value: "all", label: "全体客服 Everyone" },
  { value: "department", label: "指定部门 Departments" },
  { value: "group", label: "指定分组 Groups" },
  { value: "agents", label: "指定客服 Agents" },
];

/** Which picker holds the ids of each audience kind (the form field an audience error belongs to). */
export const PICKER: Record<string, string> = { department: "department_ids", group: "group_ids", agents: "agent_ids" };

export const AUDIENCE_LABEL: Record<string, string> = Object.fromEntries(AUDIENCE.map((a) => [a.value, a.label]));

export interface NoticeListItem {
  notice: NoticeRow;
  read: number;
  total: number;
}

export type NoticeFormState = FieldState & { multi: Record<string, string[]> };
export type Option = { value: string; label: string };

function multiSelect(s: NoticeFormState, name: string, label: Html, options: Option[]): Html {
  const chosen = new Set(s.multi[name] ?? []);
  const err = s.errors[name];
  return html`<label>${label}
  <select name="${name}" multiple size="${Math.min(Math.max(options.length, 2), 8)}"${err ? html` aria-invalid="true" aria-describedby="err-${name}"` : ""}>${options.map((o) => html`<option value="${o.value}"${chosen.has(o.value) ? html` selected` : ""}>${o.label}</option>`)}</select>
  ${fieldError(s, name)}</label>`;
}

export function noticesPage(o: {
  principal: Principal; state: NoticeFormState; items: NoticeListItem[]; mayAll: boolean;
  departments: Option[]; groups: Option[]; agents: Option[]; notice?: string;
}) {
  const rows = o.items.map((i) => html`<tr>
  <td><a href="/admin/notices/${i.notice.id}">${i.notice.title}</a></td>
  <td>${AUDIENCE_LABEL[i.notice.audience_kind] ?? i.notice.audience_kind}</td>
  <td>${i.notice.sender_name}</td>
  <td>${formatTime(i.notice.starts_at)} – ${formatTime(i.notice.ends_at)}</td>
  <td>${i.read} / ${i.total}</td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "公告 Notices", active: ACTIVE, notice: o.notice,
    body: html`<h1>公告 <small>Notices</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/notices" class="stack">
  ${csrfField(o.principal)}
  ${textField(o.state, "title", html`标题 <small>Title</small>`, { required: true, maxlength: 100 })}
  ${textArea(o.state, "body", html`正文（纯文本） <small>Text (plain)</small>`, { rows: 6, maxlength: 5000 })}
  ${selectField(o.state, "audience_kind", html`接收范围 <small>Audience</small>`, o.mayAll ? AUDIENCE : AUDIENCE.slice(1))}
  ${multiSelect(o.state, "department_ids", html`部门（接收范围为部门时） <small>Departments (for the audience "Departments")</small>`, o.departments)}
  ${multiSelect(o.state, "group_ids", html`分组（接收范围为分组时） <small>Groups (for the audience "Groups")</small>`, o.groups)}
  ${multiSelect(o.state, "agent_ids", html`客服（接收范围为指定客服时） <small>Agents (for the audience "Agents")</small>`, o.agents)}
  ${textField(o.state, "starts_at", html`开始时间（留空为立即） <small>Starts (empty: now)</small>`, { type: "datetime-local" })}
  ${textField(o.state, "ends_at", html`结束时间（留空为 7 天后） <small>Ends (empty: in 7 days)</small>`, { type: "datetime-local" })}
  <button type="submit">发送 <small>Send</small></button>
</form>
<h2>最近的公告 <small>Recent notices</small></h2>
${o.items.length ? html`<table class="data" hx-disable>
<thead><tr><th>标题 <small>Title</small></th><th>接收范围 <small>Audience</small></th><th>发送人 <small>Sender</small></th><th>展示时间 <small>Shown</small></th><th>已读 <small>Read</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有公告。 <small>No notices yet.</small></p>`}`,
  });
}

export interface Reader {
  agentId: number;
  displayName: string;
  username: string;
  readAt: number | null;
}

/**
 * The read status, redrawn every few seconds: htmx fetches this same page and swaps in only
 * #notice-reads (hx-select), so no extra route is needed and the page works without JavaScript.
 */
function readsSection(id: number, read: Reader[], unread: Reader[]): Html {
  const who = (r: Reader) => html`${r.displayName} <small>(${r.username})</small>`;
  return html`<section id="notice-reads" hx-get="/admin/notices/${id}" hx-trigger="every 3s" hx-select="#notice-reads" hx-swap="outerHTML">
<h2>已读 <small>Read</small> (<span class="read-count">${read.length}</span>)</h2>
<ul class="read-list" hx-disable>${read.map((r) => html`<li data-agent="${r.agentId}">${who(r)} <time>${formatTime(r.readAt)}</time></li>`)}</ul>
<h2>未读 <small>Not read</small> (<span class="unread-count">${unread.length}</span>)</h2>
<ul class="unread-list" hx-disable>${unread.map((r) => html`<li data-agent="${r.agentId}">${who(r)}</li>`)}</ul>
</section>`;
}

export function noticeReadsPage(o: { principal: Principal; notice: NoticeRow; audience: string[]; read: Reader[]; unread: Reader[] }) {
  const n = o.notice;
  return adminPage({
    principal: o.principal, title: "公告已读情况 Notice reads", active: ACTIVE,
    body: html`<h1>${n.title}</h1>
<dl class="facts" hx-disable>
  <dt>发送人 <small>Sender</small></dt><dd>${n.sender_name}</dd>
  <dt>接收范围 <small>Audience</small></dt><dd>${AUDIENCE_LABEL[n.audience_kind] ?? n.audience_kind}${o.audience.length ? html`：${o.audience.join("、")}` : ""}</dd>
  <dt>展示时间 <small>Shown</small></dt><dd>${formatTime(n.starts_at)} – ${formatTime(n.ends_at)}</dd>
</dl>
<pre class="notice-body" hx-disable>${n.body}</pre>
${readsSection(n.id, o.read, o.unread)}
<p><a href="/admin/notices">返回 <small>Back</small></a></p>`,
  });
}
