/**
 * Data scope (M1): a department admin's permissions reach only their own department's agents,
 * chats and data; everyone else's reach the organisation. Every list, page and action that
 * touches agents, chats or visitor data asks these functions instead of comparing departments
 * itself, so the rule lives in one place. A department-scoped agent without a department sees
 * nothing (fail closed).
 */
export type DataScope = { kind: "all" } | { kind: "department"; departmentId: number | null };

export const ORGANISATION: DataScope = { kind: "all" };

/** Is an agent (or anything owned by an agent, given its department) inside the scope? */
export function departmentInScope(scope: DataScope, departmentId: number | null | undefined): boolean {
  if (scope.kind === "all") return true;
  return scope.departmentId !== null && departmentId === scope.departmentId;
}

export const agentInScope = (scope: DataScope, agent: { department_id: number | null } | null | undefined) =>
  agent != null && departmentInScope(scope, agent.department_id);

/**
 * A chat belongs to the department of the agent handling it; before anyone takes it, to the
 * department of the group it was routed to, and failing that of its site.
 */
export function conversationDepartment(
  c: { agent_id: number | null; group_id?: number | null; site_id: number },
  lookups: { agentDepartment: (id: number) => number | null; groupDepartment: (id: number) => number | null; siteDepartment: (id: number) => number | null },
): number | null {
  if (c.agent_id != null) return lookups.agentDepartment(c.agent_id);
  if (c.group_id != null) return lookups.groupDepartment(c.group_id);
  return lookups.siteDepartment(c.site_id);
}

/** SQL for "rows whose department column is in scope", with its parameters. */
export function departmentClause(scope: DataScope, column: string): { sql: string; params: number[] } {
  if (scope.kind === "all") return { sql: "1", params: [] };
  if (scope.departmentId === null) return { sql: "0", params: [] };
  return { sql: `${column} = ?`, params: [scope.departmentId] };
}
