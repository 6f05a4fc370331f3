import type { Services } from "../services.ts";
import type { OnlineVisitor } from "../visitors/service.ts";

/**
 * The visitor list row (A3) an agent sees: live presence joined with the visitor's open
 * conversation. Built here, in the delivery layer, because it spans the visitors and chat domains.
 */
export function visitorRow(s: Services, v: OnlineVisitor) {
  const visit = s.visitors.visit(v.visitId);
  const conversation = s.chat.openFor(v.visitorId) ?? null;
  const last = conversation ? s.chat.lastMessage(conversation.id) : null;
  const agent = conversation?.agent_id ? s.agents.get(conversation.agent_id) : null;
  const status = v.goneAt !== null ? "gone" : conversation?.status === "waiting" ? "waiting" : conversation?.status === "active" ? "chatting" : "browsing";
  return {
    id: v.visitorId,
    siteId: v.siteId,
    name: v.name,
    status,
    searchEngine: visit?.search_engine ?? "",
    searchKeyword: visit?.search_keyword ?? "",
    visitCount: v.visitCount,
    ip: visit?.ip ?? "",
    region: visit ? [visit.country, visit.province, visit.city].filter(Boolean).join(" ") : "",
    country: visit?.country ?? "",
    province: visit?.province ?? "",
    city: visit?.city ?? "",
    isp: visit?.isp ?? "",
    enteredAt: v.enteredAt,
    waitingSince: conversation?.status === "waiting" ? conversation.created_at : null,
    lastMessage: last ? (last.kind === "file" ? `[file] ${last.body}` : last.body.slice(0, 200)) : "",
    lastMessageAt: last?.created_at ?? null,
    goneAt: v.goneAt,
    agentId: agent?.id ?? null,
    agentName: agent?.display_name ?? "",
    conversationId: conversation?.id ?? null,
    currentUrl: v.currentUrl,
    currentTitle: v.currentTitle,
    referrer: visit?.referrer ?? "",
    language: visit?.language ?? "",
    os: visit?.os ?? "",
    browser: visit?.browser ?? "",
    device: visit?.device ?? "",
    blocked: s.care.blocks.activeFor(v.visitorId)?.mode ?? null,
  };
}
export type VisitorListRow = ReturnType<typeof visitorRow>;

export function visitorRowWithTrail(s: Services, v: OnlineVisitor) {
  const trail = s.visitors.trail(v.visitId).map((p) => ({ url: p.url, title: p.title, at: p.at, dwellMs: p.dwell_ms }));
  return { ...visitorRow(s, v), trail };
}
