import type { Services } from "../services.ts";

/**
 * Which sites' visitors an agent may see and serve (A3). Every list route and the trail ask this
 * one function. A site given to a department is served by that department's agents only; a site
 * without one, by everyone; an agent without a department serves every site — unless their role
 * is department-scoped, which then reaches none.
 */
export function visibleSiteIds(s: Services, agentId: number): number[] {
  const agent = s.agents.get(agentId);
  if (!agent) return [];
  // A department-scoped role (department admin) without a department reaches nothing: fail closed.
  const scope = s.auth.scopeOf(agent);
  if (scope.kind === "department" && scope.departmentId === null) return [];
  return s.sites.servedBy(agent.department_id ?? null).map((site) => site.id);
}

export const canSeeSite = (s: Services, agentId: number, siteId: number) => visibleSiteIds(s, agentId).includes(siteId);
