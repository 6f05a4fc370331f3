-- Per-site widget and service settings (issue 6: M10 and the V features it configures). Each
-- settings section (entry style, branding, texts, forms, idle prompts, anti-flood, ...) is one
-- JSON document per site, validated by the section's code before it is written. A row per
-- section rather than a column per setting lets sections be added without migrations and keeps
-- each admin form's save a single-row write; sections that are lists of rows with their own
-- statistics (invitation rules, blocks) keep tables of their own.

CREATE TABLE site_settings (
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  section    TEXT NOT NULL,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL,
  updated_by INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  PRIMARY KEY (site_id, section)
) STRICT;
