-- Agent console preferences (A2, A7, A18): send key, next-chat key, auto-away, notifications
-- per event, language and visitor-list columns follow the agent to any browser, so they live
-- on the server. One JSON document per agent: the server validates it against a known-keys
-- schema on every write, and the console evolves without a migration per setting.

CREATE TABLE agent_preferences (
  agent_id   INTEGER PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
  data       TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
