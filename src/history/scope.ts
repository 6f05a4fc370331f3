import type { Principal } from "../auth/service.ts";
import type { Services } from "../services.ts";
import type { ConversationRow } from "../chat/repo.ts";

/**
 * Who sees which chats in history (H1). history.all reaches every chat — unless the role's
 * data scope is one department, which caps it there; history.department reaches the chats of
 * the agent's department; history.own only the chats the agent served or took part in. Every
 * history view (list, detail, files, customer 360, exports) asks this one place.
 */
export type HistoryScope = { kind: "all" } | { kind: "department"; departmentId: number; agentId: number } | { kind: "own"; agentId: number };

export function historyScope(p: Principal): HistoryScope | null {
  const agentId = p.agent.id;
  const departmentId = p.scope.kind === "department" ? p.scope.departmentId : p.agent.department_id ?? null;
  if (p.permissions.has("history.all") && p.scope.kind === "all") return { kind: "all" };
  if (p.permissions.has("history.all") || p.permissions.has("history.department")) {
    // Without a department there is no department to see: own chats only.
    return departmentId !== null ? { kind: "department", departmentId, agentId } : { kind: "own", agentId };
  }
  if (p.permissions.has("history.own")) return { kind: "own", agentId };
  return null;
}

const OWN = (a: string) =>
  `(${a}.agent_id = $hs_agent OR EXISTS (SELECT 1 FROM conversation_participants hs_p WHERE hs_p.conversation_id = ${a}.id AND hs_p.agent_id = $hs_agent))`;

/**
 * The scope as an SQL condition over a conversations alias. A chat's department is its agent's,
 * else its group's, else its site's — the rule of departments.ofConversation, so the list and
 * the detail never disagree.
 */
export function historyWhere(scope: HistoryScope, alias = "c"): { sql: string; params: Record<string, number> } {
  if (scope.kind === "all") return { sql: "1", params: {} };
  if (scope.kind === "own") return { sql: OWN(alias), params: { $hs_agent: scope.agentId } };
  const department = `COALESCE(
      (SELECT hs_a.department_id FROM agents hs_a WHERE hs_a.id = ${alias}.agent_id),
      CASE WHEN ${alias}.agent_id IS NULL THEN (SELECT hs_g.department_id FROM agent_groups hs_g WHERE hs_g.id = ${alias}.group_id) END,
      CASE WHEN ${alias}.agent_id IS NULL AND ${alias}.group_id IS NULL THEN (SELECT hs_s.department_id FROM sites hs_s WHERE hs_s.id = ${alias}.site_id) END)`;
  return { sql: `(${OWN(alias)} OR ${department} = $hs_dept)`, params: { $hs_agent: scope.agentId, $hs_dept: scope.departmentId } };
}

export function inHistoryScope(s: Services, scope: HistoryScope, c: ConversationRow): boolean {
  if (scope.kind === "all") return true;
  if (c.agent_id === scope.agentId || s.chat.participants.wasIn(c.id, scope.agentId)) return true;
  return scope.kind === "department" && s.departments.ofConversation(c) === scope.departmentId;
}
