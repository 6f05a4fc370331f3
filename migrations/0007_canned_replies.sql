-- Canned replies, quick links and common files (A13). Agents keep personal ones, admins keep
-- company and per-group ones, each scope in its own folders. One item table with a kind column
-- (reply, link, file) because the three share scope, folder, title, ordering and search; a
-- common file's bytes live in the data folder under an unguessable blob id, and sending one
-- copies it into the conversation through the files service (chat-file access rules apply).
-- group_id is set only for scope 'group', owner_id only for scope 'personal' (CHECKs below).

CREATE TABLE canned_folders (
  id         INTEGER PRIMARY KEY,
  scope      TEXT NOT NULL CHECK (scope IN ('company', 'group', 'personal')),
  group_id   INTEGER REFERENCES agent_groups(id) ON DELETE CASCADE,
  owner_id   INTEGER REFERENCES agents(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((scope = 'group') = (group_id IS NOT NULL)),
  CHECK ((scope = 'personal') = (owner_id IS NOT NULL))
) STRICT;
CREATE INDEX canned_folders_bucket ON canned_folders (scope, group_id, owner_id, position);

CREATE TABLE canned_items (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('reply', 'link', 'file')),
  scope       TEXT NOT NULL CHECK (scope IN ('company', 'group', 'personal')),
  group_id    INTEGER REFERENCES agent_groups(id) ON DELETE CASCADE,
  owner_id    INTEGER REFERENCES agents(id) ON DELETE CASCADE,
  folder_id   INTEGER REFERENCES canned_folders(id) ON DELETE SET NULL,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',      -- reply text (≤ 2,000 characters); empty otherwise
  shortcut    TEXT,                          -- e.g. "/hi"; replies only
  url         TEXT,                          -- links only (http/https)
  file_blob   TEXT,                          -- files only: storage name under files/common/
  file_name   TEXT,
  file_mime   TEXT,
  file_size   INTEGER,
  position    INTEGER NOT NULL DEFAULT 0,
  created_by  INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK ((scope = 'group') = (group_id IS NOT NULL)),
  CHECK ((scope = 'personal') = (owner_id IS NOT NULL)),
  CHECK ((kind = 'link') = (url IS NOT NULL)),
  CHECK ((kind = 'file') = (file_blob IS NOT NULL))
) STRICT;
CREATE INDEX canned_items_bucket ON canned_items (scope, group_id, owner_id, folder_id, position);
CREATE INDEX canned_items_folder ON canned_items (folder_id);
