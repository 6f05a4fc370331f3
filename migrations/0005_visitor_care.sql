-- Visitor care for the agent console (issue 4: A11 blocking, A12 evaluation). Blocks are kept
-- as a history (lifted rows stay, for the record and the audit trail) and already allow an IP or
-- CIDR instead of a visitor, so the admin blocking page (M7) needs no new table. Chat topics are
-- the list admins keep for evaluating conversations; each conversation has at most one evaluation.

CREATE TABLE visitor_blocks (
  id          INTEGER PRIMARY KEY,
  site_id     INTEGER REFERENCES sites(id) ON DELETE CASCADE,      -- NULL: every site (M7 IP rules)
  visitor_id  INTEGER REFERENCES visitors(id) ON DELETE CASCADE,   -- NULL for an IP/CIDR rule
  ip_cidr     TEXT,                                                -- the rule's range, or the visitor's IP for the record
  mode        TEXT NOT NULL CHECK (mode IN ('refuse_chat', 'hide')),
  reason      TEXT NOT NULL,
  expires_at  INTEGER,                                             -- NULL: never expires
  created_by  INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  lifted_at   INTEGER,
  lifted_by   INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  CHECK (visitor_id IS NOT NULL OR ip_cidr IS NOT NULL)
) STRICT;
CREATE INDEX visitor_blocks_visitor ON visitor_blocks (visitor_id, created_at);
-- The server keeps the active blocks in memory; this finds them at start-up in one range scan.
CREATE INDEX visitor_blocks_active ON visitor_blocks (lifted_at, expires_at);

CREATE TABLE chat_topics (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

CREATE TABLE conversation_evaluations (
  conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  topic_id        INTEGER REFERENCES chat_topics(id) ON DELETE SET NULL,
  verdict         TEXT NOT NULL DEFAULT '' CHECK (verdict IN ('valuable', 'invalid', '')),
  note            TEXT NOT NULL DEFAULT '',
  agent_id        INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  updated_at      INTEGER NOT NULL
) STRICT;
-- "ended conversations I owned": the to-evaluate counter reads this per agent.
CREATE INDEX conversations_agent_ended ON conversations (agent_id, status, ended_at);
