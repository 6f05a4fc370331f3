import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import { AppError, notFound } from "../platform/errors.ts";
import { createRulesRepo } from "./repo.ts";
import { validateRule } from "./validate.ts";
import type { InvitationRule, RuleFields } from "./model.ts";

export type { InvitationRule, RuleFields };

/** A rule form with errors: every field's message at once (the page shows each beside its field). */
export class RuleInvalid extends AppError {
  constructor(readonly errors: Record<string, string>) {
    const first = Object.keys(errors)[0];
    super(422, "invalid", errors[first], first);
  }
}

/**
 * Invitation rules per site (V8 rules, M10): the admin's list, kept in order, every change
 * audited. The enabled rules of each site are cached in memory because the engine reads them on
 * every page view; a write refreshes the cache and announces the change so open widgets are
 * re-armed by the new rules.
 */
export function createInvitationRulesService(deps: { db: Database; clock: Clock; audit: AuditService; events: EventBus; groupExists: (id: number) => boolean }) {
  const repo = createRulesRepo(deps.db);
  const cache = new Map<number, InvitationRule[]>();
  const tx = <T>(fn: () => T) => deps.db.transaction(fn).immediate();

  function mustGet(siteId: number, id: number): InvitationRule {
    const r = repo.byId(id);
    if (!r || r.siteId !== siteId) throw notFound("规则不存在 / rule not found");
    return r;
  }
  function changed(siteId: number) {
    cache.delete(siteId);
    deps.events.publish("invitation_rules.changed", { siteId });
  }
  function check(body: Record<string, unknown>): RuleFields {
    const { fields, errors } = validateRule(body, deps.groupExists);
    if (!fields) throw new RuleInvalid(errors);
    return fields;
  }
  /** What an audit entry keeps of a rule: its fields, without the bookkeeping. */
  const detail = (r: InvitationRule | RuleFields) => {
    const { id: _i, siteId: _s, position: _p, createdAt: _c, updatedAt: _u, ...rest } = r as InvitationRule;
    return rest;
  };

  return {
    list: (siteId: number) => repo.bySite(siteId),
    get: (id: number) => repo.byId(id),
    mustGet,
    /** The site's enabled rules in order (cached; the engine's hot path). */
    active(siteId: number): InvitationRule[] {
      let rules = cache.get(siteId);
      if (!rules) {
        rules = repo.bySite(siteId).filter((r) => r.enabled);
        cache.set(siteId, rules);
      }
      return rules;
    },

    create(actor: Actor, siteId: number, body: Record<string, unknown>): InvitationRule {
      const fields = check(body);
      const rule = tx(() => {
        const r = repo.insert(siteId, fields, deps.clock.now());
        deps.audit.record(actor, { action: "invitation_rule.create", targetType: "invitation_rule", targetId: r.id, detail: { siteId, ...detail(fields) } });
        return r;
      });
      changed(siteId);
      return rule;
    },

    update(actor: Actor, siteId: number, id: number, body: Record<string, unknown>): InvitationRule {
      const before = mustGet(siteId, id);
      const fields = check(body);
      const from = detail(before) as Record<string, unknown>;
      const to = detail(fields) as Record<string, unknown>;
      const diff = Object.fromEntries(Object.keys(to).filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k])).map((k) => [k, { from: from[k], to: to[k] }]));
      if (!Object.keys(diff).length) return before;
      tx(() => {
        repo.update(id, fields, deps.clock.now());
        deps.audit.record(actor, { action: "invitation_rule.update", targetType: "invitation_rule", targetId: id, detail: { siteId, changes: diff } });
      });
      changed(siteId);
      return repo.byId(id)!;
    },

    setEnabled(actor: Actor, siteId: number, id: number, enabled: boolean) {
      mustGet(siteId, id);
      tx(() => {
        repo.setEnabled(id, enabled, deps.clock.now());
        deps.audit.record(actor, { action: enabled ? "invitation_rule.enable" : "invitation_rule.disable", targetType: "invitation_rule", targetId: id, detail: { siteId } });
      });
      changed(siteId);
    },

    remove(actor: Actor, siteId: number, id: number) {
      const before = mustGet(siteId, id);
      tx(() => {
        repo.remove(id);
        repo.bySite(siteId).forEach((r, n) => repo.setPosition(r.id, n + 1));
        deps.audit.record(actor, { action: "invitation_rule.delete", targetType: "invitation_rule", targetId: id, detail: { siteId, name: before.name } });
      });
      changed(siteId);
    },

    /** One place up or down; positions are renumbered 1..n in the same transaction. */
    move(actor: Actor, siteId: number, id: number, direction: "up" | "down") {
      mustGet(siteId, id);
      const moved = tx(() => {
        const list = repo.bySite(siteId);
        const i = list.findIndex((r) => r.id === id);
        const j = direction === "up" ? i - 1 : i + 1;
        if (j < 0 || j >= list.length) return false;
        [list[i], list[j]] = [list[j], list[i]];
        list.forEach((r, n) => repo.setPosition(r.id, n + 1));
        deps.audit.record(actor, { action: "invitation_rule.move", targetType: "invitation_rule", targetId: id, detail: { siteId, direction } });
        return true;
      });
      if (moved) changed(siteId);
    },
  };
}
export type InvitationRulesService = ReturnType<typeof createInvitationRulesService>;
