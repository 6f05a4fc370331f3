import type { AgentRow } from "../agents/repo.ts";
import type { GroupRow } from "../agents/groups.ts";
import type { Availability } from "../agents/availability.ts";
import { invalid } from "../platform/errors.ts";
import type { SiteRow } from "./repo.ts";

/** One group or agent the widget offers before the first message (V24). Names are plain text. */
export interface EntryOption {
  id: number;
  name: string;
  online: boolean;
}
export interface EntryOffer {
  kind: "groups" | "agents";
  options: EntryOption[];
}
/** What a new chat is routed to: stored on the conversation when it opens. */
export interface ChatRoute {
  groupId: number | null;
  requestedAgentId: number | null;
}

export interface EntryDeps {
  groups: { list(): GroupRow[]; memberIds(groupId: number): number[] };
  agents: { list(): AgentRow[]; get(id: number): AgentRow | null; availability: Pick<Availability, "onlineAgents"> };
  /** Whether the agent's role lets them take chats (chat.accept); auth owns the answer. */
  canAccept(agent: AgentRow): boolean;
}

/**
 * A site's entry (V24, seed 001 §3.3): which groups or agents its widget offers, whether each
 * can answer now, and where a new chat goes — the visitor's choice when the site offers one
 * (checked against the offer, so a forged id is refused), else the site's binding. A site with
 * a department offers only that department's groups and agents, and counts only its agents as
 * online, because only they serve it. Who may then accept the chat is routing's concern.
 */
export function createSiteEntry(deps: EntryDeps) {
  const inDepartment = (site: SiteRow, departmentId: number | null) => site.department_id === null || departmentId === site.department_id;

  const offeredGroups = (site: SiteRow) => deps.groups.list().filter((g) => inDepartment(site, g.department_id));
  const offeredAgents = (site: SiteRow) => deps.agents.list().filter((a) => !a.disabled && inDepartment(site, a.department_id) && deps.canAccept(a));

  function offer(site: SiteRow): EntryOffer | null {
    if (site.entry_choice === "none") return null;
    const online = new Set(deps.agents.availability.onlineAgents());
    const serves = (agentId: number) => online.has(agentId) && (site.department_id === null || deps.agents.get(agentId)?.department_id === site.department_id);
    if (site.entry_choice === "groups") {
      return { kind: "groups", options: offeredGroups(site).map((g) => ({ id: g.id, name: g.name, online: deps.groups.memberIds(g.id).some(serves) })) };
    }
    return { kind: "agents", options: offeredAgents(site).map((a) => ({ id: a.id, name: a.display_name, online: online.has(a.id) })) };
  }

  const chosenId = (raw: unknown) => (typeof raw === "number" || (typeof raw === "string" && /^\d{1,12}$/.test(raw)) ? Number(raw) : NaN);

  /**
   * The route of a chat opening now. A choice field is read only when the site offers that kind
   * of choice; without one (a site that stopped offering it, an invitation) the binding applies.
   */
  function route(site: SiteRow, choice: { groupId?: unknown; agentId?: unknown }): ChatRoute {
    if (site.entry_choice === "groups" && choice.groupId != null) {
      const id = chosenId(choice.groupId);
      if (!offeredGroups(site).some((g) => g.id === id)) throw invalid("所选分组不可选 / the chosen group is not offered on this site", "groupId");
      return { groupId: id, requestedAgentId: null };
    }
    if (site.entry_choice === "agents" && choice.agentId != null) {
      const id = chosenId(choice.agentId);
      if (!offeredAgents(site).some((a) => a.id === id)) throw invalid("所选客服不可选 / the chosen agent is not offered on this site", "agentId");
      return { groupId: null, requestedAgentId: id };
    }
    if (choice.groupId != null && site.entry_choice === "agents") throw invalid("此网站不提供分组选择 / this site offers no choice of group", "groupId");
    if (choice.agentId != null && site.entry_choice === "groups") throw invalid("此网站不提供客服选择 / this site offers no choice of agent", "agentId");
    return { groupId: site.route_group_id, requestedAgentId: site.route_agent_id };
  }

  return { offer, route, offeredGroups, offeredAgents };
}
export type SiteEntry = ReturnType<typeof createSiteEntry>;
