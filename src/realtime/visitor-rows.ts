import type { Services } from "../services.ts";
import type { OnlineVisitor, VisitRow } from "../visitors/service.ts";
import type { ConversationRow } from "../chat/service.ts";

/** The last message's text in a row is a preview; the chat itself carries the full text. */
const PREVIEW_CHARS = 100;

type Status = "browsing" | "waiting" | "chatting" | "gone";

/**
 * What a row needs besides the live entry. `visitorRows` gathers the conversations and agent
 * names once for a whole list instead of asking per visitor (5,000 rows stay one fast request).
 */
interface Lookup {
  conversation(visitorId: number): ConversationRow | null;
  agentName(agentId: number): string;
}

function singleLookup(s: Services): Lookup {
  return {
    conversation: (visitorId) => s.chat.openFor(visitorId) ?? null,
    agentName: (agentId) => s.agents.get(agentId)?.display_name ?? "",
  };
}

function listLookup(s: Services): Lookup {
  const open = new Map<number, ConversationRow>();
  for (const c of s.chat.waiting()) open.set(c.visitor_id, c);
  for (const c of s.chat.byStatus("active", Number.MAX_SAFE_INTEGER)) open.set(c.visitor_id, c);
  const names = new Map<number, string>();
  return {
    conversation: (visitorId) => open.get(visitorId) ?? null,
    agentName(agentId) {
      let name = names.get(agentId);
      if (name === undefined) names.set(agentId, (name = s.agents.get(agentId)?.display_name ?? ""));
      return name;
    },
  };
}

/**
 * The compact visitor list row (A3): live presence joined with the visit and the open
 * conversation. Derived columns (status, region, wait start, preview) are computed here when a
 * row is built, so the live entry kept per visitor stays small. Built in the delivery layer
 * because it spans the visitors and chat domains. Rows are built unmasked; every route and frame
 * that sends them passes them through visitorMask (src/platform/masking.ts) for its recipient.
 */
function buildRow(s: Services, v: OnlineVisitor, visit: VisitRow | null, look: Lookup) {
  const conversation = look.conversation(v.visitorId);
  const last = conversation ? s.chat.lastMessage(conversation.id) : null;
  const status: Status = v.goneAt !== null ? "gone" : conversation?.status === "waiting" ? "waiting" : conversation?.status === "active" ? "chatting" : "browsing";
  return {
    id: v.visitorId,
    siteId: v.siteId,
    status,
    name: v.name,
    searchEngine: visit?.search_engine ?? "",
    searchKeyword: visit?.search_keyword ?? "",
    visitCount: v.visitCount,
    ip: visit?.ip ?? "",
    region: visit ? [visit.country, visit.province, visit.city].filter(Boolean).join(" ") : "",
    enteredAt: v.enteredAt,
    /** When the open conversation started waiting (null unless waiting). */
    waitingSince: conversation?.status === "waiting" ? conversation.created_at : null,
    lastMessage: last ? (last.kind === "file" ? `[file] ${last.body}` : last.body).slice(0, PREVIEW_CHARS) : "",
    lastMessageAt: last?.created_at ?? null,
    goneAt: v.goneAt,
    agentId: conversation?.agent_id ?? null,
    agentName: conversation?.agent_id ? look.agentName(conversation.agent_id) : "",
    conversationId: conversation?.id ?? null,
    currentUrl: v.currentUrl,
    currentTitle: v.currentTitle,
    language: visit?.language ?? "",
    os: visit?.os ?? "",
    browser: visit?.browser ?? "",
    /** An active block (A11), or an IP/CIDR rule (M7) covering the visit's address: "refuse_chat" or "hide". */
    blocked: s.care.blocks.activeFor(v.visitorId, visit?.ip || undefined, v.siteId)?.mode ?? null,
    /** V25: the member the host site vouched for with a valid signature ({memberId, name, verifiedAt}), else null. */
    member: s.identity.memberOf(v.visitorId),
  };
}
export type VisitorListRow = ReturnType<typeof buildRow>;

/** One visitor's row, e.g. for a `visitor` frame. */
export const visitorRow = (s: Services, v: OnlineVisitor) => buildRow(s, v, s.visitors.visit(v.visitId), singleLookup(s));

/** Rows for many visitors at once (the full list). */
export function visitorRows(s: Services, list: Iterable<OnlineVisitor>): VisitorListRow[] {
  const look = listLookup(s);
  const rows: VisitorListRow[] = [];
  for (const v of list) rows.push(buildRow(s, v, s.visitors.visit(v.visitId), look));
  return rows;
}

/** The side panel's extra details of the visit (A4), read only when one visitor is opened. */
function details(visit: VisitRow | null) {
  return {
    country: visit?.country ?? "",
    province: visit?.province ?? "",
    city: visit?.city ?? "",
    isp: visit?.isp ?? "",
    device: visit?.device ?? "",
    referrer: visit?.referrer ?? "",
    landingUrl: visit?.landing_url ?? "",
    screen: visit?.screen ?? "",
    timezone: visit?.timezone ?? "",
    pageCount: visit?.page_count ?? 0,
  };
}

/** A row with the visit's details and the page trail with dwell times (A4). */
export function visitorRowWithTrail(s: Services, v: OnlineVisitor) {
  const visit = s.visitors.visit(v.visitId);
  const trail = s.visitors.trail(v.visitId).map((p) => ({ url: p.url, title: p.title, at: p.at, dwellMs: p.dwell_ms }));
  return { ...buildRow(s, v, visit, singleLookup(s)), ...details(visit), trail };
}
