-- Supervision (A20): whispers between a supervisor and the agents of a chat, which the visitor
-- must never see. They get a table of their own instead of rows in `messages`: messages.seq is
-- the visitor's gapless resync sequence and every reader of `messages` (resync, SSE, transcript)
-- is visitor-facing, so keeping whispers out of that table keeps them out of every visitor path.
-- `after_seq` is the conversation's last message seq when the whisper was written, which places
-- it in the transcript without taking a seq of its own.

CREATE TABLE whispers (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  after_seq       INTEGER NOT NULL,
  cid             TEXT NOT NULL,
  sender_id       INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  sender_name     TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (conversation_id, cid)
) STRICT;
CREATE INDEX whispers_conversation ON whispers (conversation_id, after_seq, id);
