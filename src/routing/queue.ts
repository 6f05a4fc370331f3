import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AgentsService } from "../agents/service.ts";
import type { ConversationRow } from "../chat/service.ts";
import type { RoutingRepo } from "./repo.ts";
import type { Eligibility } from "./eligibility.ts";
import type { QueueEntry } from "./model.ts";

/** Without enough history a chat is assumed to take five minutes (a typical service chat). */
export const DEFAULT_CHAT_SECONDS = 300;
const MIN_SAMPLES = 5;
const HISTORY_MS = 7 * 86_400_000;
const DURATION_CACHE_MS = 60_000;
const MAX_WAIT_SECONDS = 86_400;
/** Changes within this window go out as one batch (a burst of new chats costs one recompute). */
export const QUEUE_BATCH_MS = 100;

/**
 * Queue places and wait estimates (V18, docs/routing.md "Queue"). A queue is the waiting chats of
 * one site and group in arrival order; only automatically assigned chats queue. Expected wait:
 * a visitor who fits in a free slot waits about nothing; the others wait for
 * (position − free slots) × average chat duration ÷ the slots of the agents serving the queue
 * (at least one), average over the site's last 100 chats of the past week, 5 minutes without history.
 */
export function createQueue(deps: { clock: Clock; events: EventBus; agents: AgentsService; repo: RoutingRepo; eligibility: Eligibility; automatic: (c: ConversationRow) => boolean }) {
  const { repo, eligibility, clock } = deps;
  const durations = new Map<number, { seconds: number; at: number }>();
  const sent = new Map<number, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function chatSeconds(siteId: number) {
    const now = clock.now();
    const cached = durations.get(siteId);
    if (cached && now - cached.at < DURATION_CACHE_MS) return cached.seconds;
    const { avgMs, samples } = repo.averageDuration(siteId, now - HISTORY_MS);
    const seconds = samples >= MIN_SAMPLES ? Math.max(1, avgMs / 1000) : DEFAULT_CHAT_SECONDS;
    durations.set(siteId, { seconds, at: now });
    return seconds;
  }

  /** Free and total chat slots of the agents online for this queue (unlimited agents count as 8). */
  function slots(sample: ConversationRow) {
    let free = 0;
    let total = 0;
    for (const id of deps.agents.availability.onlineAgents()) {
      if (!eligibility.serves(id, sample)) continue;
      const max = deps.agents.get(id)?.max_chats || 8;
      total += max;
      free += Math.max(0, max - eligibility.load(id).current);
    }
    return { free, total };
  }

  /** Every automatically assigned waiting chat with its place, grouped by site + group. */
  function entries(): QueueEntry[] {
    const queues = new Map<string, ConversationRow[]>();
    for (const c of repo.waiting()) {
      if (!deps.automatic(c)) continue;
      const key = `${c.site_id}:${c.group_id ?? ""}`;
      const q = queues.get(key) ?? [];
      q.push(c);
      queues.set(key, q);
    }
    const out: QueueEntry[] = [];
    for (const q of queues.values()) {
      const { free, total } = slots(q[0]);
      const seconds = chatSeconds(q[0].site_id);
      q.forEach((c, i) => {
        const position = i + 1;
        const wait = position <= free ? 0 : Math.ceil(((position - free) * seconds) / Math.max(1, total));
        out.push({ conversationId: c.id, visitorId: c.visitor_id, position, expectedWaitSeconds: Math.min(MAX_WAIT_SECONDS, wait) });
      });
    }
    return out;
  }

  /** Publishes only the places that changed since they were last sent. */
  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const now = entries();
    const live = new Set<number>();
    const changed: QueueEntry[] = [];
    for (const e of now) {
      live.add(e.conversationId);
      const sig = `${e.position}:${e.expectedWaitSeconds}`;
      if (sent.get(e.conversationId) !== sig) {
        sent.set(e.conversationId, sig);
        changed.push(e);
      }
    }
    for (const id of [...sent.keys()]) if (!live.has(id)) sent.delete(id);
    if (changed.length) deps.events.publish("routing.queue", { entries: changed });
  }

  return {
    entries,
    flush,
    /** Something that moves queues happened: recompute once for the whole burst. */
    dirty() {
      if (timer) return;
      timer = setTimeout(flush, QUEUE_BATCH_MS);
      timer.unref?.();
    },
    /** The place of one chat now (a visitor who (re)connects gets it at once). */
    of: (conversationId: number) => entries().find((e) => e.conversationId === conversationId) ?? null,
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
