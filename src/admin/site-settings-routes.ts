import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";
import type { SettingsSection } from "../sites/settings/section.ts";
import { SETTINGS_LINKS } from "../sites/settings/registry.ts";
import { AppError, notFound } from "../platform/errors.ts";
import { html } from "../platform/html.ts";
import { htmlResponse } from "../platform/page.ts";
import { PAGE_CSP } from "../http/headers.ts";
import type { FieldState } from "../platform/forms.ts";
import { previewBox, previewFramePage, settingsPage } from "./site-settings-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

/** Drafts shown in preview frames, by unguessable id; a few hundred at most, oldest dropped first. */
const MAX_DRAFTS = 200;

/**
 * The preview frame is the one admin page that may be framed (by our own pages only), and the
 * widget inside it draws with <style> elements in its shadow root, as on any host page.
 */
const PREVIEW_HEADERS = {
  "content-security-policy": PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  "x-frame-options": "SAMEORIGIN",
};

const bodyOf = (c: AdminScope): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.body ?? {})) if (k !== "_csrf") out[k] = Array.isArray(v) ? v.map(String) : typeof v === "string" ? v : v == null ? "" : String(v);
  return out;
};
const stringValues = (body: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.join("\n") : String(v ?? "")]));

/** /admin/sites/:id/settings/:section — every settings section (M10), validated, with a live preview. */
export function siteSettingsRoutes(s: Services) {
  const drafts = new Map<string, { siteId: number; key: string; value: unknown }>();

  function context(c: AdminScope): { site: SiteRow; section: SettingsSection } {
    const site = s.sites.mustGet(idParam(c));
    return { site, section: s.siteSettings.section(c.params.section ?? "") };
  }
  const warningsOf = (section: SettingsSection, value: unknown) => Object.fromEntries((section.warnings?.(value) ?? []).map((w) => [w.field, w.message]));

  function render(c: AdminScope, site: SiteRow, section: SettingsSection, state: FieldState, notice?: string) {
    return settingsPage({ principal: c.principal, site, sections: s.siteSettings.sections, links: SETTINGS_LINKS, section, state, ctx: { siteId: site.id, services: s }, notice });
  }

  return new Elysia({ name: "admin-site-settings" })
    .get("/admin/sites/:id/settings", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      const first = s.siteSettings.sections[0];
      if (!first) throw notFound("没有设置页 / no settings sections");
      return see(`/admin/sites/${site.id}/settings/${first.key}`);
    })
    .get("/admin/sites/:id/settings/:section", (ctx) => {
      const c = scopeOf(ctx);
      const { site, section } = context(c);
      const value = s.siteSettings.get(site.id, section.key);
      const notice = c.query.done === "saved" ? "已保存，已打开的访客挂件将在几秒内更新。 Saved; open widgets update within seconds." : undefined;
      return htmlResponse(render(c, site, section, { values: section.formValues(value), errors: {}, warnings: warningsOf(section, value) }, notice));
    })
    .post("/admin/sites/:id/settings/:section", (ctx) => {
      const c = scopeOf(ctx);
      const { site, section } = context(c);
      const body = bodyOf(c);
      try {
        const value = s.siteSettings.update(site.id, section.key, body, actorOf(c));
        // Warnings do not block the save; they stay on the page the admin lands on.
        if (section.warnings?.(value).length) return postAnswer(render(c, site, section, { values: section.formValues(value), errors: {}, warnings: warningsOf(section, value) }, "已保存（有提示，请查看标出的字段）。 Saved, with warnings on the marked fields."));
      } catch (e) {
        if (!(e instanceof AppError && e.status === 422)) throw e;
        return postAnswer(render(c, site, section, { values: stringValues(body), errors: { [e.field ?? "_"]: e.message } }), 422);
      }
      return see(`/admin/sites/${site.id}/settings/${section.key}?done=saved`);
    })
    .post("/admin/sites/:id/settings/:section/preview", (ctx) => {
      const c = scopeOf(ctx);
      const { site, section } = context(c);
      let value: unknown;
      try {
        value = s.siteSettings.parse(site.id, section.key, bodyOf(c));
      } catch (e) {
        if (!(e instanceof AppError && e.status === 422)) throw e;
        // The frame keeps showing the last good draft; the error says why this one is not shown.
        return htmlResponse(previewBox(site.id, null, html`<p class="field-error" role="alert">预览未更新：${e.message} <small>(preview not updated)</small></p>`).value);
      }
      const id = crypto.randomUUID();
      drafts.set(id, { siteId: site.id, key: section.key, value });
      if (drafts.size > MAX_DRAFTS) drafts.delete(drafts.keys().next().value!);
      const warnings = section.warnings?.(value) ?? [];
      const problems = warnings.length ? html`<ul class="preview-warnings">${warnings.map((w) => html`<li class="field-warning">${w.message}</li>`)}</ul>` : html``;
      return htmlResponse(previewBox(site.id, id, problems).value);
    })
    .get("/admin/sites/:id/preview", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      const draft = c.query.draft ? drafts.get(c.query.draft) : undefined;
      const override = draft && draft.siteId === site.id ? { key: draft.key, value: draft.value } : undefined;
      const config = s.siteSettings.widgetConfig(site.id, override);
      const data = { config, online: c.query.agents !== "offline", language: site.default_language, entry: s.sites.entry.offer(site) };
      return htmlResponse(previewFramePage(site, data), 200, PREVIEW_HEADERS);
    });
}
