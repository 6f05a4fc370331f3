import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";
import type { Hub } from "./hub.ts";
import { VisitorSession } from "./visitor-session.ts";
import { langOf, plan, routeFor, textFor, verdict } from "../invitations/match.ts";
import { DEFAULT_TEXTS, type InvitationRule, type VisitContext } from "../invitations/model.ts";

type Frame = Record<string, unknown> & { type: string };

// A page view that keeps firing refused triggers is misbehaving; it is not answered past this.
const MAX_FIRES_PER_PAGE = 30;
// Agents' loads change with every chat; availability is recomputed at most this often.
const AVAILABILITY_DELAY_MS = 250;

/**
 * Automatic invitation rules on the visitor channel (docs/protocol.md, "Invitation rules"). The
 * server checks what it knows (URL, page count, region, source, keyword, caps, an agent who can
 * take the chat) on each `page` and whenever that may have changed, and arms the widget's
 * triggers (`invite_arm` / `invite_disarm`); the widget runs the timer or the leave-intent
 * listener and answers `invite_fire`; the server checks everything again before it invites.
 */
export function createInvitationTriggers(s: Services, hub: Hub) {
  // What a page view (one channel) has been told to run lives on its session (pageAt, armed,
  // fires): no map or object of our own per idle visitor. The hub knows the open channels.
  const withPage = (fn: (session: VisitorSession) => void) => (conn: unknown) => {
    if (conn instanceof VisitorSession && conn.pageAt > 0) fn(conn);
  };
  const firing = new Set<number>();

  function situation(session: VisitorSession) {
    const live = s.visitors.presenceOf(session.visitorId);
    if (!live || live.goneAt !== null) return null;
    const visit = s.visitors.visit(live.visitId);
    if (!visit) return null;
    const ctx: VisitContext = {
      url: live.currentUrl, pageCount: visit.page_count, country: visit.country, province: visit.province, city: visit.city,
      referrer: visit.referrer, searchEngine: visit.search_engine, searchKeyword: visit.search_keyword,
    };
    // A blocked visitor (A11, either mode) is never invited: for the rules that is like chatting.
    const blocked = s.care.blocks.activeFor(session.visitorId, session.ip, session.site.id) !== null;
    const history = { ...s.outreach.history(session.visitorId, visit.started_at), chatting: blocked || s.chat.openFor(session.visitorId) !== null };
    return { ctx, history, visit };
  }

  /** Whether an agent who serves the site (and the rule's group, or the site's) can take a chat now. */
  function canTake(siteId: number, groupId: number | null): boolean {
    const c = { site_id: siteId, group_id: groupId };
    return s.agents.availability.onlineAgents().some((id) => s.routing.eligibility.serves(id, c) && s.routing.eligibility.available(id));
  }
  const availability = (site: SiteRow, known = new Map<string, boolean>()) => (rule: InvitationRule) => {
    const groupId = routeFor(rule, site).groupId;
    const key = `${site.id}:${groupId}`;
    let ok = known.get(key);
    if (ok === undefined) known.set(key, (ok = canTake(site.id, groupId)));
    return ok;
  };

  const siteOf = (session: VisitorSession) => s.sites.get(session.site.id) ?? session.site;

  /** Sends only what changed: new arms, and disarms for rules no longer armed (a running timer is left alone). */
  function evaluate(session: VisitorSession, known?: Map<string, boolean>) {
    if (session.pageAt === 0) return;
    const rules = s.invitationRules.active(session.site.id);
    const now = s.clock.now();
    const sit = rules.length ? situation(session) : null;
    const arms = sit ? plan(rules, sit.ctx, sit.history, now, now - session.pageAt, availability(siteOf(session), known)) : [];
    const version = (id: number) => {
      const r = rules.find((x) => x.id === id);
      return r ? `${r.trigger}:${r.delaySeconds}:${r.updatedAt}` : "";
    };
    for (const id of session.armed ? [...session.armed.keys()] : []) {
      if (arms.some((a) => a.ruleId === id)) continue;
      session.armed!.delete(id);
      hub.send(session, { type: "invite_disarm", ruleId: id });
    }
    for (const a of arms) {
      if (session.armed?.get(a.ruleId) === version(a.ruleId)) continue;
      (session.armed ??= new Map()).set(a.ruleId, version(a.ruleId));
      hub.send(session, { type: "invite_arm", ...a });
    }
  }

  const evaluateVisitor = (visitorId: number) => hub.eachVisitorConn(visitorId, withPage((session) => evaluate(session)));

  // Availability: recomputed per site and group after agents' changes; only sites whose answer
  // changed are re-evaluated, so thousands of idle visitors cost nothing while agents work.
  let last = new Map<string, boolean>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  function availabilityChanged() {
    timer = null;
    const known = new Map<string, boolean>();
    const sites = new Map<number, VisitorSession[]>();
    hub.eachVisitorConnOfAll(
      withPage((session) => {
        if (!sites.has(session.site.id)) sites.set(session.site.id, []);
        sites.get(session.site.id)!.push(session);
      }),
    );
    for (const [siteId, sessions] of sites) {
      const rules = s.invitationRules.active(siteId).filter((r) => r.requireAgent);
      if (!rules.length) continue;
      const site = siteOf(sessions[0]);
      const avail = availability(site, known);
      const changed = rules.some((r) => {
        const key = `${siteId}:${routeFor(r, site).groupId}`;
        return last.get(key) !== avail(r);
      });
      if (changed) for (const session of sessions) evaluate(session, known);
    }
    last = known;
  }
  const soon = () => {
    if (timer) return;
    timer = setTimeout(availabilityChanged, AVAILABILITY_DELAY_MS);
    timer.unref?.();
  };
  for (const e of ["agents.availability", "team.presence", "agent.changed", "group.changed", "site.changed", "agent.status"] as const) s.events.subscribe(e, soon);
  s.events.subscribe("chat.conversation", ({ conversation }) => {
    soon(); // an agent's load changed
    evaluateVisitor(conversation.visitor_id); // a chat opened (disarm) or ended (arm again)
  });
  s.events.subscribe("outreach.invitation_answered", ({ invitation }) => evaluateVisitor(invitation.visitor_id));
  s.events.subscribe("invitation_rules.changed", ({ siteId }) => {
    hub.eachVisitorConnOfAll(withPage((session) => session.site.id === siteId && evaluate(session)));
  });

  return {
    /** After a `page` frame is stored: a fresh page in the browser, so everything is armed anew. */
    onPage(session: VisitorSession) {
      session.pageAt = s.clock.now();
      session.armed = null;
      session.fires = 0;
      evaluate(session);
    },
    handlers: {
      /** The widget's trigger went off: check everything again, then invite (or not: no reply either way). */
      async invite_fire(session: VisitorSession, frame: Frame) {
        const ruleId = Number(frame.ruleId);
        if (session.pageAt > 0) {
          session.armed?.delete(ruleId);
          if (++session.fires > MAX_FIRES_PER_PAGE) return [];
        }
        const rule = s.invitationRules.active(session.site.id).find((r) => r.id === ruleId);
        if (!rule || firing.has(session.visitorId)) return [];
        firing.add(session.visitorId);
        try {
          const site = siteOf(session);
          const avail = availability(site);
          const sit = situation(session);
          if (!sit || !verdict(rule, sit.ctx, sit.history, s.clock.now(), avail).ok) return [];
          // The language the widget shows (the site's languages setting, docs/settings.md).
          const langs = s.siteSettings.get<{ followBrowser?: boolean; enabled?: string[] } | null>(site.id, "languages");
          const lang = langOf(langs?.followBrowser === false ? "" : sit.visit.language, site.default_language, langs?.enabled);
          const visitor = s.visitors.get(session.visitorId)!;
          // Checked again inside the write: another tab may have been invited meanwhile.
          const allowed = () => {
            const again = situation(session);
            return !!again && verdict(rule, again.ctx, again.history, s.clock.now(), avail).ok;
          };
          await s.outreach.fromRule(visitor, { ruleId, kind: rule.kind, text: textFor(rule, lang) || DEFAULT_TEXTS[lang], style: rule.style, route: routeFor(rule, site), visitId: sit.visit.id }, allowed);
        } finally {
          firing.delete(session.visitorId);
          // Refused for the interval: armed again for its end; invited: the other triggers stand down.
          evaluate(session);
        }
        return [];
      },
    },
  };
}
