import type { AgentsService } from "../agents/service.ts";
import type { GroupsService } from "../agents/groups.ts";
import type { ConversationRow } from "../chat/service.ts";
import type { RoutingRepo } from "./repo.ts";
import type { AgentLoad } from "./model.ts";

export interface EligibilityDeps {
  agents: AgentsService;
  groups: GroupsService;
  repo: RoutingRepo;
  /** The console's site scope (realtime/visitor-scope.ts `visibleSiteIds`), injected by services.ts. */
  siteVisible: (agentId: number, siteId: number) => boolean;
  dayStart: () => number;
}

/**
 * Who may serve a chat (docs/routing.md, Eligibility). `serves` is the lasting part (site scope,
 * group membership); `available` the live part (connected, chosen status online, under the chat
 * limit counting pending offers); `mayTake` adds the requested agent's priority and is what the
 * manual waiting list, its frames and accept apply.
 */
export function createEligibility(d: EligibilityDeps) {
  const serves = (agentId: number, c: Pick<ConversationRow, "site_id" | "group_id">) => {
    const agent = d.agents.get(agentId);
    if (!agent || agent.disabled) return false;
    if (!d.siteVisible(agentId, c.site_id)) return false;
    return c.group_id === null || d.groups.memberIds(c.group_id).includes(agentId);
  };

  const load = (agentId: number): AgentLoad => d.repo.load(agentId, d.dayStart());

  /** Online now and below the limit; pending offers count, so one agent is not offered a pile at once. */
  const available = (agentId: number, known?: AgentLoad) => {
    if (!d.agents.availability.isConnected(agentId) || d.agents.availability.effective(agentId) !== "online") return false;
    const max = d.agents.get(agentId)?.max_chats ?? 0;
    return max <= 0 || (known ?? load(agentId)).current < max;
  };

  const mayTake = (agentId: number, c: ConversationRow) => {
    if (!serves(agentId, c)) return false;
    const requested = c.requested_agent_id;
    return requested === null || requested === agentId || !available(requested);
  };

  /** Agents who could be offered this chat now, with their loads. */
  const candidates = (c: ConversationRow): AgentLoad[] =>
    d.agents.availability
      .onlineAgents()
      .filter((id) => serves(id, c))
      .map(load)
      .filter((l) => available(l.agentId, l));

  return { serves, available, mayTake, candidates, load };
}
export type Eligibility = ReturnType<typeof createEligibility>;
