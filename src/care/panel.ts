import type { VisitorsService, VisitorRow } from "../visitors/service.ts";
import type { CareRepo } from "./repo.ts";
import type { BlocksService } from "./blocks.ts";
import { blockView } from "./model.ts";
import { visitorMask, type MaskRights } from "../platform/masking.ts";

/** What a viewer may see in full: the IP with visitor.full_ip, phone and email with visitor.contact (X8). */
export type ProfileViewer = MaskRights;

/** The one projection of a visitor's profile for the console, masked for the viewer. */
export function visitorProfile(v: VisitorRow, viewer: ProfileViewer) {
  return visitorMask(viewer)({
    id: v.id, siteId: v.site_id, publicId: v.public_id, name: v.name, phone: v.phone, email: v.email, company: v.company, note: v.note,
    visitCount: v.visit_count, firstSeenAt: v.first_seen_at, lastSeenAt: v.last_seen_at,
  });
}

const HISTORY_LIMIT = 50;

/** The visitor panel (A17): profile, current or last visit with its trail, block, previous chats. */
export function createVisitorPanel(deps: { repo: CareRepo; visitors: VisitorsService; blocks: BlocksService }) {
  function visitDetails(visitId: number) {
    const v = deps.visitors.visit(visitId);
    if (!v) return null;
    return {
      id: v.id, startedAt: v.started_at, lastActivityAt: v.last_activity_at, ip: v.ip,
      region: [v.country, v.province, v.city].filter(Boolean).join(" "), country: v.country, province: v.province, city: v.city, isp: v.isp,
      browser: v.browser, os: v.os, device: v.device, language: v.language, screen: v.screen, timezone: v.timezone,
      referrer: v.referrer, searchEngine: v.search_engine, searchKeyword: v.search_keyword, landingUrl: v.landing_url, pageCount: v.page_count,
      trail: deps.visitors.trail(v.id).map((p) => ({ url: p.url, title: p.title, at: p.at, dwellMs: p.dwell_ms })),
    };
  }

  return {
    /** null when there is no such visitor. */
    get(visitorId: number, viewer: ProfileViewer) {
      const v = deps.visitors.get(visitorId);
      if (!v) return null;
      const live = deps.visitors.presenceOf(v.id);
      const lastVisitId = live?.visitId ?? (deps.repo.visits(v.id, 1)[0]?.id as number | undefined);
      const block = deps.blocks.activeFor(v.id);
      return {
        visitor: visitorProfile(v, viewer),
        online: Boolean(live && live.goneAt === null),
        currentUrl: live?.currentUrl ?? "",
        visit: lastVisitId ? visitorMask(viewer)(visitDetails(lastVisitId)) : null,
        block: block ? blockView(block) : null,
        conversations: deps.repo.history(v.id, HISTORY_LIMIT).map((h) => ({
          id: h.id, status: h.status, startedAt: h.startedAt, endedAt: h.endedAt, agentId: h.agentId, agentName: h.agentName ?? "",
          messageCount: h.messageCount,
          evaluation: h.topicId !== null || h.verdict ? { topicId: h.topicId, topicName: h.topicName ?? "", verdict: h.verdict ?? "", note: h.evaluationNote ?? "" } : null,
        })),
      };
    },
  };
}
export type VisitorPanel = ReturnType<typeof createVisitorPanel>;
