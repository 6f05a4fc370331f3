-- Chat history (H1, issue 7). Notes on a chat: any number per chat, each by one agent, kept as
-- written (no edits; a correction is another note). The author's name is copied so a note still
-- names its author after the account is removed. The indexes serve the history filters, which
-- page newest first (by id) within a site, agent, group or time range, and the own-scope rule
-- "I took part" (participants who have since left included).

CREATE TABLE conversation_notes (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  agent_id        INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  author_name     TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX conversation_notes_conversation ON conversation_notes (conversation_id, id);

CREATE INDEX conversations_created ON conversations (created_at);
CREATE INDEX conversations_site_id ON conversations (site_id, id);
CREATE INDEX conversations_agent_id ON conversations (agent_id, id);
CREATE INDEX conversations_group_id ON conversations (group_id, id);
CREATE INDEX conversation_participants_agent_any ON conversation_participants (agent_id, conversation_id);
CREATE INDEX conversation_evaluations_topic ON conversation_evaluations (topic_id, conversation_id);
CREATE INDEX conversation_evaluations_verdict ON conversation_evaluations (verdict, conversation_id);
CREATE INDEX conversation_ratings_level ON conversation_ratings (level, conversation_id);
