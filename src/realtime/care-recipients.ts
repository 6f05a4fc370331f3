import type { Services } from "../services.ts";
import { topics, type Hub } from "./hub.ts";
import { BLOCKED_MESSAGE, CLOSE_BLOCKED, accessMode } from "./visitor-blocks.ts";
import { cidrContains, parseCidr } from "../platform/ip.ts";
import type { BlockRow } from "../care/service.ts";

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
  // M7: an IP/CIDR rule reaches the visitors already on its sites from that range (their current
  // visit's address), added or lifted; each is told what applies now, all rules considered.
  const inRange = (block: BlockRow, tell: (visitorId: number, mode: "hide" | "refuse_chat" | null) => void) => {
    const cidr = parseCidr(block.ip_cidr ?? "");
    if (!cidr) return;
    for (const site of s.sites.list()) {
      if (block.site_id !== null && block.site_id !== site.id) continue;
      for (const v of s.visitors.online(site.id)) {
        const ip = v.goneAt === null ? s.visitors.visit(v.visitId)?.ip : undefined;
        if (ip && cidrContains(cidr, ip)) tell(v.visitorId, accessMode(s, v.visitorId, ip, site.id));
      }
    }
  };
  s.events.subscribe("care.range_blocked", ({ block }) => inRange(block, (visitorId, mode) => {
    if (!mode) return;
    hub.toVisitor(visitorId, { type: "blocked", mode, message: BLOCKED_MESSAGE });
    if (mode === "hide") hub.closeVisitor(visitorId, CLOSE_BLOCKED, "blocked");
  }));
  s.events.subscribe("care.range_lifted", ({ block }) => inRange(block, (visitorId, mode) => {
    if (!mode) hub.toVisitor(visitorId, { type: "unblocked" });
  }));
  s.events.subscribe("care.counters", ({ agentId }) => counters(agentId));
  s.events.subscribe("chat.conversation", ({ conversation }) => {
    if (conversation.status === "ended" && conversation.agent_id) counters(conversation.agent_id);
  });
}
