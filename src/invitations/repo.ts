import type { Database } from "bun:sqlite";
import type { InvitationRule, RuleFields } from "./model.ts";

interface Row {
  id: number;
  site_id: number;
  position: number;
  enabled: number;
  name: string;
  kind: InvitationRule["kind"];
  trigger_on: InvitationRule["trigger"];
  delay_seconds: number;
  url_patterns: string;
  min_page_views: number;
  regions: string;
  sources: string;
  keywords: string;
  max_per_visit: number;
  interval_seconds: number;
  require_agent: number;
  group_id: number | null;
  style: InvitationRule["style"];
  texts: string;
  created_at: number;
  updated_at: number;
}

const parse = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};

const toRule = (r: Row): InvitationRule => ({
  id: r.id, siteId: r.site_id, position: r.position, enabled: r.enabled === 1, name: r.name, kind: r.kind, trigger: r.trigger_on,
  delaySeconds: r.delay_seconds, urlPatterns: parse(r.url_patterns, []), minPageViews: r.min_page_views, regions: parse(r.regions, []),
  sources: parse(r.sources, []), keywords: parse(r.keywords, []), maxPerVisit: r.max_per_visit, intervalSeconds: r.interval_seconds,
  requireAgent: r.require_agent === 1, groupId: r.group_id, style: r.style, texts: parse(r.texts, {}), createdAt: r.created_at, updatedAt: r.updated_at,
});

const values = (f: RuleFields) => [
  f.enabled ? 1 : 0, f.name, f.kind, f.trigger, f.delaySeconds, JSON.stringify(f.urlPatterns), f.minPageViews, JSON.stringify(f.regions),
  JSON.stringify(f.sources), JSON.stringify(f.keywords), f.maxPerVisit, f.intervalSeconds, f.requireAgent ? 1 : 0, f.groupId, f.style, JSON.stringify(f.texts),
];

export function createRulesRepo(db: Database) {
  const bySite = db.prepare("SELECT * FROM invitation_rules WHERE site_id = ? ORDER BY position, id");
  const byId = db.prepare("SELECT * FROM invitation_rules WHERE id = ?");
  const insert = db.prepare(
    `INSERT INTO invitation_rules (site_id, position, enabled, name, kind, trigger_on, delay_seconds, url_patterns, min_page_views, regions, sources, keywords,
       max_per_visit, interval_seconds, require_agent, group_id, style, texts, created_at, updated_at)
     VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM invitation_rules WHERE site_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const update = db.prepare(
    `UPDATE invitation_rules SET enabled = ?, name = ?, kind = ?, trigger_on = ?, delay_seconds = ?, url_patterns = ?, min_page_views = ?, regions = ?,
       sources = ?, keywords = ?, max_per_visit = ?, interval_seconds = ?, require_agent = ?, group_id = ?, style = ?, texts = ?, updated_at = ? WHERE id = ?`,
  );
  const setEnabled = db.prepare("UPDATE invitation_rules SET enabled = ?, updated_at = ? WHERE id = ?");
  const setPosition = db.prepare("UPDATE invitation_rules SET position = ? WHERE id = ?");
  const remove = db.prepare("DELETE FROM invitation_rules WHERE id = ?");

  return {
    bySite: (siteId: number) => (bySite.all(siteId) as Row[]).map(toRule),
    byId: (id: number) => {
      const r = byId.get(id) as Row | null;
      return r ? toRule(r) : null;
    },
    insert: (siteId: number, f: RuleFields, now: number) => toRule(insert.get(siteId, siteId, ...values(f), now, now) as Row),
    update: (id: number, f: RuleFields, now: number) => void update.run(...values(f), now, id),
    setEnabled: (id: number, enabled: boolean, now: number) => void setEnabled.run(enabled ? 1 : 0, now, id),
    setPosition: (id: number, position: number) => void setPosition.run(position, id),
    remove: (id: number) => void remove.run(id),
  };
}
export type RulesRepo = ReturnType<typeof createRulesRepo>;
