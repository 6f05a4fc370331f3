-- Departments and data scope (M1, M2, R2, V24). A department owns agents, skill groups and
-- optionally sites; a role's scope says whether its management permissions reach the whole
-- organisation or only the holder's own department (the built-in department admin). Chats carry
-- the group and agent they were routed to, so routing, supervision and history can all ask the
-- same columns. Routing settings, supervision and masking add their own migrations.

CREATE TABLE departments (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

ALTER TABLE agents ADD COLUMN department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL;
CREATE INDEX agents_department ON agents (department_id);
ALTER TABLE agent_groups ADD COLUMN department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL;
-- A site with no department is served by everyone; otherwise only by its department's agents.
ALTER TABLE sites ADD COLUMN department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL;

ALTER TABLE roles ADD COLUMN scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'department'));
ALTER TABLE roles ADD COLUMN description TEXT NOT NULL DEFAULT '';
INSERT INTO roles (id, name, builtin, created_at, scope) VALUES ('department_admin', '部门管理员 Department admin', 1, 0, 'department');

-- Where a site's entry sends chats (R2, V24): nowhere in particular, a group or one agent; and
-- whether the widget lets the visitor choose a group or an agent first.
ALTER TABLE sites ADD COLUMN route_group_id INTEGER REFERENCES agent_groups(id) ON DELETE SET NULL;
ALTER TABLE sites ADD COLUMN route_agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL;
ALTER TABLE sites ADD COLUMN entry_choice TEXT NOT NULL DEFAULT 'none' CHECK (entry_choice IN ('none', 'groups', 'agents'));

-- The group a chat was routed to and the agent the visitor asked for, fixed when it opens.
ALTER TABLE conversations ADD COLUMN group_id INTEGER REFERENCES agent_groups(id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN requested_agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL;
