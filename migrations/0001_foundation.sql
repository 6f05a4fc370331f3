-- Foundation schema: organisation settings, roles, agents with their credentials (password,
-- TOTP, recovery codes, IP allowlist), sessions, the login log and the hash-chained audit log.
-- Later domains (sites, visitors, chat, ...) add their own migrations; nothing here is edited.

CREATE TABLE org_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL              -- JSON
) STRICT;

-- Built-in roles carry their permissions in code (src/auth/permissions.ts) so new permissions
-- reach them on upgrade; custom roles list theirs in role_permissions.
CREATE TABLE roles (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  builtin    INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE role_permissions (
  role_id    TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
) STRICT;

INSERT INTO roles (id, name, builtin, created_at) VALUES
  ('admin', '管理员 Administrator', 1, 0),
  ('supervisor', '主管 Supervisor', 1, 0),
  ('agent', '客服 Agent', 1, 0),
  ('auditor', '审计员 Auditor', 1, 0);

CREATE TABLE agents (
  id                   INTEGER PRIMARY KEY,
  username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name         TEXT NOT NULL,
  email                TEXT NOT NULL DEFAULT '',
  role_id              TEXT NOT NULL REFERENCES roles(id),
  password_hash        TEXT NOT NULL,
  password_changed_at  INTEGER NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  allowed_ips          TEXT NOT NULL DEFAULT '',   -- CIDR list, one per line; empty = organisation list only
  totp_secret_enc      TEXT,                       -- AES-256-GCM with the data-folder key; never the plain secret
  totp_enabled         INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
  totp_last_step       INTEGER NOT NULL DEFAULT 0, -- highest accepted time step: a code is never accepted twice
  locked_until         INTEGER NOT NULL DEFAULT 0,
  failures_reset_at    INTEGER NOT NULL DEFAULT 0, -- failures before this instant no longer count (unlock, success)
  last_login_at        INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE password_history (
  agent_id      INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX password_history_agent ON password_history (agent_id, created_at);

CREATE TABLE recovery_codes (
  agent_id  INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at   INTEGER,
  PRIMARY KEY (agent_id, code_hash)
) STRICT;

-- Only the SHA-256 of the token is stored: a copy of the database cannot be used to sign in.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  agent_id     INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  stage        TEXT NOT NULL CHECK (stage IN ('totp', 'active')),
  csrf_token   TEXT NOT NULL,
  ip           TEXT NOT NULL,
  user_agent   TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_agent ON sessions (agent_id);

CREATE TABLE login_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  username   TEXT NOT NULL,
  agent_id   INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  ip         TEXT NOT NULL,
  user_agent TEXT NOT NULL DEFAULT '',
  result     TEXT NOT NULL CHECK (result IN ('success', 'failure', 'logout')),
  reason     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX login_log_at ON login_log (at);
CREATE INDEX login_log_user ON login_log (username COLLATE NOCASE, at);

-- Append-only, hash-chained. hash = SHA-256(prev_hash || canonical JSON of the entry).
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_id    INTEGER,
  actor_name  TEXT NOT NULL,
  action      TEXT NOT NULL,
  target_type TEXT NOT NULL DEFAULT '',
  target_id   TEXT NOT NULL DEFAULT '',
  ip          TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT '{}',
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);

-- The retention job records where the remaining chain starts, so verification can still prove
-- the first remaining entry was not altered.
CREATE TABLE audit_anchor (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  purged_through_id INTEGER NOT NULL,
  last_hash         TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Entries younger than the legal minimum of 184 days can never be deleted, whatever the caller.
CREATE TRIGGER audit_log_keep_minimum BEFORE DELETE ON audit_log
WHEN OLD.at > (unixepoch('now', '-184 days') * 1000)
BEGIN
  SELECT RAISE(ABORT, 'audit entries younger than 184 days cannot be deleted');
END;
