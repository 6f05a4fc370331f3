import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { Logger } from "../platform/logger.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import type { AgentsService } from "../agents/service.ts";
import type { GroupsService } from "../agents/groups.ts";
import type { ChatService, ConversationRow } from "../chat/service.ts";
import { conflict, forbidden, invalid } from "../platform/errors.ts";
import { createRoutingRepo } from "./repo.ts";
import { createEligibility } from "./eligibility.ts";
import { createQueue } from "./queue.ts";
import { localDayStart, pickAgent } from "./pick.ts";
import { GROUP_MODES, OFFER_TIMEOUT_MAX, OFFER_TIMEOUT_MIN, SITE_MODES, type AssignMode, type GroupAssignMode, type OfferRow, type OfferStatus, type SiteRouting } from "./model.ts";

export type { OfferRow, SiteRouting };

/** How long an offered agent's console may be gone (a reload, a network blip) before the offer moves on. */
export const DROP_GRACE_MS = 15_000;
const TICK_MS = 1_000;

export interface RoutingDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  writer: GroupCommitWriter;
  audit: AuditService;
  agents: AgentsService;
  groups: GroupsService;
  chat: ChatService;
  siteVisible: (agentId: number, siteId: number) => boolean;
}

/**
 * Automatic assignment (R1, R3, R5; docs/routing.md). A waiting chat in an automatic mode is
 * offered to one agent at a time until a deadline; the offer is a row, so deadlines survive a
 * restart. Accept stays the chat service's conditional update (one winner); routing only adds the
 * eligibility and offer checks inside that same write. Manual mode changes nothing but eligibility.
 */
