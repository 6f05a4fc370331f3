import { html, type Html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { SiteRow } from "../sites/service.ts";
import { adminPage, csrfField } from "./layout.ts";
import { checkboxField, errorSummary, selectField, textArea, textField, type FieldState } from "./forms.ts";
import { formatTime } from "./format.ts";

/** Website administration pages (/admin/sites): list, create, edit with the embed snippet. */
const ACTIVE = "/admin/sites";

/** The widget languages (src/sites/model.ts WIDGET_LANGUAGES), each named in its own language. */
export const LANGUAGE_OPTIONS = [
  { value: "zh-CN", label: "简体中文 Simplified Chinese" },
  { value: "zh-TW", label: "繁體中文 Traditional Chinese" },
  { value: "en", label: "English" },
  { value: "ja", label: "日本語 Japanese" },
  { value: "ko", label: "한국어 Korean" },
];

const languageName = (code: string) => LANGUAGE_OPTIONS.find((l) => l.value === code)?.label ?? code;

export const siteValues = (s: SiteRow): Record<string, string> => ({
  name: s.name, allowed_origins: s.allowed_origins, default_language: s.default_language, disabled: s.disabled ? "1" : "",
  department_id: s.department_id ? String(s.department_id) : "", route_group_id: s.route_group_id ? String(s.route_group_id) : "",
  route_agent_id: s.route_agent_id ? String(s.route_agent_id) : "", entry_choice: s.entry_choice,
});

/** What the entry fields choose from (V24): every department, group and enabled agent. */
export interface EntryLists {
  departments: { id: number; name: string }[];
  groups: { id: number; name: string; department_id: number | null }[];
  agents: { id: number; display_name: string; username: string; department_id: number | null }[];
}

const ENTRY_CHOICE_OPTIONS = [
  { value: "none", label: "不提供选择 No choice" },
  { value: "groups", label: "访客选择分组 Visitor chooses a group" },
  { value: "agents", label: "访客选择客服 Visitor chooses an agent" },
];

/** Department, entry binding and what the widget offers (V24); the service checks the combination. */
function entryFields(s: FieldState, lists: EntryLists): Html {
  const deptName = (id: number | null) => lists.departments.find((d) => d.id === id)?.name;
  const none = { value: "", label: "无 None" };
  const inDept = (id: number | null) => (deptName(id) ? ` (${deptName(id)})` : "");
  return html`<fieldset class="stack">
  <legend>接待入口 <small>Entry and routing</small></legend>
  ${selectField(s, "department_id", html`所属部门 <small>Department</small>`, [{ value: "", label: "无（全体客服接待） None (served by everyone)" }, ...lists.departments.map((d) => ({ value: String(d.id), label: d.name }))])}
  <p class="hint">设置部门后，只有该部门的客服接待此网站，入口只能绑定该部门的分组或客服。 <small>With a department, only its agents serve this site, and the entry can be bound only to its groups or agents.</small></p>
  ${selectField(s, "route_group_id", html`入口绑定分组 <small>Entry bound to a group</small>`, [none, ...lists.groups.map((g) => ({ value: String(g.id), label: g.name + inDept(g.department_id) }))])}
  ${selectField(s, "route_agent_id", html`入口绑定客服 <small>Entry bound to an agent</small>`, [none, ...lists.agents.map((a) => ({ value: String(a.id), label: `${a.display_name} (${a.username})${inDept(a.department_id)}` }))])}
  <p class="hint">分组和客服只能绑定其一：绑定分组后对话只能由该组客服接待。 <small>Bind a group or an agent, not both: a chat from a group-bound entry is taken only by that group's agents.</small></p>
  ${selectField(s, "entry_choice", html`访客选择 <small>Visitor's choice</small>`, ENTRY_CHOICE_OPTIONS)}
  <p class="hint">提供选择时，访客在发送第一条消息前从列表中选择分组或客服（显示在线状态）；选择优先于上面的绑定。 <small>With a choice, the visitor picks a group or an agent (shown online or offline) before the first message; the choice takes precedence over the binding above.</small></p>
</fieldset>`;
}

function statusOf(s: SiteRow): Html {
  return s.disabled ? html`<span class="badge off">已停用 <small>Disabled</small></span>` : html`<span class="badge on">已启用 <small>Enabled</small></span>`;
}

const originLines = (text: string) => text.split("\n").filter(Boolean).map((l) => html`<code>${l}</code><br>`);

export function siteListPage(o: { principal: Principal; sites: SiteRow[]; notice?: string }) {
  const rows = o.sites.map((s) => html`<tr>
  <td><a href="/admin/sites/${s.id}">${s.name}</a></td>
  <td><code>${s.site_key}</code></td>
  <td>${originLines(s.allowed_origins)}</td>
  <td>${languageName(s.default_language)}</td>
  <td>${statusOf(s)}</td>
  <td>${formatTime(s.created_at)}</td>
  <td><a href="/admin/sites/${s.id}/settings">挂件设置 <small>Widget settings</small></a></td>
</tr>`);
  return adminPage({
    principal: o.principal, title: "网站 Sites", active: ACTIVE, notice: o.notice,
    body: html`<h1>网站 <small>Sites</small></h1>
<p><a class="button" href="/admin/sites/new">新建网站 <small>New site</small></a></p>
${o.sites.length ? html`<table class="data" hx-disable>
<thead><tr><th>名称 <small>Name</small></th><th>网站密钥 <small>Site key</small></th><th>允许的来源 <small>Allowed origins</small></th><th>默认语言 <small>Language</small></th><th>状态 <small>Status</small></th><th>创建时间 <small>Created</small></th><th><span class="sr-only">设置 Settings</span></th></tr></thead>
<tbody>${rows}</tbody>
</table>` : html`<p class="muted">还没有网站。新建一个网站即可获得嵌入代码。 <small>No sites yet. Create one to get its embed code.</small></p>`}`,
  });
}

function siteFields(s: FieldState): Html {
  return html`${textField(s, "name", html`网站名称 <small>Site name</small>`, { required: true, maxlength: 80 })}
${textArea(s, "allowed_origins", html`允许的来源 <small>Allowed origins</small>`, {
    rows: 4, maxlength: 4000,
    hint: html`每行一个来源，只写协议、域名和端口，如 <code>https://www.example.gov.cn</code>。其他来源的页面无法打开对话。 <small>One origin per line: scheme, host and port only, e.g. https://www.example.gov.cn. Pages served from any other origin cannot open the chat.</small>`,
  })}
${selectField(s, "default_language", html`默认语言 <small>Default language</small>`, LANGUAGE_OPTIONS)}`;
}

export function newSitePage(o: { principal: Principal; state: FieldState; lists: EntryLists }) {
  return adminPage({
    principal: o.principal, title: "新建网站 New site", active: ACTIVE,
    body: html`<h1>新建网站 <small>New site</small></h1>
${errorSummary(o.state)}
<form method="post" action="/admin/sites" class="stack">
  ${csrfField(o.principal)}
  ${siteFields(o.state)}
  ${entryFields(o.state, o.lists)}
  <button type="submit">创建 <small>Create</small></button>
  <a href="/admin/sites">取消 <small>Cancel</small></a>
</form>`,
  });
}

/**
 * `snippet` is the markup a site pastes into its pages; it is shown here as text (escaped), in a
 * read-only textarea the admin can select and copy — no inline script is allowed by the CSP.
 */
export function editSitePage(o: { principal: Principal; site: SiteRow; snippet: Html; state: FieldState; lists: EntryLists; notice?: string }) {
  const s = o.site;
  const p = o.principal;
  return adminPage({
    principal: p, title: "编辑网站 Edit site", active: ACTIVE, notice: o.notice,
    body: html`<h1>编辑网站 <small>Edit site</small></h1>
<dl class="facts" hx-disable>
  <dt>名称 <small>Name</small></dt><dd>${s.name}</dd>
  <dt>网站密钥 <small>Site key</small></dt><dd><code id="site-key">${s.site_key}</code></dd>
  <dt>状态 <small>Status</small></dt><dd>${statusOf(s)}</dd>
  <dt>创建时间 <small>Created</small></dt><dd>${formatTime(s.created_at)}</dd>
  <dt>更新时间 <small>Updated</small></dt><dd>${formatTime(s.updated_at)}</dd>
</dl>
<p><a class="button" href="/admin/sites/${s.id}/settings">挂件与服务设置（样式、文字、表单、规则……） <small>Widget and service settings (styles, texts, forms, rules…)</small></a></p>
<section class="snippet">
  <h2>嵌入代码 <small>Embed code</small></h2>
  <label>将下面一行粘贴到网站每个页面的 <code>&lt;/body&gt;</code> 之前。复制：选中全部文字后按 Ctrl+C。 <small>Paste this line before <code>&lt;/body&gt;</code> on every page of the site. Copy: select all of the text and press Ctrl+C.</small>
  <textarea id="embed-snippet" rows="3" readonly spellcheck="false">${o.snippet.value}</textarea></label>
</section>
${errorSummary(o.state)}
<form method="post" action="/admin/sites/${s.id}" class="stack">
  ${csrfField(p)}
  ${siteFields(o.state)}
  ${entryFields(o.state, o.lists)}
  ${checkboxField(o.state, "disabled", html`停用此网站（其页面上的插件不再工作） <small>Disable this site (the widget stops working on its pages)</small>`)}
  <button type="submit">保存 <small>Save</small></button>
</form>
<p><a href="/admin/sites">返回列表 <small>Back to the list</small></a></p>`,
  });
}
