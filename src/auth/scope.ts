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

/** SQL for "rows whose department column is in scope", with its parameters. */
export function departmentClause(scope: DataScope, column: string): { sql: string; params: number[] } {
  if (scope.kind === "all") return { sql: "1", params: [] };
  if (scope.departmentId === null) return { sql: "0", params: [] };
  return { sql: `${column} = ?`, params: [scope.departmentId] };
}