export function createRoutingService(deps: RoutingDeps) {
  const { clock, events, writer, agents, chat } = deps;
  const repo = createRoutingRepo(deps.db);
  const eligibility = createEligibility({ agents, groups: deps.groups, repo, siteVisible: deps.siteVisible, dayStart: () => localDayStart(clock.now()) });

  function modeOf(c: Pick<ConversationRow, "site_id" | "group_id">): AssignMode {
    const g = c.group_id === null ? "inherit" : repo.group(c.group_id).assign_mode;
    return g === "inherit" ? repo.site(c.site_id).assign_mode : g;
  }
  const automatic = (c: ConversationRow) => modeOf(c) !== "manual";
  const queue = createQueue({ clock, events, agents, repo, eligibility, automatic });

  // ── offers ────────────────────────────────────────────────────────────────
  let deadlineTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  function armDeadline() {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    if (stopped) return;
    const next = repo.allPending()[0];
    deadlineTimer = next ? setTimeout(() => track(tick()), Math.max(0, next.deadline_at - clock.now()) + 20) : null;
    deadlineTimer?.unref?.();
  }

  async function endOffer(offer: OfferRow, status: Exclude<OfferStatus, "pending">): Promise<OfferRow | null> {
    const ended = await writer.write(() => (repo.endOffer(offer.id, status, clock.now()) ? repo.offer(offer.id) : null));
    if (!ended) return null;
    lostSince.delete(offer.id);
    events.publish("routing.offer_ended", { offer: ended });
    queue.dirty();
    return ended;
  }

  async function offer(c: ConversationRow): Promise<OfferRow | null> {
    const mode = modeOf(c);
    if (mode === "manual") return null;
    const all = eligibility.candidates(c);
    if (!all.length) return null;
    const lapsed = new Set(repo.lapsedBy(c.id));
    const fresh = all.filter((l) => !lapsed.has(l.agentId));
    const pool = fresh.length ? fresh : all;
    const settings = repo.site(c.site_id);
    const previous = settings.prefer_previous_agent ? repo.previousAgent(c.visitor_id, c.id) : null;
    // The group's default agent (its lead, M2) comes after the visitor's own agents: the group's
    // chats go to them first while they are available, and are balanced once they are full.
    const groupDefault = c.group_id ? (deps.groups.get(c.group_id)?.default_agent_id ?? null) : null;
    const chosen = pickAgent(mode, pool, [c.requested_agent_id, previous, groupDefault]);
    if (!chosen) return null;
    const now = clock.now();
    const row = await writer.write(() => {
      const current = chat.get(c.id);
      if (current?.status !== "waiting" || repo.pendingFor(c.id)) return null;
      return repo.insertOffer(c.id, chosen.agentId, now, now + settings.offer_timeout_seconds * 1000);
    });
    if (!row) return null;
    events.publish("routing.offer", { offer: row, conversation: chat.get(c.id) ?? c });
    armDeadline();
    queue.dirty();
    return row;
  }

  /** Offers every unoffered waiting chat, oldest first, while anyone can take one. */
  async function routeAll() {
    for (const c of repo.waiting()) {
      if (!automatic(c) || repo.pendingFor(c.id)) continue;
      if (!agents.availability.onlineAgents().length) return;
      await offer(c);
    }
  }
  let running: Promise<void> | null = null;
  let again = false;
  function routeSoon(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await routeAll();
      } while (again);
    })()
      .catch((e) => deps.logger.error({ err: e }, "routing failed"))
      .finally(() => (running = null));
    return running;
  }

  // ── drops and deadlines ──────────────────────────────────────────────────
  /** When an offered agent's console was first seen gone (the grace runs from there). */
  const lostSince = new Map<number, number>();
  async function dropOffersOf(agentId: number) {
    for (const o of repo.pendingOf(agentId)) await endOffer(o, "dropped");
  }
  /** Expired offers and offers whose agent left, then re-route; also run at start-up. */
  async function tick(): Promise<void> {
    const now = clock.now();
    for (const o of repo.allPending()) {
      if (o.deadline_at <= now) {
        await endOffer(o, "expired");
        continue;
      }
      const status = agents.availability.effective(o.agent_id);
      if (!agents.availability.isConnected(o.agent_id)) {
        const since = lostSince.get(o.id) ?? now;
        lostSince.set(o.id, since);
        if (now - since >= DROP_GRACE_MS) await endOffer(o, "dropped");
      } else if (status !== "online") await endOffer(o, "dropped");
      else lostSince.delete(o.id);
    }
    armDeadline();
    await routeSoon();
    queue.flush();
  }

  // ── events ───────────────────────────────────────────────────────────────
  /** Work started by event handlers, so `settle` can wait for it (tests, the simulation). */
  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch((e) => deps.logger.error({ err: e }, "routing failed")).finally(() => inflight.delete(q));
    inflight.add(q);
  };
  events.subscribe("chat.conversation", ({ conversation: c }) => {
    if (c.status !== "waiting") {
      const o = repo.pendingFor(c.id);
      if (o) track(endOffer(o, c.status === "active" && c.agent_id === o.agent_id ? "accepted" : "withdrawn"));
    }
    queue.dirty();
    track(routeSoon());
  });
  // A chosen status other than online, or signing out, moves the agent's offers on at once.
  events.subscribe("agent.changed", ({ agentId }) => {
    track(agents.get(agentId)?.service_status !== "online" ? dropOffersOf(agentId).then(routeSoon) : routeSoon());
    queue.dirty();
  });
  events.subscribe("agent.sessions_ended", ({ agentId }) => track(dropOffersOf(agentId).then(routeSoon)));
  events.subscribe("agent.status", () => {
    queue.dirty();
    track(routeSoon());
  });
  events.subscribe("agents.availability", () => {
    queue.dirty();
    track(routeSoon());
  });

  events.subscribe("server.stopping", () => stop());

  let interval: ReturnType<typeof setInterval> | null = setInterval(() => track(tick()), TICK_MS);
  interval.unref?.();
  function stop() {
    stopped = true;
    if (interval) clearInterval(interval);
    interval = null;
    if (deadlineTimer) clearTimeout(deadlineTimer);
    deadlineTimer = null;
    queue.stop();
  }
  /** Offers past their deadline from before a restart are re-routed now. */
  const started = Promise.resolve().then(() => tick()).catch((e) => deps.logger.error({ err: e }, "routing start failed"));

  // ── settings ─────────────────────────────────────────────────────────────
  type SiteInput = { assign_mode?: unknown; prefer_previous_agent?: unknown; offer_timeout_seconds?: unknown };
  /** Checks every posted site and group; returns all field errors at once (the admin form shows them together). */
  function validateAll(sites: Record<number, SiteInput>, groups: Record<number, unknown>) {
    const errors: Record<string, string> = {};
    const siteChanges: { before: SiteRouting; next: SiteRouting }[] = [];
    for (const [key, input] of Object.entries(sites)) {
      const siteId = Number(key);
      const mode = String(input.assign_mode ?? "");
      if (!SITE_MODES.includes(mode as AssignMode)) errors[`site_${siteId}_assign_mode`] = "请选择分配方式 / choose an assignment mode";
      const raw = String(input.offer_timeout_seconds ?? "").trim();
      const timeout = Number(raw);
      if (!/^\d+$/.test(raw) || timeout < OFFER_TIMEOUT_MIN || timeout > OFFER_TIMEOUT_MAX)
        errors[`site_${siteId}_offer_timeout_seconds`] = `应答时限须为 ${OFFER_TIMEOUT_MIN}–${OFFER_TIMEOUT_MAX} 秒的整数 / the offer timeout is a whole number of seconds, ${OFFER_TIMEOUT_MIN}–${OFFER_TIMEOUT_MAX}`;
      const prefer = input.prefer_previous_agent === true || input.prefer_previous_agent === "1" || input.prefer_previous_agent === "on";
      siteChanges.push({ before: repo.site(siteId), next: { site_id: siteId, assign_mode: mode as AssignMode, prefer_previous_agent: prefer, offer_timeout_seconds: timeout } });
    }
    const groupChanges: { groupId: number; before: GroupAssignMode; next: GroupAssignMode }[] = [];
    for (const [key, input] of Object.entries(groups)) {
      const groupId = Number(key);
      const mode = String(input ?? "");
      if (!GROUP_MODES.includes(mode as GroupAssignMode)) errors[`group_${groupId}_assign_mode`] = "请选择分配方式 / choose an assignment mode";
      groupChanges.push({ groupId, before: repo.group(groupId).assign_mode, next: mode as GroupAssignMode });
    }
    return { errors, siteChanges, groupChanges };
  }

  return {
    repo,
    eligibility,
    modeOf,
    started,
    tick,
    /** Routes now (tests, and callers that just made someone available). */
    route: routeSoon,
    /** Resolves when routing work started by events has finished. */
    async settle() {
      while (inflight.size || running) await Promise.all([...inflight, running]);
    },
    queueOf: (conversationId: number) => queue.of(conversationId),
    queueEntries: () => queue.entries(),
    flushQueue: () => queue.flush(),
    pendingOffer: (conversationId: number) => repo.pendingFor(conversationId),
    offersOf: (agentId: number) => repo.pendingOf(agentId),
    siteSettings: (siteId: number) => repo.site(siteId),
    groupMode: (groupId: number) => repo.group(groupId).assign_mode,

    /** The waiting list an agent sees: chats they may take, each with its live offer if any. */
    waitingFor(agentId: number) {
      return chat.waiting().filter((c) => eligibility.mayTake(agentId, c)).map((c) => {
        const o = repo.pendingFor(c.id);
        return { ...c, offeredTo: o?.agent_id ?? null, offerDeadline: o?.deadline_at ?? null };
      });
    },
    /** The agents (among those connected) who may see a waiting chat; null = all of them. */
    waitingAudience(c: ConversationRow): number[] | null {
      const connected = agents.availability.connectedAgents();
      const audience = connected.filter((id) => eligibility.mayTake(id, c));
      return audience.length === connected.length ? null : audience;
    },
    /** Who may take this waiting chat by hand (the list, its frames, accept). */
    mayTake: (agentId: number, c: ConversationRow) => eligibility.mayTake(agentId, c),

    /**
     * Run by chat accept inside its write: not eligible → 403; offered to someone else → 409.
     * A chat no longer waiting is left to accept's own conflict.
     */
    checkAccept(agentId: number, c: ConversationRow) {
      if (c.status !== "waiting") return;
      if (!eligibility.mayTake(agentId, c)) throw forbidden("您不能接待这个对话：它属于其他分组、网站或指定的客服 / you cannot take this chat: it belongs to another group, site or a requested agent");
      const o = repo.pendingFor(c.id);
      if (o && o.agent_id !== agentId && o.deadline_at > clock.now()) throw conflict("已分配给其他客服 / this chat has been offered to another agent");
    },

    validateAll: (sites: Record<number, SiteInput>, groups: Record<number, unknown>) => validateAll(sites, groups).errors,

    /** Saves every posted site's and group's settings in one transaction (the admin page), audited; nothing on any error. */
    saveAll(actor: Actor, sites: Record<number, SiteInput>, groups: Record<number, unknown>) {
      const { errors, siteChanges, groupChanges } = validateAll(sites, groups);
      const first = Object.keys(errors)[0];
      if (first) throw invalid(errors[first], first);
      const now = clock.now();
      deps.db.transaction(() => {
        for (const { before, next } of siteChanges) {
          repo.saveSite(next, now);
          if (JSON.stringify(before) !== JSON.stringify(next)) deps.audit.record(actor, { action: "routing.site_update", targetType: "site", targetId: next.site_id, detail: { from: before, to: next } });
        }
        for (const g of groupChanges) {
          repo.saveGroup(g.groupId, g.next, now);
          if (g.before !== g.next) deps.audit.record(actor, { action: "routing.group_update", targetType: "group", targetId: g.groupId, detail: { from: g.before, to: g.next } });
        }
      }).immediate();
      queue.dirty();
      track(routeSoon());
    },

    /** Stops the timers (shutdown; the simulation drives `tick` itself). */
    stop,
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
