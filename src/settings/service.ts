import type { Database } from "bun:sqlite";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import { applySecurityPatch, passwordPolicyProblem, SECURITY_DEFAULTS, type SecuritySettings } from "./security.ts";

/**
 * Organisation-wide settings stored as JSON per key. Reads are served from memory because the
 * guard consults the security policy on every request; writes refresh the cache after commit.
 */
export function createSettingsService(deps: { db: Database; audit: AuditService; events: EventBus }) {
  const read = deps.db.prepare("SELECT value FROM org_settings WHERE key = ?");
  const write = deps.db.prepare("INSERT INTO org_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  let security: SecuritySettings | null = null;

  function loadSecurity(): SecuritySettings {
    const row = read.get("security") as { value: string } | null;
    return { ...SECURITY_DEFAULTS, ...(row ? JSON.parse(row.value) : {}) };
  }

  return {
    security(): SecuritySettings {
      return (security ??= loadSecurity());
    },
    /** Why a new password breaks the current policy (bilingual), or null. */
    passwordProblem(password: string, username?: string): string | null {
      return passwordPolicyProblem(password, this.security(), username);
    },
    /** Validates the whole patch first (SettingsValidationError names the field), then stores and audits it. */
    updateSecurity(patch: Record<string, unknown>, actor: Actor): SecuritySettings {
      const before = this.security();
      const next = applySecurityPatch(before, patch);
      const changed = Object.keys(next).filter((k) => (next as any)[k] !== (before as any)[k]);
      deps.db.transaction(() => {
        write.run("security", JSON.stringify(next));
        deps.audit.record(actor, {
          action: "settings.security.update",
          targetType: "settings",
          targetId: "security",
          detail: Object.fromEntries(changed.map((k) => [k, { from: (before as any)[k], to: (next as any)[k] }])),
        });
      }).immediate();
      security = next;
      if (changed.length) deps.events.publish("settings.changed", { keys: changed.map((k) => `security.${k}`) });
      return next;
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
