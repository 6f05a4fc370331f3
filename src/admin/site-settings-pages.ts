import { html, raw, type Html } from "../platform/html.ts";
import { errorSummary, type FieldState } from "../platform/forms.ts";
import { page } from "../platform/page.ts";
import type { Principal } from "../auth/service.ts";
import type { SiteRow } from "../sites/service.ts";
import type { SectionContext, SettingsLink, SettingsSection } from "../sites/settings/section.ts";
import { adminPage, csrfField } from "./layout.ts";

export interface SettingsPageModel {
  principal: Principal;
  site: SiteRow;
  sections: SettingsSection[];
  links: SettingsLink[];
  section: SettingsSection;
  state: FieldState;
  ctx: SectionContext;
  notice?: string;
}

const base = (site: SiteRow) => `/admin/sites/${site.id}/settings`;

/** The tabs: every section, then the per-site pages kept elsewhere (invitation rules, ...). */
function tabs(m: SettingsPageModel): Html {
  const items = m.sections.map((s) => {
    const current = s.key === m.section.key;
    return html`<li><a href="${base(m.site)}/${s.key}"${current ? html` aria-current="page" class="active"` : ""}>${s.zh} <small>${s.en}</small></a></li>`;
  });
  const links = m.links.map((l) => html`<li><a href="${l.href(m.site.id)}">${l.zh} <small>${l.en}</small></a></li>`);
  return html`<nav class="settings-tabs" aria-label="设置分类 Settings sections"><ul>${items}${links}</ul></nav>`;
}

/**
 * The form and, beside it, the preview frame. Every input change posts the draft to …/preview
 * (htmx, after a pause), which validates it without saving and swaps in a frame showing the real
 * widget with the draft; the same answer lists any error so the admin sees it before saving.
 */
export function settingsForm(m: SettingsPageModel): Html {
  const action = `${base(m.site)}/${m.section.key}`;
  return html`<form method="post" action="${action}" class="stack settings-form" id="settings-form" hx-boost="false" enctype="application/x-www-form-urlencoded" novalidate>
${csrfField(m.principal)}
${errorSummary(m.state)}
${m.section.fields(m.state, m.ctx)}
<div hidden hx-post="${action}/preview" hx-trigger="input changed delay:400ms from:closest form, change from:closest form" hx-target="#preview-box" hx-swap="innerHTML"></div>
<p><button type="submit">保存 <small>Save</small></button></p>
</form>`;
}

export function previewBox(siteId: number, draft: string | null, problems: Html = html``): Html {
  const src = `/admin/sites/${siteId}/preview${draft ? `?draft=${draft}` : ""}`;
  return html`${problems}<iframe class="preview-frame" src="${src}" title="挂件预览 Widget preview" loading="lazy"></iframe>`;
}

export function settingsPage(m: SettingsPageModel): string {
  return adminPage({
    principal: m.principal,
    title: `${m.section.zh} · ${m.site.name}`,
    active: "/admin/sites",
    notice: m.notice,
    body: html`<h1>网站设置 <small>Site settings</small>: ${m.site.name}</h1>
<p><a href="/admin/sites/${m.site.id}">← 网站基本信息与嵌入代码 <small>Site details and embed code</small></a></p>
${tabs(m)}
<div class="settings-layout">
<section aria-labelledby="section-title">
<h2 id="section-title">${m.section.zh} <small>${m.section.en}</small></h2>
${settingsForm(m)}
</section>
<aside class="settings-preview" aria-label="实时预览 Live preview">
<h2>实时预览 <small>Live preview</small></h2>
<p class="hint">修改即预览，保存后才对访客生效。 Changes show here as you type; visitors see them once saved.</p>
<div id="preview-box" aria-live="polite">${previewBox(m.site.id, null)}</div>
</aside>
</div>`,
  });
}

/**
 * The preview frame's document: a plain sample page with the real widget code started in
 * preview mode (widget/src/preview.ts) on the given config, without any connection. The JSON
 * sits in a data block (never executed); `<` is escaped so no value can close the element.
 */
export function previewFramePage(site: SiteRow, data: Record<string, unknown>): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return page({
    title: `预览 Preview · ${site.name}`,
    lang: site.default_language,
    bodyClass: "preview-page",
    body: html`<main class="preview-sample" aria-label="示例页面 Sample page">
<h1>示例页面 <small>Sample page</small></h1>
<p>这是一张示例网页，用于预览客服挂件在访客页面中的样子。 This sample page shows the chat widget the way visitors see it.</p>
<script type="application/json" id="yk-preview">${raw(json)}</script>
<script src="/widget/preview.js?site=${site.site_key}" charset="utf-8"></script>
<p>（挂件的“固定图片”和“文字链接”样式显示在此处。 The fixed-image and text-link styles appear here.）</p>
</main>`,
  });
}
