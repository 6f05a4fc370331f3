-- Leave-message inbox (H2, issue 7). Agents sort leave messages by an admin-kept list of types
-- (like chat topics: disabled rather than deleted, so a message keeps the type it was given),
-- keep a note on each (who wrote it and when), and answer them by email from the inbox. Every
-- reply attempt is a row of leave_replies, written as "sending" before the mail goes out and
-- turned into "sent" (with the SMTP server's message id) or "failed" (with its error) after, so
-- nothing an agent wrote is lost and a refused send stays visible. A message counts as replied
-- (replied_at, replied_by) only once a reply was accepted, or when an agent marks it so (a reply
-- by phone). "N new since you last signed in" needs the agent's sign-in before the current one:
-- each session keeps it from the moment it is created (previous_login_at; NULL = first sign-in).

CREATE TABLE leave_types (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;

ALTER TABLE leave_messages ADD COLUMN type_id INTEGER REFERENCES leave_types(id) ON DELETE SET NULL;
ALTER TABLE leave_messages ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE leave_messages ADD COLUMN note_by INTEGER REFERENCES agents(id) ON DELETE SET NULL;
ALTER TABLE leave_messages ADD COLUMN note_at INTEGER;
ALTER TABLE leave_messages ADD COLUMN replied_at INTEGER;
ALTER TABLE leave_messages ADD COLUMN replied_by INTEGER REFERENCES agents(id) ON DELETE SET NULL;
-- The unanswered count per site, asked on every new message and every reply.
CREATE INDEX leave_messages_unanswered ON leave_messages (site_id, created_at) WHERE replied_at IS NULL;

CREATE TABLE leave_replies (
  id              INTEGER PRIMARY KEY,
  message_id      INTEGER NOT NULL REFERENCES leave_messages(id) ON DELETE CASCADE,
  agent_id        INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  channel         TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
  to_address      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  smtp_message_id TEXT NOT NULL DEFAULT '',
  error           TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER
) STRICT;
CREATE INDEX leave_replies_message ON leave_replies (message_id, id);

ALTER TABLE sessions ADD COLUMN previous_login_at INTEGER;
