-- Outgoing notifications (issue 7: each new leave message forwarded by email and SMS). A row is
-- one delivery to one recipient, written in the same transaction as what it is about, so a crash
-- cannot lose it; the worker sends due rows and retries failures with backoff until it gives up
-- and marks the row failed, where an administrator sees it and can retry. Subject and body are
-- rendered when the row is written: what is sent is what was true when the message arrived.
-- ref_id has no foreign key on purpose: a forward outlives a later deletion of its source.

CREATE TABLE notify_outbox (
  id              INTEGER PRIMARY KEY,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  purpose         TEXT NOT NULL,
  ref_id          INTEGER NOT NULL,
  site_id         INTEGER,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  html            TEXT NOT NULL DEFAULT '',
  reply_to        TEXT NOT NULL DEFAULT '',
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  -- One leave message is never forwarded twice to the same recipient.
  UNIQUE (purpose, ref_id, channel, recipient)
) STRICT;
-- The worker's question: pending rows whose time has come, earliest first.
CREATE INDEX notify_outbox_due ON notify_outbox (next_attempt_at) WHERE status = 'pending';
-- The admin page: one status, newest first.
CREATE INDEX notify_outbox_status ON notify_outbox (status, id);
