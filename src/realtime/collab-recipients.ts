import type { Services } from "../services.ts";
import type { ConversationRow } from "../chat/service.ts";
import { participantsView } from "../chat/participants-view.ts";
import { topics, type Hub } from "./hub.ts";
import { visitorRow } from "./visitor-rows.ts";
import { publishToAgentsMasked } from "./masked-frames.ts";

/**
 * Collaboration frames (A8, A9, auto-busy A2): transfer requests and their outcome, guest
 * invitations, participant changes and effective status. Each goes only to the agents it
 * concerns, over their own agent topic.
 */
export function wireCollabRecipients(s: Services, hub: Hub, toParticipants: (c: ConversationRow, frame: object) => void) {
  const agentRef = (id: number | null) => (id ? { id, name: s.agents.get(id)?.display_name ?? "" } : null);
  const visitorOf = (c: ConversationRow) => {
    const live = s.visitors.presenceOf(c.visitor_id);
    return live ? visitorRow(s, live) : { id: c.visitor_id, siteId: c.site_id, name: s.visitors.get(c.visitor_id)?.name ?? "", status: "gone" };
  };
  const conversationOf = (c: ConversationRow) => ({ id: c.id, siteId: c.site_id, visitorId: c.visitor_id, status: c.status, agentId: c.agent_id, createdAt: c.created_at, acceptedAt: c.accepted_at });
  const toAgent = (id: number, frame: object) => hub.publish(topics.agent(id), frame);

  s.events.subscribe("transfer.requested", ({ transfer: t, conversation, recipients }) => {
    const group = t.to_group_id ? s.groups.get(t.to_group_id) : null;
    const frame = {
      type: "transfer_request", id: t.id, conversationId: t.conversation_id, conversation: conversationOf(conversation), visitor: visitorOf(conversation),
      from: agentRef(t.from_agent_id), group: group ? { id: group.id, name: group.name } : null, note: t.note, deadline: t.deadline_at, serverTime: s.clock.now(),
    };
    publishToAgentsMasked(s, hub, recipients, frame);
  });

  s.events.subscribe("transfer.ended", ({ transfer: t, notify, withdrawnFrom }) => {
    const frame = { type: "transfer_ended", id: t.id, conversationId: t.conversation_id, outcome: t.status, from: agentRef(t.from_agent_id), by: agentRef(t.answered_by) };
    for (const id of new Set(notify)) toAgent(id, frame);
    for (const id of withdrawnFrom) if (!notify.includes(id)) toAgent(id, { type: "transfer_withdrawn", id: t.id, conversationId: t.conversation_id, outcome: t.status });
  });

  s.events.subscribe("chat.participants", ({ conversation, removed }) => {
    const fresh = s.chat.get(conversation.id) ?? conversation;
    const frame = { type: "participants", ...participantsView(s, fresh.id) };
    toParticipants(fresh, frame);
    for (const id of removed) toAgent(id, frame);
  });

  s.events.subscribe("guest.invited", ({ invitation: inv, conversation }) => {
    publishToAgentsMasked(s, hub, [inv.to_agent_id], {
      type: "guest_invitation", id: inv.id, conversationId: inv.conversation_id, conversation: conversationOf(conversation), visitor: visitorOf(conversation),
      from: agentRef(inv.from_agent_id), deadline: inv.deadline_at, serverTime: s.clock.now(),
    });
  });

  s.events.subscribe("guest.answered", ({ invitation: inv }) => {
    const frame = { type: "guest_invitation_ended", id: inv.id, conversationId: inv.conversation_id, outcome: inv.status, agent: agentRef(inv.to_agent_id) };
    if (inv.from_agent_id) toAgent(inv.from_agent_id, frame);
    toAgent(inv.to_agent_id, frame);
  });

  s.events.subscribe("agent.status", ({ agentId, status, effective, reason }) => toAgent(agentId, { type: "status", status, effective, reason }));
}
