import type { Services } from "../services.ts";

/**
 * Which sites' visitors an agent may see and serve (A3). Every list route and the trail ask this
 * one function. A site given to a department is served by that department's agents only; a site
 * without one, by everyone; an agent without a department serves every site.
 */
export function visibleSiteIds(s: Services, agentId: number): number[] {
  return s.sites.servedBy(s.agents.get(agentId)?.department_id ?? null).map((site) => site.id);
}

export const canSeeSite = (s: Services, agentId: number, siteId: number) => visibleSiteIds(s, agentId).includes(siteId);
