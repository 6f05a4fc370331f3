import { html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { SiteRow } from "../sites/service.ts";
import type { GroupRow } from "../agents/groups.ts";
import { adminPage, csrfField } from "./layout.ts";
import { checkboxField, errorSummary, selectField, textField, type FieldState } from "./forms.ts";

/** Automatic assignment settings (/admin/routing, R1 R3 R5): one form for every site and group. */
const ACTIVE = "/admin/routing";

const SITE_OPTIONS = [
  { value: "manual", label: "手动（客服自行接待） Manual (agents pick)" },
  { value: "service", label: "自动·客服型（当前对话最少） Automatic, service (fewest current chats)" },
  { value: "sales", label: "自动·销售型（今日接待最少） Automatic, sales (fewest chats today)" },
];
const GROUP_OPTIONS = [{ value: "inherit", label: "沿用网站设置 Same as the site" }, ...SITE_OPTIONS];

export function routingPage(o: { principal: Principal; sites: SiteRow[]; groups: GroupRow[]; state: FieldState; notice?: string }) {
  const s = o.state;
  const siteRows = o.sites.map((site) => html`<fieldset class="stack"><legend>${site.name}</legend>
${selectField(s, `site_${site.id}_assign_mode`, html`分配方式 <small>Assignment</small>`, SITE_OPTIONS)}
${checkboxField(s, `site_${site.id}_prefer_previous_agent`, html`优先分配给上次对话的客服 <small>Prefer the visitor's previous agent</small>`)}
${textField(s, `site_${site.id}_offer_timeout_seconds`, html`应答时限（秒） <small>Seconds to accept an offer</small>`, { type: "number", min: 5, max: 600, required: true, hint: html`超时未接受则分配给下一位客服 <small>Unanswered offers move to the next agent</small>` })}
</fieldset>`);
  const groupRows = o.groups.map((g) => selectField(s, `group_${g.id}_assign_mode`, html`${g.name}`, GROUP_OPTIONS));
  return adminPage({
    principal: o.principal, title: "自动分配 Routing", active: ACTIVE, notice: o.notice,
    body: html`<h1>自动分配 <small>Automatic assignment</small></h1>
<p class="muted">启用自动分配后，访客进入排队，系统把对话分配给负荷最轻的在线客服，并告知访客排队位置。
<small>With automatic assignment, visitors queue and each chat is offered to the least loaded online agent; visitors see their place in the queue.</small></p>
${errorSummary(s)}
<form method="post" action="/admin/routing" class="stack">
  ${csrfField(o.principal)}
  <h2>网站 <small>Sites</small></h2>
  ${o.sites.length ? siteRows : html`<p class="muted">还没有网站 <small>No sites yet</small></p>`}
  <h2>分组 <small>Groups</small></h2>
  ${o.groups.length ? groupRows : html`<p class="muted">还没有分组 <small>No groups yet</small></p>`}
  <button type="submit">保存 <small>Save</small></button>
</form>`,
  });
}
