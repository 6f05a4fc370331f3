import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { BlockListRow } from "../care/model.ts";
import { adminPage, csrfField } from "./layout.ts";
import { errorSummary, selectField, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";

/** The visitor blocking page (/admin/blocks, M7): blocks by IP, CIDR range or visitor id. */
export const BLOCKS_PATH = "/admin/blocks";

/** Expiry choices (minutes; "" = never), within the blocks service's 1 minute – 1 year. */
export const EXPIRY_OPTIONS = [
  { value: "60", label: "1 小时 1 hour" },
  { value: "1440", label: "1 天 1 day" },
  { value: "10080", label: "7 天 7 days" },
  { value: "43200", label: "30 天 30 days" },
  { value: "525600", label: "1 年 1 year" },
  { value: "", label: "永久 Never expires" },
];

const MODE_LABEL: Record<string, Html> = {
  hide: html`完全隐藏 <small>Hide entirely</small>`,
  refuse_chat: html`拒绝对话 <small>Refuse chat</small>`,
};

export interface BlocksPageModel {
  principal: Principal;
  blocks: BlockListRow[];
  /** Sites the admin may block on; `allSites` when "every site" may be chosen. */
  sites: { id: number; name: string }[];
  allSites: boolean;
  state: FieldState;
  now: number;
  notice?: string;
}

function status(b: BlockListRow, now: number): Html {
  if (b.lifted_at !== null) return html`<span class="badge off">已解除 <small>Lifted</small></span><br><small>${formatTime(b.lifted_at)}${b.lifted_by_name ? html` · ${b.lifted_by_name}` : ""}</small>`;
  if (b.expires_at !== null && b.expires_at <= now) return html`<span class="badge off">已过期 <small>Expired</small></span>`;
  return html`<span class="badge on">生效中 <small>Active</small></span>`;
}

function target(b: BlockListRow): Html {
  if (b.visitor_id === null) return html`<code>${b.ip_cidr ?? ""}</code>`;
  const name = b.visitor_name ? html`${b.visitor_name} ` : html``;
  return html`访客 <small>Visitor</small> ${name}#${b.visitor_id}${b.ip_cidr ? html`<br><small>IP <code>${b.ip_cidr}</code></small>` : ""}`;
}

function row(p: Principal, b: BlockListRow, now: number): Html {
  const live = Boolean(b.active);
  return html`<tr data-block="${b.id}"${live ? "" : html` class="muted"`}>
  <td>${target(b)}</td>
  <td>${b.site_name ?? html`全部网站 <small>All sites</small>`}</td>
  <td>${MODE_LABEL[b.mode] ?? b.mode}</td>
  <td>${b.reason}</td>
  <td>${formatTime(b.created_at)}${b.created_by_name ? html`<br><small>${b.created_by_name}</small>` : ""}</td>
  <td>${b.expires_at === null ? html`永久 <small>Never</small>` : formatTime(b.expires_at)}</td>
  <td>${status(b, now)}</td>
  <td class="actions">${live ? html`<form method="post" action="${BLOCKS_PATH}/${b.id}/lift" class="inline">${csrfField(p)}<button type="submit">解除 <small>Unblock</small></button></form>` : ""}</td>
</tr>`;
}

function addForm(m: BlocksPageModel): Html {
  const s = m.state;
  const siteOptions = [...(m.allSites ? [{ value: "", label: "全部网站 All sites" }] : []), ...m.sites.map((x) => ({ value: String(x.id), label: x.name }))];
  return html`<h2>添加屏蔽 <small>Add a block</small></h2>
${errorSummary(s)}
<form method="post" action="${BLOCKS_PATH}" class="stack" novalidate>
  ${csrfField(m.principal)}
  ${selectField(s, "kind", html`屏蔽对象 <small>Block by</small>`, [
    { value: "ip", label: "IP 地址或网段 IP address or CIDR range" },
    { value: "visitor", label: "访客编号 Visitor id" },
  ])}
  ${textField(s, "target", html`IP、网段或访客编号 <small>IP, range or visitor id</small>`, {
    required: true, maxlength: 64,
    hint: html`如 <code>203.0.113.7</code>、<code>203.0.113.0/24</code>、<code>2001:db8::/32</code>，或工作台访客详情中的访客编号。 <small>E.g. 203.0.113.7, 203.0.113.0/24, 2001:db8::/32, or the visitor id shown in the console's visitor details.</small>`,
  })}
  ${selectField(s, "site_id", html`网站 <small>Site</small>`, siteOptions)}
  <p class="hint">按访客编号屏蔽时，屏蔽作用于该访客所属的网站。 <small>A visitor block applies on the visitor's own site.</small></p>
  ${selectField(s, "mode", html`屏蔽方式 <small>Mode</small>`, [
    { value: "hide", label: "完全隐藏（不显示挂件） Hide entirely (no widget)" },
    { value: "refuse_chat", label: "拒绝对话（仍可留言） Refuse chat (leave messages still possible)" },
  ])}
  ${selectField(s, "expires", html`有效期 <small>Expires after</small>`, EXPIRY_OPTIONS)}
  ${textField(s, "reason", html`原因 <small>Reason</small>`, { required: true, maxlength: 200 })}
  <button type="submit">屏蔽 <small>Block</small></button>
</form>`;
}

export function blocksPage(m: BlocksPageModel): string {
  const active = m.blocks.filter((b) => b.active);
  const ended = m.blocks.filter((b) => !b.active);
  const table = (rows: BlockListRow[], caption: Html) => html`<table class="data blocks">
<caption>${caption}</caption>
<thead><tr><th>对象 <small>Target</small></th><th>网站 <small>Site</small></th><th>方式 <small>Mode</small></th><th>原因 <small>Reason</small></th><th>创建 <small>Created</small></th><th>到期 <small>Expires</small></th><th>状态 <small>Status</small></th><th>操作 <small>Actions</small></th></tr></thead>
<tbody>${rows.map((b) => row(m.principal, b, m.now))}</tbody>
</table>`;
  return adminPage({
    principal: m.principal, title: "屏蔽访客 Blocked visitors", active: BLOCKS_PATH, notice: m.notice,
    body: html`<h1>屏蔽访客 <small>Blocked visitors</small></h1>
<p class="muted">“完全隐藏”使挂件不再出现在访客页面上；“拒绝对话”只允许留言。到期后自动解除。 <small>"Hide entirely" removes the widget from the visitor's pages; "Refuse chat" allows leave messages only. Blocks end by themselves when they expire.</small></p>
${addForm(m)}
<h2>生效中的屏蔽 <small>Active blocks</small></h2>
${active.length ? table(active, html`生效中 <small>Active</small>`) : html`<p class="muted" id="no-active-blocks">没有生效中的屏蔽。 <small>No active blocks.</small></p>`}
<h2>近 30 天解除或过期 <small>Lifted or expired in the last 30 days</small></h2>
${ended.length ? table(ended, html`已结束 <small>Ended</small>`) : html`<p class="muted">没有。 <small>None.</small></p>`}`,
  });
}
