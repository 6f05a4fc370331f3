-- Skill groups (R2, M2): transfer to a group, group canned replies and group routing all need
-- them, so they come before the console features that use them. An agent may belong to several
-- groups; groups are ordered for the widget's choice list; a default agent takes the group's chats
-- when routing has no better candidate. Departments and their admins extend this later.

CREATE TABLE agent_groups (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position         INTEGER NOT NULL DEFAULT 0,
  default_agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;

CREATE TABLE agent_group_members (
  group_id INTEGER NOT NULL REFERENCES agent_groups(id) ON DELETE CASCADE,
  agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, agent_id)
) STRICT;
CREATE INDEX agent_group_members_agent ON agent_group_members (agent_id);
