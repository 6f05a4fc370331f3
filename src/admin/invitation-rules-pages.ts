import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { SiteRow } from "../sites/service.ts";
import type { InvitationRule } from "../invitations/service.ts";
import { adminPage, csrfField } from "./layout.ts";
import { checkboxField, errorSummary, selectField, textArea, textField, type FieldState } from "./forms.ts";
import { LANGUAGE_OPTIONS } from "./sites-pages.ts";
import { textFieldOf } from "../invitations/validate.ts";
import { SECTIONS, SETTINGS_LINKS } from "../sites/settings/registry.ts";

/** Automatic invitation rules of one site (/admin/sites/:id/invitation-rules; V8 rules, M10). */
const ACTIVE = "/admin/sites";
const base = (site: SiteRow) => `/admin/sites/${site.id}/invitation-rules`;

export interface RuleStats {
  shown: number;
  accepted: number;
  declined: number;
}

const KIND_LABEL: Record<string, Html> = {
  invite: html`邀请框 <small>Invitation</small>`,
  proactive: html`主动对话 <small>Proactive chat</small>`,
};

/** One line saying when a rule fires, from its fields (admin text shown as text). */
function summary(r: InvitationRule): Html {
  const parts: Html[] = [r.trigger === "leave" ? html`离开意图 <small>leave intent</small>` : html`停留 ${r.delaySeconds} 秒 <small>after ${r.delaySeconds} s</small>`];
  if (r.urlPatterns.length) parts.push(html`网址 <small>URL</small> <code>${r.urlPatterns.join(" ")}</code>`);
  if (r.minPageViews > 1) parts.push(html`第 ${r.minPageViews} 页起 <small>from page ${r.minPageViews}</small>`);
  if (r.regions.length) parts.push(html`地区 <small>region</small> ${r.regions.join("、")}`);
  if (r.sources.length) parts.push(html`来源 <small>source</small> ${r.sources.join("、")}`);
  if (r.keywords.length) parts.push(html`关键词 <small>keyword</small> ${r.keywords.join("、")}`);
  parts.push(r.maxPerVisit ? html`每次访问 ${r.maxPerVisit} 次 <small>${r.maxPerVisit}× per visit</small>` : html`次数不限 <small>no limit</small>`);
  return html`${parts.map((p, i) => html`${i ? " · " : ""}${p}`)}`;
}

/** The site's settings tabs (as on /admin/sites/:id/settings/*), this page current. */
function tabs(site: SiteRow): Html {
  const items = SECTIONS.map((x) => html`<li><a href="/admin/sites/${site.id}/settings/${x.key}">${x.zh} <small>${x.en}</small></a></li>`);
  const links = SETTINGS_LINKS.map((l) => {
    const href = l.href(site.id);
    return html`<li><a href="${href}"${href === base(site) ? html` aria-current="page" class="active"` : ""}>${l.zh} <small>${l.en}</small></a></li>`;
  });
  return html`<nav class="settings-tabs" aria-label="设置分类 Settings sections"><ul>${items}${links}</ul></nav>`;
}

const rate = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : "—");

