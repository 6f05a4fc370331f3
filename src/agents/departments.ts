import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import { conflict, invalid, notFound } from "../platform/errors.ts";

export interface DepartmentRow {
  id: number;
  name: string;
  position: number;
  created_at: number;
  updated_at: number;
}
export interface DepartmentInput {
  name?: unknown;
  position?: unknown;
}

/**
 * Departments (M1, M2): agents, skill groups and sites belong to at most one. They give
 * department admins their reach (src/auth/permissions.ts) and notices a department audience. The
 * lookups answer "which department does this chat belong to" for scope checks everywhere.
 */
export function createDepartmentsService(deps: { db: Database; clock: Clock; audit: AuditService }) {
  const { db } = deps;
  const all = db.prepare("SELECT * FROM departments ORDER BY position, name COLLATE NOCASE");
  const byId = db.prepare("SELECT * FROM departments WHERE id = ?");
  const byName = db.prepare("SELECT id FROM departments WHERE name = ?");
  const insert = db.prepare("INSERT INTO departments (name, position, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *");
  const update = db.prepare("UPDATE departments SET name = ?, position = ?, updated_at = ? WHERE id = ?");
  const remove = db.prepare("DELETE FROM departments WHERE id = ?");
  const agentDept = db.prepare("SELECT department_id AS d FROM agents WHERE id = ?");
  const groupDept = db.prepare("SELECT department_id AS d FROM agent_groups WHERE id = ?");
  const siteDept = db.prepare("SELECT department_id AS d FROM sites WHERE id = ?");
  const members = db.prepare("SELECT id FROM agents WHERE department_id = ? AND disabled = 0 ORDER BY id");
  const setAgent = db.prepare("UPDATE agents SET department_id = ?, updated_at = ? WHERE id = ?");
  const dept = (stmt: ReturnType<Database["prepare"]>, id: number) => (stmt.get(id) as { d: number | null } | null)?.d ?? null;

  function validate(input: DepartmentInput, id: number | null) {
    const name = String(input.name ?? "").trim();
    if (!name || name.length > 40) throw invalid("请填写部门名称（最多 40 字） / department name is required (40 characters at most)", "name");
    const clash = byName.get(name) as { id: number } | null;
    if (clash && clash.id !== id) throw conflict("部门名称已存在 / a department with this name exists", "name");
    const position = input.position === undefined || input.position === "" ? 0 : Number(input.position);
    if (!Number.isInteger(position) || position < 0 || position > 9999) throw invalid("排序须为 0–9999 的整数 / position must be a whole number 0–9999", "position");
    return { name, position };
  }

  const mustGet = (id: number) => {
    const d = byId.get(id) as DepartmentRow | null;
    if (!d) throw notFound("部门不存在 / department not found");
    return d;
  };

  const lookups = {
    agentDepartment: (id: number) => dept(agentDept, id),
    groupDepartment: (id: number) => dept(groupDept, id),
    siteDepartment: (id: number) => dept(siteDept, id),
  };

  return {
    list: () => all.all() as DepartmentRow[],
    get: (id: number) => byId.get(id) as DepartmentRow | null,
    mustGet,
    ...lookups,
    /** Enabled agents of a department (notices, supervision). */
    memberIds: (id: number) => (members.all(id) as { id: number }[]).map((r) => r.id),
    /**
     * A chat belongs to the department of the agent handling it; before anyone takes it, to the
     * department of the group it was routed to, and failing that of its site.
     */
    ofConversation(c: { agent_id: number | null; group_id?: number | null; site_id: number }): number | null {
      if (c.agent_id != null) return lookups.agentDepartment(c.agent_id);
      if (c.group_id != null) return lookups.groupDepartment(c.group_id);
      return lookups.siteDepartment(c.site_id);
    },

    create(input: DepartmentInput, actor: Actor): DepartmentRow {
      const v = validate(input, null);
      return db.transaction(() => {
        const row = insert.get(v.name, v.position, deps.clock.now(), deps.clock.now()) as DepartmentRow;
        deps.audit.record(actor, { action: "department.create", targetType: "department", targetId: row.id, detail: v });
        return row;
      }).immediate();
    },
    update(id: number, input: DepartmentInput, actor: Actor): DepartmentRow {
      mustGet(id);
      const v = validate(input, id);
      db.transaction(() => {
        update.run(v.name, v.position, deps.clock.now(), id);
        deps.audit.record(actor, { action: "department.update", targetType: "department", targetId: id, detail: v });
      }).immediate();
      return mustGet(id);
    },
    /** Agents, groups and sites of a deleted department become department-less (ON DELETE SET NULL). */
    remove(id: number, actor: Actor) {
      const d = mustGet(id);
      db.transaction(() => {
        remove.run(id);
        deps.audit.record(actor, { action: "department.delete", targetType: "department", targetId: id, detail: { name: d.name } });
      }).immediate();
    },
    setAgentDepartment(agentId: number, departmentId: number | null, actor: Actor) {
      if (departmentId !== null) mustGet(departmentId);
      db.transaction(() => {
        setAgent.run(departmentId, deps.clock.now(), agentId);
        deps.audit.record(actor, { action: "agent.department", targetType: "agent", targetId: agentId, detail: { department_id: departmentId } });
      }).immediate();
    },
  };
}
export type DepartmentsService = ReturnType<typeof createDepartmentsService>;
