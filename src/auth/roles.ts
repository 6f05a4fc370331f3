import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import { AppError, conflict, invalid, notFound } from "../platform/errors.ts";
import { ALL_PERMISSIONS, BUILTIN_ROLE_PERMISSIONS, BUILTIN_ROLE_SCOPE, PERMISSIONS, type Permission, type RoleScope } from "./permissions.ts";
import { departmentInScope, type DataScope } from "./permissions.ts";

/**
 * Roles (M1): the built-in ones take permissions and scope from the catalogue in code; custom
 * ones store theirs in `roles` / `role_permissions`. Nothing here is cached: auth resolves a
 * principal's permissions from these rows on every request, so an edited role takes effect on
 * its holders' next request (and next socket action).
 */
export interface RoleView {
  id: string;
  name: string;
  description: string;
  builtin: boolean;
  scope: RoleScope;
  permissions: Permission[];
  holders: number;
}

export interface RoleInput {
  id?: unknown;
  name?: unknown;
  description?: unknown;
  scope?: unknown;
  permissions?: unknown;
}

/** Who is acting, as far as granting goes: what they hold and how far it reaches. */
export interface Authority {
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
}

/** Areas for grouping permissions on the role form, in display order. */
export const PERMISSION_AREAS: { id: string; zh: string; en: string; prefixes: string[] }[] = [
  { id: "chat", zh: "对话", en: "Chat", prefixes: ["chat."] },
  { id: "visitor", zh: "访客", en: "Visitors", prefixes: ["visitor."] },
  { id: "history", zh: "记录", en: "History", prefixes: ["history."] },
  { id: "leave", zh: "留言", en: "Leave messages", prefixes: ["leave."] },
  { id: "customers", zh: "客户", en: "Customers", prefixes: ["customers."] },
  { id: "data", zh: "数据", en: "Data", prefixes: ["data."] },
  { id: "canned", zh: "常用语", en: "Canned replies", prefixes: ["canned."] },
  { id: "reports", zh: "统计", en: "Reports", prefixes: ["reports."] },
  { id: "administration", zh: "管理", en: "Administration", prefixes: ["agents.", "roles.", "departments.", "sites.", "settings.", "security.", "notices."] },
  { id: "logs", zh: "日志", en: "Logs", prefixes: ["loginlog.", "audit."] },
];

/** Every permission in exactly one area; one nobody filed lands in administration rather than vanishing. */
export function permissionsByArea(): { area: (typeof PERMISSION_AREAS)[number]; permissions: Permission[] }[] {
  const areaOf = (p: string) => PERMISSION_AREAS.find((a) => a.prefixes.some((x) => p.startsWith(x)))?.id ?? "administration";
  return PERMISSION_AREAS.map((area) => ({ area, permissions: ALL_PERMISSIONS.filter((p) => areaOf(p) === area.id) }));
}

const ROLE_ID = /^[a-z0-9_-]{2,32}$/;
const escalation = (message: string, field = "role_id") => new AppError(403, "forbidden", message, field);

