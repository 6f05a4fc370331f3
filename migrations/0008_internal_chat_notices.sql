-- Internal chat (A19) and notices (A21, modelled for M4). Agents talk one to one and in one
-- company-wide channel; messages carry a gapless per-channel seq and an idempotent client id
-- exactly like visitor chat, so the console's resend and resume logic is the same. Internal files
-- get their own table: the shared `files` table belongs to a site and a visitor conversation,
-- while these belong to a channel and may be read by its members only. Notices keep their
-- audience as a kind plus ids (groups, agents, later departments) so M4 fits without a rewrite;
-- group membership is resolved when the notice is read, not frozen at sending.

CREATE TABLE internal_channels (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('company', 'direct')),
  -- A direct channel's two agents, the lower id first, so a pair has exactly one channel.
  agent_a    INTEGER REFERENCES agents(id) ON DELETE CASCADE,
  agent_b    INTEGER REFERENCES agents(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  CHECK ((kind = 'company' AND agent_a IS NULL AND agent_b IS NULL) OR (kind = 'direct' AND agent_a < agent_b))
) STRICT;
CREATE UNIQUE INDEX internal_channels_pair ON internal_channels (agent_a, agent_b) WHERE kind = 'direct';
CREATE UNIQUE INDEX internal_channels_company ON internal_channels (kind) WHERE kind = 'company';
CREATE INDEX internal_channels_b ON internal_channels (agent_b);
INSERT INTO internal_channels (kind, created_at) VALUES ('company', CAST(unixepoch('subsec') * 1000 AS INTEGER));

CREATE TABLE internal_files (
  id          TEXT PRIMARY KEY,                     -- unguessable, also the storage name
  channel_id  INTEGER NOT NULL REFERENCES internal_channels(id) ON DELETE CASCADE,
  uploader_id INTEGER NOT NULL REFERENCES agents(id),
  name        TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  is_image    INTEGER NOT NULL DEFAULT 0 CHECK (is_image IN (0, 1)),
  created_at  INTEGER NOT NULL
) STRICT;

-- A cid is unique per sender within a channel: one agent's resend can never return another's message.
CREATE TABLE internal_messages (
  id         INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES internal_channels(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  cid        TEXT NOT NULL,
  sender_id  INTEGER NOT NULL REFERENCES agents(id),
  kind       TEXT NOT NULL CHECK (kind IN ('text', 'file')),
  body       TEXT NOT NULL,
  file_id    TEXT REFERENCES internal_files(id),
  created_at INTEGER NOT NULL,
  UNIQUE (channel_id, seq),
  UNIQUE (channel_id, sender_id, cid)
) STRICT;

-- Each member's read position: unread = messages of others with a higher seq.
CREATE TABLE internal_reads (
  channel_id INTEGER NOT NULL REFERENCES internal_channels(id) ON DELETE CASCADE,
  agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  PRIMARY KEY (channel_id, agent_id)
) STRICT;

CREATE TABLE notices (
  id            INTEGER PRIMARY KEY,
  title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  body          TEXT NOT NULL CHECK (length(body) <= 5000),
  sender_id     INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  sender_name   TEXT NOT NULL,
  audience_kind TEXT NOT NULL CHECK (audience_kind IN ('all', 'department', 'group', 'agents')),
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL CHECK (ends_at > starts_at),
  -- When the `notice` frame went to the targets online at the window's start; NULL until then.
  delivered_at  INTEGER,
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX notices_window ON notices (ends_at, starts_at);
CREATE INDEX notices_pending ON notices (starts_at) WHERE delivered_at IS NULL;

-- The audience's ids: group ids, agent ids, or (later) department ids, by the notice's kind.
CREATE TABLE notice_audience (
  notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  target_id INTEGER NOT NULL,
  PRIMARY KEY (notice_id, target_id)
) STRICT;

CREATE TABLE notice_reads (
  notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  agent_id  INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  read_at   INTEGER NOT NULL,
  PRIMARY KEY (notice_id, agent_id)
) STRICT;
