-- Working together on one chat (A8 transfer, A9 three-way chat). Several agents can now take
-- part in a conversation, so who may write in it is a row per agent, not conversations.agent_id
-- alone (which stays the owner, for queries and counts). Transfers and guest invitations are
-- stored, not kept in memory, so a restart never leaves a chat waiting on an answer that can no
-- longer come: pending ones past their deadline are expired at start.

CREATE TABLE conversation_participants (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  agent_id        INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('owner', 'guest')),
  joined_at       INTEGER NOT NULL,
  left_at         INTEGER
) STRICT;
-- An agent takes part at most once at a time; they may leave and be invited again later.
CREATE UNIQUE INDEX conversation_participants_active ON conversation_participants (conversation_id, agent_id) WHERE left_at IS NULL;
CREATE INDEX conversation_participants_agent ON conversation_participants (agent_id) WHERE left_at IS NULL;

CREATE TABLE transfers (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  from_agent_id   INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  to_agent_id     INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  to_group_id     INTEGER REFERENCES agent_groups(id) ON DELETE SET NULL,
  note            TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  created_at      INTEGER NOT NULL,
  deadline_at     INTEGER NOT NULL,
  answered_at     INTEGER,
  answered_by     INTEGER REFERENCES agents(id) ON DELETE SET NULL
) STRICT;
-- One open transfer per conversation at a time.
CREATE UNIQUE INDEX transfers_pending ON transfers (conversation_id) WHERE status = 'pending';

CREATE TABLE guest_invitations (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  from_agent_id   INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  to_agent_id     INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  created_at      INTEGER NOT NULL,
  deadline_at     INTEGER NOT NULL,
  answered_at     INTEGER
) STRICT;
CREATE INDEX guest_invitations_pending ON guest_invitations (to_agent_id) WHERE status = 'pending';
