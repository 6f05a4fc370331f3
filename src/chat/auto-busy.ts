import type { EventBus } from "../events/bus.ts";
import type { AgentsService } from "../agents/service.ts";
import type { ChatService } from "./service.ts";

/**
 * Auto-busy (A2): an agent whose active owned chats reach their `max_chats` counts as busy for
 * routing and availability, and as online again once below. The agent's chosen status is kept;
 * only the effective one changes, and the console is told through `agent.status`.
 */
export function createAutoBusy(deps: { events: EventBus; agents: AgentsService; chat: ChatService }) {
  const { agents, chat, events } = deps;
  const owners = new Map<number, number | null>();

  function refresh(agentId: number) {
    const agent = agents.get(agentId);
    if (!agent) return;
    const reached = agent.max_chats > 0 && chat.activeFor(agentId).length >= agent.max_chats;
    if (reached === agents.availability.atLimit(agentId)) return;
    agents.availability.setAtLimit(agentId, reached);
    const status = agent.service_status;
    const effective = agents.availability.effective(agentId) ?? status;
    events.publish("agent.status", { agentId, status, effective, reason: reached && status === "online" ? "limit" : "chosen" });
  }

  // Accept, end and transfer all publish the conversation; the previous owner is remembered so
  // a transfer also frees the agent who handed the chat on.
  events.subscribe("chat.conversation", ({ conversation }) => {
    const before = owners.get(conversation.id);
    if (conversation.status === "ended") owners.delete(conversation.id);
    else owners.set(conversation.id, conversation.agent_id);
    if (before && before !== conversation.agent_id) refresh(before);
    if (conversation.agent_id) refresh(conversation.agent_id);
  });
  events.subscribe("chat.participants", ({ removed }) => removed.forEach(refresh));

  return { refresh };
}
