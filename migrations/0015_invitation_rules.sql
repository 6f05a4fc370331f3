-- Automatic invitation rules (V8 rules, M10): per site, ordered, each with the conditions the
-- server checks (URL patterns, page count, region, source, keyword, caps, an agent available),
-- the trigger the widget runs (a delay or leave intent), a style, a kind (invitation or
-- proactive chat) and a text per widget language. What a rule did is not stored here: its
-- invitations go into `invitations` with rule_id set, so shown/accepted/declined per rule come
-- from the same table as agents' own invitations. Lists and texts are JSON (a few short items).

CREATE TABLE invitation_rules (
  id               INTEGER PRIMARY KEY,
  site_id          INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  kind             TEXT NOT NULL DEFAULT 'invite' CHECK (kind IN ('invite', 'proactive')),
  trigger_on       TEXT NOT NULL DEFAULT 'delay' CHECK (trigger_on IN ('delay', 'leave')),
  delay_seconds    INTEGER NOT NULL DEFAULT 0 CHECK (delay_seconds BETWEEN 0 AND 3600),
  url_patterns     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(url_patterns)),   -- ["/products/*", "https://x/*"]
  min_page_views   INTEGER NOT NULL DEFAULT 0 CHECK (min_page_views BETWEEN 0 AND 1000),
  regions          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(regions)),        -- country/province/city names
  sources          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),        -- search engines or referrer domains
  keywords         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(keywords)),       -- search words (contains)
  max_per_visit    INTEGER NOT NULL DEFAULT 1 CHECK (max_per_visit BETWEEN 0 AND 100),        -- 0 = no limit
  interval_seconds INTEGER NOT NULL DEFAULT 60 CHECK (interval_seconds BETWEEN 0 AND 86400),
  require_agent    INTEGER NOT NULL DEFAULT 1 CHECK (require_agent IN (0, 1)),
  group_id         INTEGER REFERENCES agent_groups(id) ON DELETE SET NULL,   -- null = the site's binding
  style            TEXT NOT NULL DEFAULT 'popup' CHECK (style IN ('popup', 'corner')),
  texts            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(texts)),          -- {"zh-CN": "...", "en": "..."}
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX invitation_rules_site ON invitation_rules (site_id, position);

-- Statistics per rule and the per-visit caps read invitations by rule.
CREATE INDEX invitations_rule ON invitations (rule_id, status) WHERE rule_id IS NOT NULL;
