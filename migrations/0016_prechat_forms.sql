-- Pre-chat form answers (V7) and the leave form's company field (M11). The visitor's name,
-- phone, email and company go into the visitor row like any profile edit; what belongs to one
-- chat — the question type that routed it and the answers to the site's custom fields — is kept
-- here, one row per conversation it opened. Labels are copied at answer time, so a later change
-- of the form does not change what the visitor was asked.

CREATE TABLE prechat_answers (
  id                  INTEGER PRIMARY KEY,
  site_id             INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  visitor_id          INTEGER NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  conversation_id     INTEGER NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
  question_type       TEXT NOT NULL DEFAULT '',
  question_type_label TEXT NOT NULL DEFAULT '',
  group_id            INTEGER REFERENCES agent_groups(id) ON DELETE SET NULL,
  custom              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(custom)),
  created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX prechat_answers_visitor ON prechat_answers (visitor_id, created_at);

ALTER TABLE leave_messages ADD COLUMN company TEXT NOT NULL DEFAULT '';
