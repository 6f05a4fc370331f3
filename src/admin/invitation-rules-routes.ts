import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";
import { notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { RuleInvalid, type InvitationRule } from "../invitations/service.ts";
import { formOf, ruleForm } from "../invitations/validate.ts";
import { emptyState, type FieldState } from "./forms.ts";
import { rulePage, rulesListPage, type RuleStats } from "./invitation-rules-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  created: "已创建规则。 Rule created.",
  saved: "已保存。 Saved.",
  deleted: "已删除规则。 Rule deleted.",
};

const ruleIdOf = (c: AdminScope) => {
  const raw = c.params.ruleId ?? "";
  if (!/^\d{1,12}$/.test(raw)) throw notFound();
  return Number(raw);
};

/**
 * /admin/sites/:id/invitation-rules (sites.manage, like the site's other settings): the rules of
 * one site with their statistics, and the form to create or edit one. Every field is checked by
 * the service; a failed post redraws the form (422) with each error beside its field.
 */
export function invitationRuleRoutes(s: Services) {
  const groups = () => s.groups.list().map((g) => ({ id: g.id, name: g.name }));
  const stats = (siteId: number) => new Map<number, RuleStats>(s.outreach.ruleCounts(siteId).map((r) => [r.rule_id, { shown: r.shown, accepted: r.accepted, declined: r.declined }]));
  const list = (site: SiteRow) => `/admin/sites/${site.id}/invitation-rules`;
  const form = (c: AdminScope, site: SiteRow, rule: InvitationRule | null, state: FieldState, status = 200) => {
    const body = rulePage({ principal: c.principal, site, rule, state, groups: groups() });
    return status === 200 ? htmlResponse(body) : postAnswer(body, status);
  };
  function save(c: AdminScope, site: SiteRow, rule: InvitationRule | null) {
    const body = c.body as Record<string, unknown>;
    try {
      if (rule) s.invitationRules.update(actorOf(c), site.id, rule.id, body);
      else s.invitationRules.create(actorOf(c), site.id, body);
    } catch (e) {
      if (!(e instanceof RuleInvalid)) throw e;
      return form(c, site, rule, { values: formOf(body), errors: e.errors }, 422);
    }
    return see(`${list(site)}?done=${rule ? "saved" : "created"}`);
  }

  return new Elysia({ name: "admin-invitation-rules" })
    .get("/admin/sites/:id/invitation-rules", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      const code = c.query.done;
      return htmlResponse(rulesListPage({ principal: c.principal, site, rules: s.invitationRules.list(site.id), stats: stats(site.id), notice: code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined }));
    })
    .get("/admin/sites/:id/invitation-rules/new", (ctx) => {
      const c = scopeOf(ctx);
      return form(c, s.sites.mustGet(idParam(c)), null, emptyState(ruleForm(null)));
    })
    .post("/admin/sites/:id/invitation-rules", (ctx) => {
      const c = scopeOf(ctx);
      return save(c, s.sites.mustGet(idParam(c)), null);
    })
    .get("/admin/sites/:id/invitation-rules/:ruleId", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      const rule = s.invitationRules.mustGet(site.id, ruleIdOf(c));
      return form(c, site, rule, emptyState(ruleForm(rule)));
    })
    .post("/admin/sites/:id/invitation-rules/:ruleId", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      return save(c, site, s.invitationRules.mustGet(site.id, ruleIdOf(c)));
    })
    .post("/admin/sites/:id/invitation-rules/:ruleId/move", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      s.invitationRules.move(actorOf(c), site.id, ruleIdOf(c), String(c.body?.direction ?? "") === "up" ? "up" : "down");
      return see(`${list(site)}?done=saved`);
    })
    .post("/admin/sites/:id/invitation-rules/:ruleId/enable", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      s.invitationRules.setEnabled(actorOf(c), site.id, ruleIdOf(c), true);
      return see(`${list(site)}?done=saved`);
    })
    .post("/admin/sites/:id/invitation-rules/:ruleId/disable", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      s.invitationRules.setEnabled(actorOf(c), site.id, ruleIdOf(c), false);
      return see(`${list(site)}?done=saved`);
    })
    .post("/admin/sites/:id/invitation-rules/:ruleId/delete", (ctx) => {
      const c = scopeOf(ctx);
      const site = s.sites.mustGet(idParam(c));
      s.invitationRules.remove(actorOf(c), site.id, ruleIdOf(c));
      return see(`${list(site)}?done=deleted`);
    });
}
