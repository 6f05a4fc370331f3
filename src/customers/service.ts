import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { Principal } from "../auth/service.ts";
import type { PrechatView } from "../prechat/service.ts";
import { invalid } from "../platform/errors.ts";
import { maskRights, visitorMask } from "../platform/masking.ts";
import { createCustomersRepo } from "./repo.ts";
import {
  CHATS_MAX, FIRST_MESSAGE_CHARS, LEAVE_MAX, LINKED_VISITORS_MAX, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_MAX_QUERY,
  type CustomerRef, type CustomerViewer, type ViewerScope,
} from "./model.ts";

export type { CustomerRef, CustomerViewer, ViewerScope };

const region = (v: { country: string; province: string; city: string }) => [v.country, v.province, v.city].filter(Boolean).join(" ");

/**
 * Customer 360 (H3): find a customer by anything an agent may know of them, and show their
 * profile, every chat and every leave message on one page. A customer is, for now, a visitor
 * with the other visitors verified as the same member (V25); `profile360` resolves a
 * `CustomerRef` to that set of visitors first, so customer cards (C1) only add a resolution.
 * What is listed follows the agent's scopes: the sites they serve (A3), their history
 * permission (H1) and leave.read (H2); everything personal passes through visitorMask (X8).
 */
export function createCustomersService(deps: {
  db: Database; clock: Clock; scope: ViewerScope;
  prechat: { forVisitor(visitorId: number, limit?: number): PrechatView[] };
}) {
  const repo = createCustomersRepo(deps.db);

  /** The visitors a ref stands for, or null when it is unknown or outside the agent's sites. */
  function resolve(viewer: CustomerViewer, ref: CustomerRef) {
    const anchor = repo.visitor(ref.visitorId);
    if (!anchor || !viewer.siteIds.includes(anchor.site_id)) return null;
    const member = repo.member(anchor.id);
    const linked = member ? repo.memberVisitors(member.site_id, member.member_id, LINKED_VISITORS_MAX) : [];
    const ids = [anchor.id, ...linked.map((v) => v.id).filter((id) => id !== anchor.id)];
    return { anchor, member, linked, ids };
  }

  return {
    /** The agent's view rules, resolved once per request. */
    viewerOf(p: Principal): CustomerViewer {
      // M1: a department-scoped role without a department reaches nothing (the visitor list's
      // rule alone would give an agent without a department every site).
      const siteIds = p.scope.kind === "department" && p.scope.departmentId === null ? [] : deps.scope.siteIds(p.agent.id);
      return {
        agentId: p.agent.id, mask: maskRights(p.permissions), siteIds,
        history: deps.scope.history(p), leaveSiteIds: deps.scope.leaveSiteIds(p),
      };
    },

    /**
     * Customers matching `q` (name, company, phone, email, member id or name, visitor id or key,
     * and with leave.read the name and contact left in leave messages), newest first, masked.
     */
    search(viewer: CustomerViewer, input: { q?: unknown; limit?: unknown; offset?: unknown }) {
      if (input.q !== undefined && typeof input.q !== "string") throw invalid("搜索内容必须是文字 / the search must be text", "q");
      const q = (input.q ?? "").trim();
      if (q.length > SEARCH_MAX_QUERY) throw invalid(`搜索内容最多 ${SEARCH_MAX_QUERY} 字 / at most ${SEARCH_MAX_QUERY} characters`, "q");
      const limit = Math.min(SEARCH_MAX_LIMIT, Math.max(1, Math.trunc(Number(input.limit ?? SEARCH_DEFAULT_LIMIT)) || SEARCH_DEFAULT_LIMIT));
      const offset = Math.max(0, Math.trunc(Number(input.offset ?? 0)) || 0);
      if (!q || viewer.siteIds.length === 0) return { customers: [], next: null };
      // One more than asked says whether there is a next page without counting every match.
      const rows = repo.search({ q, siteIds: viewer.siteIds, contact: viewer.mask.contact, leaveSiteIds: viewer.leaveSiteIds, limit: limit + 1, offset });
      const customers = rows.slice(0, limit).map((r) => ({
        visitorId: r.id, siteId: r.site_id, siteName: r.site_name, publicId: r.public_id, name: r.name, phone: r.phone, email: r.email, company: r.company,
        member: r.member_id === null ? null : { memberId: r.member_id, name: r.member_name ?? "" },
        visitCount: r.visit_count, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at, visitors: r.visitors,
      }));
      return { customers: visitorMask(viewer.mask)(customers), next: rows.length > limit ? offset + limit : null };
    },

    /** The 360, or null when the ref is unknown or outside the agent's sites (the route answers 404). */
    profile360(viewer: CustomerViewer, ref: CustomerRef) {
      const r = resolve(viewer, ref);
      if (!r) return null;
      const { anchor, member, linked, ids } = r;
      const now = deps.clock.now();
      const totals = repo.totals(ids);
      const visit = repo.lastVisit(ids);
      const chats = viewer.history ? repo.chats(ids, viewer.history, CHATS_MAX, FIRST_MESSAGE_CHARS) : [];
      const visibleChats = new Set(chats.map((c) => c.id));
      // Pre-chat answers belong to a chat: shown for the chats this agent may see, like the chats.
      const prechat = ids.flatMap((id) => deps.prechat.forVisitor(id)).filter((a) => visibleChats.has(a.conversationId)).sort((a, b) => b.at - a.at);
      const leave = viewer.leaveSiteIds ? repo.leave(ids, viewer.leaveSiteIds, LEAVE_MAX) : [];
      return visitorMask(viewer.mask)({
        subject: { kind: ref.kind, visitorId: anchor.id },
        // Customer cards (C1) will fill this; until then the visitor's own fields are the profile.
        card: null,
        access: { chats: viewer.history !== null, leaveMessages: viewer.leaveSiteIds !== null },
        profile: {
          visitorId: anchor.id, siteId: anchor.site_id, siteName: anchor.site_name, publicId: anchor.public_id, name: anchor.name, phone: anchor.phone, email: anchor.email,
          company: anchor.company, note: anchor.note, visitCount: totals.visits ?? 0, firstSeenAt: totals.first, lastSeenAt: totals.last,
          member: member ? { memberId: member.member_id, name: member.member_name, verifiedAt: member.verified_at } : null,
          region: visit ? region(visit) : "", isp: visit?.isp ?? "", ip: visit?.ip ?? "",
          device: visit?.device ?? "", browser: visit?.browser ?? "", os: visit?.os ?? "", landingUrl: visit?.landing_url ?? "",
          searchEngine: visit?.search_engine ?? "", searchKeyword: visit?.search_keyword ?? "",
          keywords: repo.keywords(ids).map((k) => ({ engine: k.engine, keyword: k.keyword, at: k.at })),
          prechat,
          blocks: repo.blocks(ids).map((b) => ({
            id: b.id, visitorId: b.visitor_id, mode: b.mode, reason: b.reason, expiresAt: b.expires_at, createdAt: b.created_at, liftedAt: b.lifted_at,
            active: b.lifted_at === null && (b.expires_at === null || b.expires_at > now),
          })),
        },
        visitors: (member ? linked : [anchor])
          .map((v) => ({ id: v.id, publicId: v.public_id, name: v.name, phone: v.phone, email: v.email, visitCount: v.visit_count, firstSeenAt: v.first_seen_at, lastSeenAt: v.last_seen_at })),
        chats: chats.map((c) => ({
          id: c.id, visitorId: c.visitorId, status: c.status, startedAt: c.startedAt, endedAt: c.endedAt, agentId: c.agentId, agentName: c.agentName ?? "",
          topic: c.topicName ?? "", verdict: c.verdict ?? "", rating: c.ratingLevel === null ? null : { level: c.ratingLevel, comment: c.ratingComment ?? "" },
          messageCount: c.messageCount, firstMessage: c.firstMessage ?? "",
        })),
        leaveMessages: leave,
        // Follow-ups with reminders come with C3; the key is here so the console's layout holds.
        followUps: [] as never[],
      });
    },
  };
}
export type CustomersService = ReturnType<typeof createCustomersService>;
