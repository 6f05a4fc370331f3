import type { Principal } from "../auth/service.ts";
import type { Services } from "../services.ts";

/**
 * Which sites' leave messages an agent may see (H2): none without leave.read; otherwise the
 * sites the agent serves — the visitor list's rule (realtime/visitor-scope.ts), so whoever could
 * have chatted with the visitor reads what they left. A department-scoped role reaches only
 * its department's sites.
 */
export function leaveSiteIds(s: Services, p: Principal): number[] | null {
  if (!p.permissions.has("leave.read")) return null;
  // A department-scoped role without a department reaches nothing (fail closed, M1).
  if (p.scope.kind === "department" && p.scope.departmentId === null) return [];
  const department = p.scope.kind === "department" ? p.scope.departmentId : p.agent.department_id ?? null;
  return s.sites.servedBy(department).map((site) => site.id);
}
