import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import { conflict, invalid, notFound } from "../platform/errors.ts";

export interface GroupRow {
  id: number;
  name: string;
  position: number;
  default_agent_id: number | null;
  department_id: number | null;
  created_at: number;
  updated_at: number;
}
export interface GroupInput {
  name?: unknown;
  position?: unknown;
  default_agent_id?: unknown;
  member_ids?: unknown;
  /** Absent keeps the current department; "" or null means none. */
  department_id?: unknown;
}

/**
 * Skill groups: an agent may be in several. Transfer to a group, group canned replies and
 * group routing read membership from here; departments extend this in the teams work.
 */
export function createGroupsService(deps: { db: Database; clock: Clock; audit: AuditService; events?: EventBus }) {
  const { db } = deps;
  const all = db.prepare("SELECT * FROM agent_groups ORDER BY position, name COLLATE NOCASE");
  const byId = db.prepare("SELECT * FROM agent_groups WHERE id = ?");
  const byName = db.prepare("SELECT id FROM agent_groups WHERE name = ?");
  const insert = db.prepare("INSERT INTO agent_groups (name, position, default_agent_id, created_at, updated_at, department_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING *");
  const update = db.prepare("UPDATE agent_groups SET name = ?, position = ?, default_agent_id = ?, updated_at = ?, department_id = ? WHERE id = ?");
  const deptExists = db.prepare("SELECT 1 FROM departments WHERE id = ?");
  const remove = db.prepare("DELETE FROM agent_groups WHERE id = ?");
  const members = db.prepare("SELECT agent_id FROM agent_group_members WHERE group_id = ? ORDER BY agent_id");
  const groupsOf = db.prepare("SELECT g.* FROM agent_groups g JOIN agent_group_members m ON m.group_id = g.id WHERE m.agent_id = ? ORDER BY g.position, g.name");
  const clearMembers = db.prepare("DELETE FROM agent_group_members WHERE group_id = ?");
  const addMember = db.prepare("INSERT INTO agent_group_members (group_id, agent_id) VALUES (?, ?)");
  const agentExists = db.prepare("SELECT 1 FROM agents WHERE id = ?");

  function validate(input: GroupInput, id: number | null, currentDepartment: number | null = null) {
    const name = String(input.name ?? "").trim();
    if (!name || name.length > 40) throw invalid("请填写分组名称（最多 40 字） / group name is required (40 characters at most)", "name");
    const clash = byName.get(name) as { id: number } | null;
    if (clash && clash.id !== id) throw conflict("分组名称已存在 / a group with this name exists", "name");
    const position = input.position === undefined || input.position === "" ? 0 : Number(input.position);
    if (!Number.isInteger(position) || position < 0 || position > 9999) throw invalid("排序须为 0–9999 的整数 / position must be a whole number 0–9999", "position");
    const rawDefault = input.default_agent_id;
    const defaultAgent = rawDefault === undefined || rawDefault === null || rawDefault === "" ? null : Number(rawDefault);
    if (defaultAgent !== null && !agentExists.get(defaultAgent)) throw invalid("默认客服不存在 / the default agent does not exist", "default_agent_id");
    const rawMembers = input.member_ids === undefined ? null : Array.isArray(input.member_ids) ? input.member_ids : [input.member_ids];
    const memberIds = rawMembers === null ? null : [...new Set(rawMembers.filter((m) => m !== "").map(Number))];
    for (const m of memberIds ?? []) if (!Number.isInteger(m) || !agentExists.get(m)) throw invalid("成员中有不存在的客服 / a member is not an agent", "member_ids");
    const rawDept = input.department_id;
    const department = rawDept === undefined ? currentDepartment : rawDept === null || rawDept === "" ? null : Number(rawDept);
    if (department !== null && (!Number.isInteger(department) || !deptExists.get(department))) throw invalid("部门不存在 / department not found", "department_id");
    return { name, position, defaultAgent, memberIds, department };
  }

  const setMembers = (groupId: number, ids: number[]) => {
    clearMembers.run(groupId);
    for (const a of ids) addMember.run(groupId, a);
  };

  return {
    list: () => all.all() as GroupRow[],
    get: (id: number) => byId.get(id) as GroupRow | null,
    memberIds: (groupId: number) => (members.all(groupId) as { agent_id: number }[]).map((r) => r.agent_id),
    groupsOf: (agentId: number) => groupsOf.all(agentId) as GroupRow[],
    create(actor: Actor, input: GroupInput): GroupRow {
      const v = validate(input, null);
      return db.transaction(() => {
        const row = insert.get(v.name, v.position, v.defaultAgent, deps.clock.now(), deps.clock.now(), v.department) as GroupRow;
        if (v.memberIds) setMembers(row.id, v.memberIds);
        deps.audit.record(actor, { action: "group.create", targetType: "group", targetId: row.id, detail: { name: v.name, members: v.memberIds ?? [], department_id: v.department } });
        return row;
      }).immediate();
    },
    update(actor: Actor, id: number, input: GroupInput): GroupRow {
      const before = byId.get(id) as GroupRow | null;
      if (!before) throw notFound("分组不存在 / group not found");
      const v = validate(input, id, before.department_id);
      const row = db.transaction(() => {
        update.run(v.name, v.position, v.defaultAgent, deps.clock.now(), v.department, id);
        if (v.memberIds) setMembers(id, v.memberIds);
        deps.audit.record(actor, { action: "group.update", targetType: "group", targetId: id, detail: { name: v.name, members: v.memberIds, department_id: v.department } });
        return byId.get(id) as GroupRow;
      }).immediate();
      deps.events?.publish("group.changed", { groupId: id });
      return row;
    },
    remove(actor: Actor, id: number) {
      const g = byId.get(id) as GroupRow | null;
      if (!g) throw notFound("分组不存在 / group not found");
      db.transaction(() => {
        remove.run(id);
        deps.audit.record(actor, { action: "group.delete", targetType: "group", targetId: id, detail: { name: g.name } });
      }).immediate();
      deps.events?.publish("group.changed", { groupId: id });
    },
  };
}
export type GroupsService = ReturnType<typeof createGroupsService>;