export function createRolesService(deps: { db: Database; clock: Clock; audit: AuditService }) {
  const { db } = deps;
  const rows = db.prepare("SELECT id, name, builtin, scope, description FROM roles ORDER BY builtin DESC, id");
  const byId = db.prepare("SELECT id, name, builtin, scope, description FROM roles WHERE id = ?");
  const perms = db.prepare("SELECT permission FROM role_permissions WHERE role_id = ? ORDER BY permission");
  const holders = db.prepare("SELECT count(*) AS n FROM agents WHERE role_id = ?");
  const insert = db.prepare("INSERT INTO roles (id, name, builtin, created_at, scope, description) VALUES (?, ?, 0, ?, ?, ?)");
  const update = db.prepare("UPDATE roles SET name = ?, scope = ?, description = ? WHERE id = ? AND builtin = 0");
  const clearPerms = db.prepare("DELETE FROM role_permissions WHERE role_id = ?");
  const addPerm = db.prepare("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)");
  const remove = db.prepare("DELETE FROM roles WHERE id = ? AND builtin = 0");

  type Row = { id: string; name: string; builtin: number; scope: RoleScope; description: string };

  function permissionsOf(roleId: string): Permission[] {
    const builtin = BUILTIN_ROLE_PERMISSIONS[roleId];
    if (builtin) return [...builtin];
    // A permission removed from the catalogue in an upgrade simply stops counting.
    const stored = new Set((perms.all(roleId) as { permission: string }[]).map((r) => r.permission));
    return ALL_PERMISSIONS.filter((p) => stored.has(p));
  }

  function scopeOf(roleId: string): RoleScope {
    return BUILTIN_ROLE_SCOPE[roleId] ?? (byId.get(roleId) as Row | null)?.scope ?? "all";
  }

  function view(r: Row): RoleView {
    return {
      id: r.id, name: r.name, description: r.description, builtin: r.builtin === 1, scope: BUILTIN_ROLE_SCOPE[r.id] ?? r.scope,
      permissions: permissionsOf(r.id), holders: (holders.get(r.id) as { n: number }).n,
    };
  }

  const get = (id: string) => {
    const r = byId.get(id) as Row | null;
    return r ? view(r) : null;
  };
  const mustGet = (id: string) => get(id) ?? (() => { throw notFound("角色不存在 / role not found"); })();

  /**
   * No privilege escalation: a role may be granted (to an agent, or as a role's permission set)
   * only by someone who holds every permission in it; a department-scoped actor may grant only
   * department-scoped roles or plain `agent`, so nobody they appoint reaches past their department.
   */
  function assertGrantable(by: Authority, permissions: readonly Permission[], scope: RoleScope, roleId: string | null, field: string) {
    const missing = permissions.filter((p) => !by.permissions.has(p));
    if (missing.length) throw escalation(`不能授予自己没有的权限：${missing.join(", ")} / you cannot grant permissions you do not hold: ${missing.join(", ")}`, field);
    if (by.scope.kind === "department" && scope !== "department" && roleId !== "agent") {
      throw escalation("部门管理员只能授予部门范围的角色 / a department admin may grant only department-scoped roles", field);
    }
  }

  function validate(input: RoleInput, existing: RoleView | null) {
    const id = existing ? existing.id : String(input.id ?? "").trim();
    if (!existing) {
      if (!ROLE_ID.test(id)) throw invalid("角色标识为 2–32 位小写字母、数字、_ 或 - / role id: 2–32 of a-z, 0-9, _ and -", "id");
      if (Object.hasOwn(BUILTIN_ROLE_PERMISSIONS, id)) throw conflict("不能使用内置角色的标识 / this id belongs to a built-in role", "id");
      if (byId.get(id)) throw conflict("角色标识已存在 / a role with this id exists", "id");
    }
    const name = String(input.name ?? "").trim();
    if (!name || name.length > 40) throw invalid("请填写角色名称（最多 40 字） / role name is required (40 characters at most)", "name");
    const description = String(input.description ?? "").trim();
    if (description.length > 400) throw invalid("说明最多 400 字 / description: 400 characters at most", "description");
    const scope = String(input.scope ?? "all");
    if (scope !== "all" && scope !== "department") throw invalid("范围须为 all 或 department / scope must be all or department", "scope");
    const raw = input.permissions === undefined ? [] : Array.isArray(input.permissions) ? input.permissions : [input.permissions];
    const list = [...new Set(raw.map(String))];
    const unknown = list.filter((p) => !Object.hasOwn(PERMISSIONS, p));
    if (unknown.length) throw invalid(`未知权限：${unknown.join(", ").slice(0, 200)} / unknown permissions`, "permissions");
    return { id, name, description, scope: scope as RoleScope, permissions: ALL_PERMISSIONS.filter((p) => list.includes(p)) };
  }

  function store(v: ReturnType<typeof validate>) {
    clearPerms.run(v.id);
    for (const p of v.permissions) addPerm.run(v.id, p);
  }

  return {
    list: () => (rows.all() as Row[]).map(view),
    get,
    mustGet,
    permissionsOf,
    scopeOf,
    assertGrantable,
    /** Does the authority reach something of this department? */
    reaches: (by: Authority, departmentId: number | null) => departmentInScope(by.scope, departmentId),

    /** What an agent may grant, from their role and department (null actor id = the system, unrestricted). */
    authorityOf(agent: { role_id: string; department_id: number | null }): Authority {
      const scope: DataScope = scopeOf(agent.role_id) === "department" ? { kind: "department", departmentId: agent.department_id } : { kind: "all" };
      return { permissions: new Set(permissionsOf(agent.role_id)), scope };
    },

    /** May `by` give this role to an agent? Refused with 403 on field role_id. */
    assertAssignable(by: Authority, roleId: string) {
      const role = get(roleId);
      if (!role) throw invalid("角色不存在 / unknown role", "role_id");
      assertGrantable(by, role.permissions, role.scope, role.id, "role_id");
    },

    create(input: RoleInput, actor: Actor, by: Authority | null): RoleView {
      const v = validate(input, null);
      if (by) assertGrantable(by, v.permissions, v.scope, null, "permissions");
      db.transaction(() => {
        insert.run(v.id, v.name, deps.clock.now(), v.scope, v.description);
        store(v);
        deps.audit.record(actor, { action: "role.create", targetType: "role", targetId: v.id, detail: { name: v.name, scope: v.scope, added: v.permissions, removed: [] } });
      }).immediate();
      return mustGet(v.id);
    },

    update(id: string, input: RoleInput, actor: Actor, by: Authority | null): RoleView {
      const before = mustGet(id);
      if (before.builtin) throw new AppError(403, "forbidden", "内置角色不能修改 / built-in roles cannot be changed", "id");
      const v = validate(input, before);
      if (by) assertGrantable(by, v.permissions, v.scope, null, "permissions");
      const added = v.permissions.filter((p) => !before.permissions.includes(p));
      const removed = before.permissions.filter((p) => !v.permissions.includes(p));
      db.transaction(() => {
        update.run(v.name, v.scope, v.description, id);
        store(v);
        const detail: Record<string, unknown> = { added, removed };
        if (v.name !== before.name) detail.name = { from: before.name, to: v.name };
        if (v.scope !== before.scope) detail.scope = { from: before.scope, to: v.scope };
        if (v.description !== before.description) detail.description = { from: before.description, to: v.description };
        deps.audit.record(actor, { action: "role.update", targetType: "role", targetId: id, detail });
      }).immediate();
      return mustGet(id);
    },

    remove(id: string, actor: Actor) {
      const role = mustGet(id);
      if (role.builtin) throw new AppError(403, "forbidden", "内置角色不能删除 / built-in roles cannot be deleted", "id");
      db.transaction(() => {
        // Counted inside the transaction so an agent given the role meanwhile still blocks it.
        const n = (holders.get(id) as { n: number }).n;
        if (n > 0) throw conflict(`仍有 ${n} 位客服使用该角色，请先为他们更换角色 / ${n} agent(s) still hold this role; give them another role first`, "id");
        remove.run(id);
        deps.audit.record(actor, { action: "role.delete", targetType: "role", targetId: id, detail: { name: role.name, permissions: role.permissions } });
      }).immediate();
    },
  };
}
export type RolesService = ReturnType<typeof createRolesService>;