export function rulesListPage(o: { principal: Principal; site: SiteRow; rules: InvitationRule[]; stats: Map<number, RuleStats>; notice?: string }) {
  const p = o.principal;
  const action = (r: InvitationRule, path: string, label: Html, extra: Html = html``) =>
    html`<form method="post" action="${base(o.site)}/${r.id}/${path}" class="inline">${csrfField(p)}${extra}<button type="submit">${label}</button></form>`;
  const rows = o.rules.map((r, i) => {
    const st = o.stats.get(r.id) ?? { shown: 0, accepted: 0, declined: 0 };
    return html`<tr${r.enabled ? "" : html` class="muted"`} id="rule-${r.id}">
  <td>${i + 1}</td>
  <td><a href="${base(o.site)}/${r.id}">${r.name}</a><br><small>${summary(r)}</small></td>
  <td>${KIND_LABEL[r.kind]}</td>
  <td>${r.enabled ? html`<span class="badge on">启用 <small>On</small></span>` : html`<span class="badge off">停用 <small>Off</small></span>`}</td>
  <td class="num" data-stat="shown">${st.shown}</td>
  <td class="num" data-stat="accepted">${st.accepted} <small>(${rate(st.accepted, st.shown)})</small></td>
  <td class="num" data-stat="declined">${st.declined}</td>
  <td class="actions">
    ${i > 0 ? action(r, "move", html`上移 <small>Up</small>`, html`<input type="hidden" name="direction" value="up">`) : ""}
    ${i < o.rules.length - 1 ? action(r, "move", html`下移 <small>Down</small>`, html`<input type="hidden" name="direction" value="down">`) : ""}
    ${r.enabled ? action(r, "disable", html`停用 <small>Disable</small>`) : action(r, "enable", html`启用 <small>Enable</small>`)}
    ${action(r, "delete", html`删除 <small>Delete</small>`)}
  </td>
</tr>`;
  });
  return adminPage({
    principal: p, title: `自动邀请 Invitation rules — ${o.site.name}`, active: ACTIVE, notice: o.notice,
    body: html`<h1>自动邀请 <small>Invitation rules</small> — ${o.site.name}</h1>
<p><a href="/admin/sites/${o.site.id}">← 网站基本信息与嵌入代码 <small>Site details and embed code</small></a></p>
${tabs(o.site)}
<p class="muted">访客浏览时，按顺序第一条符合条件的规则向其发出邀请（停留时间和离开意图各取一条）。 <small>While a visitor browses, the first rule in this order whose conditions hold invites them (one rule for time on the page, one for leave intent).</small></p>
<p><a class="button" href="${base(o.site)}/new">新建规则 <small>New rule</small></a></p>
${o.rules.length ? html`<table class="data">
<thead><tr><th>#</th><th>规则 <small>Rule</small></th><th>方式 <small>Kind</small></th><th>状态 <small>Status</small></th><th>展示 <small>Shown</small></th><th>接受 <small>Accepted</small></th><th>拒绝 <small>Declined</small></th><th>操作 <small>Actions</small></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有规则。 <small>No rules yet.</small></p>`}`,
  });
}

