-- Agents reaching out (V8, V9, V13): invitations an agent sends to a browsing visitor, and the
-- visitor's satisfaction rating of a conversation. Invitations carry their kind and an optional
-- rule id so the automatic invitation rules of a later issue write into the same table and its
-- shown/accepted/declined statistics come from one place. Ratings store the level as 1–5 so
-- admin-configured level labels (a later issue) change only what is shown, never stored data.

CREATE TABLE invitations (
  id              INTEGER PRIMARY KEY,
  site_id         INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  visitor_id      INTEGER NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  agent_id        INTEGER REFERENCES agents(id) ON DELETE SET NULL,  -- null for rule invitations
  rule_id         INTEGER,                                           -- the automatic rule (later issue)
  kind            TEXT NOT NULL CHECK (kind IN ('invite', 'proactive')),
  text            TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL CHECK (status IN ('shown', 'accepted', 'declined', 'expired')),
  conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  answered_at     INTEGER
) STRICT;
CREATE INDEX invitations_visitor ON invitations (visitor_id, status);
CREATE INDEX invitations_site_time ON invitations (site_id, created_at);
CREATE INDEX invitations_agent_time ON invitations (agent_id, created_at);

CREATE TABLE conversation_ratings (
  conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  agent_id        INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment         TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX conversation_ratings_agent ON conversation_ratings (agent_id, created_at);
