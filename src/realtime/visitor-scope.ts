import type { Services } from "../services.ts";

/**
 * Which sites' visitors an agent may see in the console (A3). Every list route and the trail
 * ask this one function, so restricting agents to their departments' sites later is one change
 * here. Today every agent who may take chats sees every site.
 */
export function visibleSiteIds(s: Services, _agentId: number): number[] {
  return s.sites.list().map((site) => site.id);
}

export const canSeeSite = (s: Services, agentId: number, siteId: number) => visibleSiteIds(s, agentId).includes(siteId);
