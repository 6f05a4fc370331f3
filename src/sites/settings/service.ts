import type { Database } from "bun:sqlite";
import type { Clock } from "../../platform/clock.ts";
import type { EventBus } from "../../events/bus.ts";
import type { Actor, AuditService } from "../../audit/service.ts";
import type { Services } from "../../services.ts";
import { notFound } from "../../platform/errors.ts";
import type { SectionContext, SettingsSection } from "./section.ts";
import { SECTIONS } from "./registry.ts";

declare module "../../events/bus.ts" {
  interface EventMap {
    /** A site's settings section was saved; widgets of the site get the new config. */
    "site.settings_changed": { siteId: number; section: string };
  }
}

interface Row {
  value: string;
}

/**
 * Site settings (M10): one validated JSON document per site and section. Reads are hot (every
 * widget connection builds its config, some sections are read per frame), so values are cached
 * per site and dropped on save; there is one writer (this service), so the cache cannot go stale.
 */
export function createSiteSettingsService(deps: { db: Database; clock: Clock; audit: AuditService; events: EventBus; services: () => Services; sections?: SettingsSection[] }) {
  const sections = deps.sections ?? SECTIONS;
  const select = deps.db.prepare("SELECT value FROM site_settings WHERE site_id = ? AND section = ?");
  const upsert = deps.db.prepare(
    `INSERT INTO site_settings (site_id, section, value, updated_at, updated_by) VALUES ($site, $section, $value, $now, $by)
     ON CONFLICT (site_id, section) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const cache = new Map<number, Map<string, unknown>>();
  const configCache = new Map<number, Record<string, unknown>>();
  // The same config serialized: every widget connection sends it, and a 2 KB JSON per connect was garbage.
  const configJsonCache = new Map<number, string>();

  function mustSection(key: string): SettingsSection {
    const section = sections.find((s) => s.key === key);
    if (!section) throw notFound("没有这个设置页 / no such settings section");
    return section;
  }

  function get<T = unknown>(siteId: number, key: string): T {
    let site = cache.get(siteId);
    if (!site) cache.set(siteId, (site = new Map()));
    if (site.has(key)) return site.get(key) as T;
    const section = mustSection(key);
    const row = select.get(siteId, key) as Row | null;
    // A stored value is one `parse` accepted; defaults fill keys added to a section since.
    const value = row ? { ...section.defaults(), ...JSON.parse(row.value) } : section.defaults();
    site.set(key, value);
    return value as T;
  }

  const ctx = (siteId: number): SectionContext => ({ siteId, services: deps.services() });

  return {
    sections,
    section: mustSection,
    get,

    /** Validates without saving (the preview); throws the field's error like `update`. */
    parse(siteId: number, key: string, body: Record<string, unknown>) {
      return mustSection(key).parse(body, ctx(siteId));
    },

    update(siteId: number, key: string, body: Record<string, unknown>, actor: Actor) {
      const section = mustSection(key);
      const value = section.parse(body, ctx(siteId));
      const before = get(siteId, key);
      const now = deps.clock.now();
      deps.db.transaction(() => {
        upsert.run({ site: siteId, section: key, value: JSON.stringify(value), now, by: actor.id } as never);
        deps.audit.record(actor, { action: "site.settings", targetType: "site", targetId: siteId, detail: { section: key, ...diff(before, value) } });
      }).immediate();
      cache.get(siteId)?.set(key, value);
      configCache.delete(siteId);
      configJsonCache.delete(siteId);
      deps.events.publish("site.settings_changed", { siteId, section: key });
      return value;
    },

    /** What a site's widgets receive (`connected.config`, `config` frames): each section's public part. */
    widgetConfig(siteId: number, override?: { key: string; value: unknown }): Record<string, unknown> {
      if (!override) {
        const hit = configCache.get(siteId);
        if (hit) return hit;
      }
      const config: Record<string, unknown> = {};
      for (const s of sections) {
        if (!s.widget) continue;
        config[s.key] = s.widget(override && override.key === s.key ? override.value : get(siteId, s.key));
      }
      if (!override) configCache.set(siteId, config);
      return config;
    },

    /** `widgetConfig(siteId)` as JSON, cached the same way. */
    widgetConfigJson(siteId: number): string {
      let json = configJsonCache.get(siteId);
      if (json === undefined) configJsonCache.set(siteId, (json = JSON.stringify(this.widgetConfig(siteId))));
      return json;
    },

    /** Forget a deleted site's cached values. */
    forget(siteId: number) {
      cache.delete(siteId);
      configCache.delete(siteId);
      configJsonCache.delete(siteId);
    },
  };
}
export type SiteSettingsService = ReturnType<typeof createSiteSettingsService>;

/** The changed keys only, so the audit record says what an admin actually changed. */
function diff(before: unknown, after: unknown): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[k]) !== JSON.stringify(a[k])) {
      out.before[k] = b[k];
      out.after[k] = a[k];
    }
  }
  return out;
}
