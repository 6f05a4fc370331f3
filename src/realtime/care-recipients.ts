import type { Services } from "../services.ts";
import { topics, type Hub } from "./hub.ts";
import { BLOCKED_MESSAGE, CLOSE_BLOCKED } from "./visitor-blocks.ts";
import { wireAccessRecipients } from "./access-recipients.ts";

/**
 * Who hears of blocks and evaluations. The blocked visitor's open tabs learn at once (the widget
 * shows "chat is not available", or removes itself when hidden); the agent's console gets its
 * to-evaluate count whenever one of its chats ends or is evaluated.
 */
export function wireCareRecipients(s: Services, hub: Hub) {
  const counters = (agentId: number) => hub.publish(topics.agent(agentId), { type: "counters", toEvaluate: s.care.evaluations.toEvaluate(agentId) });

  s.events.subscribe("care.blocked", ({ visitorId, block }) => {
    hub.toVisitor(visitorId, { type: "blocked", mode: block.mode, message: BLOCKED_MESSAGE });
    // Hidden: the widget goes away and its channels with it (it would only keep pinging).
    if (block.mode === "hide") hub.closeVisitor(visitorId, CLOSE_BLOCKED, "blocked");
  });
  s.events.subscribe("care.unblocked", ({ visitorId }) => hub.toVisitor(visitorId, { type: "unblocked" }));
  wireAccessRecipients(s, hub);
  s.events.subscribe("care.counters", ({ agentId }) => counters(agentId));
  s.events.subscribe("chat.conversation", ({ conversation }) => {
    if (conversation.status === "ended" && conversation.agent_id) counters(conversation.agent_id);
  });
}
