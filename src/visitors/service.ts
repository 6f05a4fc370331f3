import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import { randomToken } from "../platform/ids.ts";
import { invalid } from "../platform/errors.ts";
import { createVisitorsRepo, type VisitorRow, type VisitRow, type PageViewRow } from "./repo.ts";
import { createPresence, type OnlineVisitor } from "./presence.ts";
import { clip, type DescribeVisit, type PageInfo, type VisitorNetwork } from "./model.ts";

export type { VisitorRow, VisitRow, PageViewRow, OnlineVisitor, PageInfo, VisitorNetwork };

const TOKEN_PURPOSE = "visitor-token";
const PUBLIC_ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface VisitorsOptions {
  /** A new visit starts after this long without activity (A4). */
  visitGapMs?: number;
  /** A closed channel counts as gone only after this long (no flapping between pages). */
  goneGraceMs?: number;
  keepGoneMs?: number;
}

/**
 * Visitor identity, visits and page trail. Identity is a random public id held by the browser
 * plus a token the server signs over (site, public id); the public id alone proves nothing.
 */
export function createVisitorsService(deps: {
  db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter; secretBox: SecretBox; describe: DescribeVisit; options?: VisitorsOptions;
}) {
  const repo = createVisitorsRepo(deps.db);
  const visitGapMs = deps.options?.visitGapMs ?? 30 * 60_000;
  const presence = createPresence({ graceMs: deps.options?.goneGraceMs ?? 20_000, keepGoneMs: deps.options?.keepGoneMs ?? 10 * 60_000 });

  const tokenFor = (siteId: number, publicId: string) => {
    const issued = deps.clock.now().toString(36);
    return `v1.${publicId}.${issued}.${deps.secretBox.mac(TOKEN_PURPOSE, `${siteId}|${publicId}|${issued}`)}`;
  };

  function verifyToken(siteId: number, token: unknown): VisitorRow | null {
    if (typeof token !== "string" || token.length > 300) return null;
    const [v, publicId, issued, tag] = token.split(".");
    if (v !== "v1" || !PUBLIC_ID.test(publicId ?? "") || !issued || !tag) return null;
    if (!deps.secretBox.verifyMac(TOKEN_PURPOSE, `${siteId}|${publicId}|${issued}`, tag)) return null;
    return repo.byPublic(siteId, publicId);
  }

  return {
    verifyToken,
    get: (id: number) => repo.byId(id),
    visit: (id: number) => repo.visit(id),
    trail: (visitId: number) => repo.trail(visitId),
    online: (siteId: number) => presence.list(siteId),
    presenceOf: (visitorId: number) => presence.get(visitorId),
    /**
     * Chat keep (V20) asks whether a visitor still has a page open, and if not since when: null
     * while connected; the time the last channel closed; undefined when this process never saw
     * one (e.g. since a restart).
     */
    awaySince(visitorId: number): number | null | undefined {
      if (presence.channels(visitorId) > 0) return null;
      return presence.closedAt(visitorId);
    },

    /** The visitor behind a channel: the token's visitor, or a brand-new one with a new token. */
    identify(siteId: number, token: unknown): { visitor: VisitorRow; token: string; isNew: boolean } {
      const known = verifyToken(siteId, token);
      if (known) return { visitor: known, token: token as string, isNew: false };
      const publicId = randomToken(18);
      const visitor = repo.insert(siteId, publicId, deps.clock.now());
      return { visitor, token: tokenFor(siteId, publicId), isNew: true };
    },

    /**
     * Records a page view (batched through the group-commit writer), starting a new visit after
     * 30 minutes without activity, and refreshes the live entry. Resolves after the commit.
     */
    async recordPage(visitor: VisitorRow, raw: Partial<PageInfo>, net: VisitorNetwork): Promise<OnlineVisitor> {
      const page: PageInfo = {
        url: clip(raw.url, 2000), title: clip(raw.title, 300), referrer: clip(raw.referrer, 2000),
        language: clip(raw.language, 35), screen: clip(raw.screen, 20), timezone: clip(raw.timezone, 64),
      };
      if (!/^https?:\/\//i.test(page.url)) throw invalid("url must be an http(s) URL", "url");
      const now = deps.clock.now();
      // Only the visit's head comes back: the live entry keeps little, and each page view should
      // leave little garbage behind (thousands of visitors sit on the list).
      const { visit, visitCount } = await deps.writer.write(() => {
        const last = repo.lastVisit(visitor.id);
        let visit = last && now - last.last_activity_at < visitGapMs ? last : null;
        if (!visit) {
          const d = deps.describe(net, page.referrer, page.url);
          visit = repo.startVisit({
            visitor_id: visitor.id, site_id: visitor.site_id, started_at: now, ip: net.ip, country: d.country, province: d.province,
            city: d.city, isp: d.isp, browser: d.browser, os: d.os, device: d.device, user_agent: net.userAgent.slice(0, 500),
            language: page.language, screen: page.screen, timezone: page.timezone, referrer: page.referrer,
            search_engine: d.searchEngine, search_keyword: d.searchKeyword, landing_url: page.url,
          });
        }
        repo.addPageView(visit.id, page, now);
        return { visit, visitCount: repo.seen(visitor.id, now) };
      });
      const entry = presence.upsert({ id: visitor.id, site_id: visitor.site_id, name: visitor.name, visit_count: visitCount }, visit, now);
      entry.currentUrl = page.url;
      entry.currentTitle = page.title;
      deps.events.publish("visitor.updated", { siteId: visitor.site_id, visitorId: visitor.id });
      return entry;
    },

    /**
     * A channel opened. After a server restart the live list is empty, so a visitor still within
     * their visit is put back from the stored visit (no new page view is recorded).
     */
    connected(visitorId: number) {
      presence.connect(visitorId);
      if (presence.get(visitorId)) return;
      const visit = repo.lastVisit(visitorId);
      const visitor = repo.byId(visitorId);
      const now = deps.clock.now();
      if (!visit || !visitor || now - visit.last_activity_at >= visitGapMs) return;
      const entry = presence.upsert(visitor, visit, now);
      const last = repo.trail(visit.id).at(-1);
      if (last) {
        entry.currentUrl = last.url;
        entry.currentTitle = last.title;
      }
      deps.events.publish("visitor.updated", { siteId: visitor.site_id, visitorId });
    },

    disconnected(visitorId: number) {
      presence.disconnect(visitorId, deps.clock.now());
    },

    /** Called periodically: visitors past the grace period become gone; their last page's dwell time ends. */
    sweepGone(): OnlineVisitor[] {
      const gone = presence.sweep(deps.clock.now());
      for (const v of gone) {
        void deps.writer.write(() => repo.endDwell(v.visitId, v.goneAt!)).catch(() => {});
        deps.events.publish("visitor.gone", { siteId: v.siteId, visitorId: v.visitorId });
      }
      return gone;
    },

    async setProfile(visitor: VisitorRow, fields: { name?: unknown; phone?: unknown; email?: unknown; company?: unknown }) {
      const p = { id: visitor.id, name: clip(fields.name, 64).trim(), phone: clip(fields.phone, 32).trim(), email: clip(fields.email, 254).trim(), company: clip(fields.company, 100).trim() };
      if (p.phone && !/^[0-9+()\-\s]{5,32}$/.test(p.phone)) throw invalid("phone number looks wrong", "phone");
      if (p.email && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(p.email)) throw invalid("email address looks wrong", "email");
      await deps.writer.write(() => repo.setProfile(p));
      const entry = presence.get(visitor.id);
      if (entry) entry.name = p.name;
      deps.events.publish("visitor.updated", { siteId: visitor.site_id, visitorId: visitor.id });
      return repo.byId(visitor.id)!;
    },
  };
}
export type VisitorsService = ReturnType<typeof createVisitorsService>;
