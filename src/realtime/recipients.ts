import type { Services } from "../services.ts";
import type { ConversationRow } from "../chat/service.ts";
import { topics, type Hub } from "./hub.ts";
import { conversationFrame, messageFrame } from "./frames.ts";
import { visitorRow } from "./visitor-rows.ts";
import { wireCollabRecipients } from "./collab-recipients.ts";
import { publishToAllAgents } from "./masked-frames.ts";

/**
 * Who receives what (DESIGN.md data flow step 4). Visitors get only their own conversation's
 * messages, status and the agent's typing; agents get the queue and visitor list, and the
 * messages, drafts and typing of conversations they take part in (owner and guests, A9).
 * Nothing here writes.
 */
export function wireRecipients(s: Services, hub: Hub) {
  const agentName = (id: number | null) => (id ? (s.agents.get(id)?.display_name ?? "") : "");
  /** V24: the group a chat was routed to, shown in the consoles' waiting list. */
  const groupName = (id: number | null) => (id ? (s.groups.get(id)?.name ?? "") : "");
  /** A frame for every agent taking part in the conversation (owner first, then guests) and its watchers (A20). */
  const toParticipants = (c: ConversationRow, frame: object, except?: number) => {
    for (const id of s.supervision.audience(c)) if (id !== except) hub.publish(topics.agent(id), frame);
  };
  const toWaitingAudience = (c: ConversationRow, frame: object) => {
    const audience = s.routing.waitingAudience(c);
    if (audience === null) hub.publish(topics.agents, frame);
    else for (const id of audience) hub.publish(topics.agent(id), frame);
  };
  s.events.subscribe("chat.message", ({ conversation, message, durable }) => {
    const file = message.file_id ? s.files.get(message.file_id) : null;
    const frame = messageFrame(message, file);
    // The visitor's widget shows its own message as sent when this frame arrives, so the visitor
    // gets it once it is durable; agents get it at commit.
    if (durable) durable.then(() => hub.toVisitor(conversation.visitor_id, frame), () => {});
    else hub.toVisitor(conversation.visitor_id, frame);
    const agentFrame = { ...frame, siteId: conversation.site_id, visitorId: conversation.visitor_id };
    if (conversation.agent_id) toParticipants(conversation, agentFrame);
    else toWaitingAudience(conversation, agentFrame);
  });

  s.events.subscribe("chat.conversation", ({ conversation }) => {
    const name = agentName(conversation.agent_id);
    hub.toVisitor(conversation.visitor_id, conversationFrame(conversation, name));
    // Everyone sees the queue change (taken, new, ended), so consoles stay in step; a waiting chat
    // only reaches the agents who may take it (routing eligibility: group, site, requested agent).
    const queueFrame = { ...conversationFrame(conversation, name), agentId: conversation.agent_id, visitorId: conversation.visitor_id, siteId: conversation.site_id, createdAt: conversation.created_at, groupName: groupName(conversation.group_id) };
    if (conversation.status === "waiting") toWaitingAudience(conversation, queueFrame);
    else hub.publish(topics.agents, queueFrame);
    const v = s.visitors.presenceOf(conversation.visitor_id);
    if (v) publishToAllAgents(hub, () => ({ type: "visitor", siteId: v.siteId, visitor: visitorRow(s, v) }));
  });

  s.events.subscribe("chat.typing", ({ conversationId, side, on, name, agentId }) => {
    const c = s.chat.get(conversationId);
    if (!c) return;
    if (side === "agent") {
      hub.toVisitor(c.visitor_id, { type: "typing", conversationId, on, name });
      toParticipants(c, { type: "typing", conversationId, on, from: "agent", agentId, name }, agentId);
    } else if (c.agent_id) toParticipants(c, { type: "typing", conversationId, on, visitorId: c.visitor_id });
  });

  s.events.subscribe("chat.draft", ({ conversation, text }) => {
    if (conversation.agent_id) toParticipants(conversation, { type: "draft", conversationId: conversation.id, text });
  });

  s.events.subscribe("visitor.updated", ({ siteId, visitorId }) => {
    const v = s.visitors.presenceOf(visitorId);
    if (v) publishToAllAgents(hub, () => ({ type: "visitor", siteId, visitor: visitorRow(s, v) }));
  });

  s.events.subscribe("visitor.gone", ({ siteId, visitorId }) => hub.publish(topics.agents, { type: "visitor_gone", siteId, visitorId }));

  s.events.subscribe("agents.availability", ({ available }) => {
    for (const site of s.sites.list()) hub.publish(topics.site(site.id), { type: "presence", online: available });
  });

  wireCollabRecipients(s, hub, toParticipants);

  // Leave messages reach only the agents who may read them: realtime/leave-recipients.ts.
}
