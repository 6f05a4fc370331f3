import type { Services } from "../services.ts";
import type { ConversationRow } from "../chat/service.ts";
import { topics, type Hub } from "./hub.ts";
import { visitorRow } from "./visitor-rows.ts";

/**
 * Routing frames (docs/protocol.md): `offer` / `offer_ended` to the one agent concerned, and
 * `queue` to each waiting visitor whose place or expected wait changed (batched by routing).
 */
export function wireRoutingRecipients(s: Services, hub: Hub) {
  const visitorOf = (c: ConversationRow) => {
    const live = s.visitors.presenceOf(c.visitor_id);
    return live ? visitorRow(s, live) : { id: c.visitor_id, siteId: c.site_id, name: s.visitors.get(c.visitor_id)?.name ?? "", status: "gone" };
  };

  s.events.subscribe("routing.offer", ({ offer, conversation: c }) => {
    hub.publish(topics.agent(offer.agent_id), {
      type: "offer", id: offer.id, conversationId: c.id, deadline: offer.deadline_at, serverTime: s.clock.now(),
      conversation: { id: c.id, siteId: c.site_id, visitorId: c.visitor_id, status: c.status, createdAt: c.created_at, groupId: c.group_id },
      visitor: visitorOf(c), lastMessage: s.chat.lastMessage(c.id)?.body ?? "",
    });
  });

  s.events.subscribe("routing.offer_ended", ({ offer }) => {
    hub.publish(topics.agent(offer.agent_id), { type: "offer_ended", id: offer.id, conversationId: offer.conversation_id, outcome: offer.status });
  });

  s.events.subscribe("routing.queue", ({ entries }) => {
    for (const e of entries) hub.toVisitor(e.visitorId, { type: "queue", conversationId: e.conversationId, position: e.position, expectedWaitSeconds: e.expectedWaitSeconds });
  });
}