function ruleFields(s: FieldState, groups: { id: number; name: string }[]): Html {
  return html`${textField(s, "name", html`规则名称 <small>Name</small>`, { required: true, maxlength: 60 })}
${checkboxField(s, "enabled", html`启用 <small>Enabled</small>`)}
${selectField(s, "kind", html`方式 <small>Kind</small>`, [
    { value: "invite", label: "邀请框：询问访客是否对话 Invitation: ask the visitor to chat" },
    { value: "proactive", label: "主动对话：直接打开对话窗口并发送邀请语 Proactive chat: open the chat with the text as the site's first message" },
  ])}
<fieldset class="stack">
  <legend>触发 <small>When</small></legend>
  ${selectField(s, "trigger", html`触发方式 <small>Trigger</small>`, [
    { value: "delay", label: "在页面停留一段时间后 After time on the page" },
    { value: "leave", label: "离开意图（桌面端鼠标移出窗口顶部）Leave intent (desktop: the pointer leaves the window at the top)" },
  ])}
  ${textField(s, "delay_seconds", html`停留秒数 <small>Seconds on the page</small>`, { type: "number", min: 0, max: 3600, hint: html`0 为立即；离开意图不使用此项。 <small>0 = at once; not used by leave intent.</small>` })}
</fieldset>
<fieldset class="stack">
  <legend>条件（全部满足；留空为不限） <small>Conditions (all must hold; empty = any)</small></legend>
  ${textArea(s, "url_patterns", html`网址规则 <small>URL patterns</small>`, { rows: 3, hint: html`每行一个，<code>*</code> 匹配任意字符。以 / 开头匹配路径，如 <code>/products/*</code>；或完整网址，如 <code>https://www.example.cn/loan/*</code>。 <small>One per line; * matches anything. Starting with / matches the path; otherwise the full URL.</small>` })}
  ${textField(s, "min_page_views", html`从本次访问的第几页起 <small>From the Nth page view of the visit</small>`, { type: "number", min: 0, max: 1000, hint: html`0 或 1 为不限。 <small>0 or 1 = any page.</small>` })}
  ${textArea(s, "regions", html`地区 <small>Regions</small>`, { rows: 2, hint: html`国家、省份或城市名称，如访客列表所示，如 <code>浙江</code>、<code>杭州</code>；每行一个或以逗号分隔。 <small>Country, province or city names as the visitor list shows them; one per line or comma-separated.</small>` })}
  ${textArea(s, "sources", html`来源 <small>Sources</small>`, { rows: 2, hint: html`搜索引擎名称（如 <code>百度</code>、<code>bing</code>）或来源网站域名（如 <code>partner.example.cn</code>）。 <small>A search engine's name or a referring site's domain.</small>` })}
  ${textArea(s, "keywords", html`搜索关键词 <small>Search keywords</small>`, { rows: 2, hint: html`访客搜索词包含其中之一即可。 <small>The visitor's search words contain one of these.</small>` })}
</fieldset>
<fieldset class="stack">
  <legend>限制 <small>Limits</small></legend>
  ${textField(s, "max_per_visit", html`每次访问最多邀请次数 <small>Times per visit</small>`, { type: "number", min: 0, max: 100, hint: html`0 为不限。 <small>0 = no limit.</small>` })}
  ${textField(s, "interval_seconds", html`两次邀请最小间隔（秒） <small>Minimum interval between invitations (seconds)</small>`, { type: "number", min: 0, max: 86400, hint: html`距该访客上一次收到任何邀请的时间。 <small>Since the visitor was last shown any invitation.</small>` })}
  ${checkboxField(s, "require_agent", html`仅在有客服可接待时邀请 <small>Only when an agent can take the chat</small>`)}
  ${selectField(s, "group_id", html`接待分组 <small>Group</small>`, [{ value: "", label: "网站的接待入口 The site's entry" }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))])}
</fieldset>
<fieldset class="stack">
  <legend>外观与邀请语 <small>Look and text</small></legend>
  ${selectField(s, "style", html`样式 <small>Style</small>`, [
    { value: "popup", label: "居中弹出 Centred popup" },
    { value: "corner", label: "角落卡片 Corner card" },
  ])}
  ${LANGUAGE_OPTIONS.map((l) => textArea(s, textFieldOf(l.value), html`邀请语 <small>Text</small> — ${l.label}`, { rows: 2, maxlength: 500 }))}
  <p class="hint">留空则使用该语言的默认邀请语。访客看到的语言按其浏览器选择。 <small>Empty = that language's default text. Visitors see the language of their browser.</small></p>
</fieldset>`;
}

export function rulePage(o: { principal: Principal; site: SiteRow; rule: InvitationRule | null; state: FieldState; groups: { id: number; name: string }[] }) {
  const p = o.principal;
  const title = o.rule ? html`编辑规则 <small>Edit rule</small>` : html`新建规则 <small>New rule</small>`;
  return adminPage({
    principal: p, title: `${o.rule ? "编辑规则 Edit rule" : "新建规则 New rule"} — ${o.site.name}`, active: ACTIVE,
    body: html`<h1>${title} — ${o.site.name}</h1>
${errorSummary(o.state)}
<form method="post" action="${o.rule ? `${base(o.site)}/${o.rule.id}` : base(o.site)}" class="stack">
  ${csrfField(p)}
  ${ruleFields(o.state, o.groups)}
  <button type="submit">${o.rule ? html`保存 <small>Save</small>` : html`创建 <small>Create</small>`}</button>
  <a href="${base(o.site)}">取消 <small>Cancel</small></a>
</form>`,
  });
}
