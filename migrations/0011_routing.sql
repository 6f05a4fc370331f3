-- Automatic assignment (R1, R3, R5, V18). Routing settings live in tables of their own rather
-- than as columns of sites/agent_groups, so the site and group forms (owned elsewhere) are not
-- touched: a missing row means the default (manual, which is how chats were always taken).
-- An offer is durable so its deadline survives a restart: on start, expired offers are re-routed.

CREATE TABLE routing_site_settings (
  site_id               INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  assign_mode           TEXT NOT NULL DEFAULT 'manual' CHECK (assign_mode IN ('manual', 'service', 'sales')),
  prefer_previous_agent INTEGER NOT NULL DEFAULT 1 CHECK (prefer_previous_agent IN (0, 1)),
  offer_timeout_seconds INTEGER NOT NULL DEFAULT 30 CHECK (offer_timeout_seconds BETWEEN 5 AND 600),
  updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE routing_group_settings (
  group_id    INTEGER PRIMARY KEY REFERENCES agent_groups(id) ON DELETE CASCADE,
  assign_mode TEXT NOT NULL DEFAULT 'inherit' CHECK (assign_mode IN ('inherit', 'manual', 'service', 'sales')),
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE routing_offers (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  agent_id        INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'expired', 'dropped', 'withdrawn')),
  created_at      INTEGER NOT NULL,
  deadline_at     INTEGER NOT NULL,
  ended_at        INTEGER
) STRICT;
-- At most one live offer per chat: the unique index is what makes a double offer impossible.
CREATE UNIQUE INDEX routing_offers_pending ON routing_offers (conversation_id) WHERE status = 'pending';
CREATE INDEX routing_offers_agent ON routing_offers (agent_id, status);
CREATE INDEX routing_offers_conversation ON routing_offers (conversation_id, status);

-- "Chats accepted today" and "idle since the last assignment" per agent (sales and service modes).
CREATE INDEX conversations_agent_accepted ON conversations (agent_id, accepted_at);
