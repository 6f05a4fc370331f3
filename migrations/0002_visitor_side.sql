-- Visitor side: sites (embed keys, allowed origins), visitors with their visits and page trail,
-- conversations with gapless per-conversation message sequence numbers, leave messages and
-- uploaded files. Agents get a persisted service status and a concurrent-chat limit.

CREATE TABLE sites (
  id               INTEGER PRIMARY KEY,
  site_key         TEXT NOT NULL UNIQUE,             -- public, appears in the embed snippet
  name             TEXT NOT NULL,
  allowed_origins  TEXT NOT NULL DEFAULT '',         -- one origin per line, e.g. https://www.example.gov.cn
  default_language TEXT NOT NULL DEFAULT 'zh-CN',
  secret           TEXT NOT NULL,                    -- signs trusted identities from the host site (V25)
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE visitors (
  id            INTEGER PRIMARY KEY,
  site_id       INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  public_id     TEXT NOT NULL,                       -- random id the browser keeps (namespaced by site key)
  name          TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  company       TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  visit_count   INTEGER NOT NULL DEFAULT 0,
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  UNIQUE (site_id, public_id)
) STRICT;

CREATE TABLE visits (
  id               INTEGER PRIMARY KEY,
  visitor_id       INTEGER NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  site_id          INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  started_at       INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  ip               TEXT NOT NULL DEFAULT '',
  country          TEXT NOT NULL DEFAULT '',
  province         TEXT NOT NULL DEFAULT '',
  city             TEXT NOT NULL DEFAULT '',
  isp              TEXT NOT NULL DEFAULT '',
  browser          TEXT NOT NULL DEFAULT '',
  os               TEXT NOT NULL DEFAULT '',
  device           TEXT NOT NULL DEFAULT '',
  user_agent       TEXT NOT NULL DEFAULT '',
  language         TEXT NOT NULL DEFAULT '',
  screen           TEXT NOT NULL DEFAULT '',
  timezone         TEXT NOT NULL DEFAULT '',
  referrer         TEXT NOT NULL DEFAULT '',
  search_engine    TEXT NOT NULL DEFAULT '',
  search_keyword   TEXT NOT NULL DEFAULT '',
  landing_url      TEXT NOT NULL DEFAULT '',
  page_count       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX visits_visitor ON visits (visitor_id, started_at);
CREATE INDEX visits_site_time ON visits (site_id, started_at);

CREATE TABLE page_views (
  id       INTEGER PRIMARY KEY,
  visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  url      TEXT NOT NULL,
  title    TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  at       INTEGER NOT NULL,
  dwell_ms INTEGER                                     -- filled when the next page or the end is known
) STRICT;
CREATE INDEX page_views_visit ON page_views (visit_id, at);

CREATE TABLE conversations (
  id               INTEGER PRIMARY KEY,
  site_id          INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  visitor_id       INTEGER NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  visit_id         INTEGER REFERENCES visits(id) ON DELETE SET NULL,
  status           TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'ended')),
  agent_id         INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  accepted_at      INTEGER,
  first_reply_at   INTEGER,
  ended_at         INTEGER,
  ended_by         TEXT NOT NULL DEFAULT ''           -- 'visitor', 'agent', 'system'
) STRICT;
-- A visitor has at most one open conversation: enforced here, and it makes finding it one seek.
CREATE UNIQUE INDEX conversations_open ON conversations (visitor_id) WHERE status <> 'ended';
CREATE INDEX conversations_visitor ON conversations (visitor_id);
CREATE INDEX conversations_site_status ON conversations (site_id, status, created_at);
CREATE INDEX conversations_agent ON conversations (agent_id, status);

CREATE TABLE files (
  id            TEXT PRIMARY KEY,                    -- unguessable, also the storage name
  site_id       INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
  uploader_kind TEXT NOT NULL CHECK (uploader_kind IN ('visitor', 'agent')),
  uploader_id   INTEGER NOT NULL,
  name          TEXT NOT NULL,
  mime          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  is_image      INTEGER NOT NULL DEFAULT 0 CHECK (is_image IN (0, 1)),
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX files_conversation ON files (conversation_id);

-- seq is gapless per conversation: each message takes max(seq) + 1 in the statement that stores
-- it, and all writes go through one writer, so the last message also gives the last activity.
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  cid             TEXT NOT NULL,                       -- the sender's client id: a resend stores nothing new
  sender_kind     TEXT NOT NULL CHECK (sender_kind IN ('visitor', 'agent', 'system')),
  sender_id       INTEGER,                             -- agent id for agents, visitor id for visitors
  sender_name     TEXT NOT NULL DEFAULT '',
  kind            TEXT NOT NULL CHECK (kind IN ('text', 'file', 'event')),
  body            TEXT NOT NULL DEFAULT '',
  file_id         TEXT REFERENCES files(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, cid)
) STRICT;

CREATE TABLE leave_messages (
  id         INTEGER PRIMARY KEY,
  site_id    INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  visitor_id INTEGER NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  cid        TEXT NOT NULL,
  name       TEXT NOT NULL DEFAULT '',
  phone      TEXT NOT NULL DEFAULT '',
  email      TEXT NOT NULL DEFAULT '',
  content    TEXT NOT NULL,
  page_url   TEXT NOT NULL DEFAULT '',
  ip         TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (visitor_id, cid)
) STRICT;
CREATE INDEX leave_messages_site ON leave_messages (site_id, created_at);

ALTER TABLE agents ADD COLUMN service_status TEXT NOT NULL DEFAULT 'online' CHECK (service_status IN ('online', 'busy', 'away', 'invisible'));
ALTER TABLE agents ADD COLUMN max_chats INTEGER NOT NULL DEFAULT 8;
