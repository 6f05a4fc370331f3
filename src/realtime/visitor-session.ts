import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";
import type { VisitorRow } from "../visitors/service.ts";
import { AppError } from "../platform/errors.ts";
import { createRateLimiter } from "../platform/rate-limit.ts";
import { MAX_MESSAGE_LENGTH } from "../chat/model.ts";
import { topics, type Conn, type Hub, type ServerFrame } from "./hub.ts";
import { errorFrame, messageFrame } from "./frames.ts";
import { outreachVisitorHandlers } from "./outreach.ts";
import { visitorFlood } from "./visitor-flood.ts";
import { visitorBlocks } from "./visitor-blocks.ts";
import { prechatOpening } from "./visitor-prechat.ts";
import { identityVisitorHandlers } from "./visitor-identity.ts";
import { createInvitationTriggers } from "./invitation-triggers.ts";

/** Frames over this size are refused (the WebSocket closes with 1009 before we see them). */
export const MAX_FRAME_BYTES = 64 * 1024;
const RESUME_PAGE = 500;
const DRAFT_INTERVAL_MS = 250;

/**
 * One open channel of a visitor, and the connection its frames go out on: each transport
 * subclasses it with its own `send` and `close` (sockets.ts: a WebSocket, whose data it is;
 * visitor-routes.ts: an HTTP stream). One object per channel, kept small on purpose: thousands
 * sit idle (docs/performance.md). The visitor row is read when a frame needs it, and the user
 * agent is dropped after the first page view.
 */
export abstract class VisitorSession implements Conn {
  visitorId = 0;
  token = "";
  /** A hidden visitor (A11): the channel was refused and holds nothing. */
  blocked = false;
  /** Draft updates are coalesced to at most one per DRAFT_INTERVAL_MS (the latest text wins). */
  draft: { lastAt: number; pending: string | null; timer: ReturnType<typeof setTimeout> | null } | null = null;
  /** When this channel's current page view came (its `page` frame); 0 before the first. */
  pageAt = 0;
  /** Invitation triggers armed on the current page (invitation-triggers.ts): rule id → version; made on the first arm. */
  armed: Map<number, string> | null = null;
  /** Invitation triggers the current page fired. */
  fires = 0;

  constructor(
    public site: SiteRow,
    readonly ip: string,
    public userAgent: string,
  ) {}

  abstract send(frame: ServerFrame): boolean;
  abstract close(code: number, reason: string): void;
}

type Frame = Record<string, unknown> & { type: string };
type Reply = Record<string, unknown>;

/**
 * The visitor channel's behaviour, whatever the transport: identify, subscribe, say
 * `connected`, then handle frames. Each handler returns the frames that answer it directly
 * (ack, error); everything else reaches the client through the hub, in commit order.
 */
export function createVisitorSessions(s: Services, hub: Hub) {
  const perVisitor = createRateLimiter<number>({ limit: 60, windowMs: 10_000 });
  const perIp = createRateLimiter({ limit: 300, windowMs: 10_000 });
  // Without frames the limiters' generations would not turn: idle visitors would keep their counts.
  const limiterSweep = setInterval(() => {
    perVisitor.sweep(s.clock.now());
    perIp.sweep(s.clock.now());
  }, 10_000);
  limiterSweep.unref?.();
  s.events.subscribe("server.stopping", () => clearInterval(limiterSweep));
  const blocks = visitorBlocks(s, hub);
  const invites = createInvitationTriggers(s, hub);
  const flood = visitorFlood(s);
  // Every session of a site shares one row: a copy per idle socket cost ~0.4 KiB (docs/performance.md).
  const siteRows = new Map<number, SiteRow>();
  const sharedSite = (site: SiteRow): SiteRow => {
    const known = siteRows.get(site.id);
    if (known && sameRow(known, site)) return known;
    siteRows.set(site.id, site);
    return site;
  };

  /**
   * The `connected` frame as JSON. The site's widget config and the file limits are the same for
   * every visitor, so their JSON is cached and spliced in: serializing ~2 KB per connect was most
   * of the garbage a connect left (and the heap it fragmented, docs/performance.md).
   */
  function connectedFrame(session: VisitorSession, visitor: VisitorRow, extra: Reply = {}): string {
    const open = s.chat.openFor(visitor.id);
    const agentName = open?.agent_id ? (s.agents.get(open.agent_id)?.display_name ?? "") : "";
    const head = JSON.stringify({
      type: "connected",
      visitorId: visitor.public_id,
      token: session.token,
      online: s.agents.availability.available(),
      language: session.site.default_language,
      conversation: open ? { id: open.id, status: open.status, lastSeq: s.chat.lastSeq(open.id), agentName } : null,
      serverTime: s.clock.now(),
      ...(blocks.mode(visitor.id, session.ip, session.site.id) === "refuse_chat" ? { blocked: "refuse_chat" } : {}),
      ...(s.identity.memberOf(visitor.id) ? { verified: true } : {}),
      ...entryOf(session.site),
      ...extra,
    });
    return `${head.slice(0, -1)},"config":${s.siteSettings.widgetConfigJson(session.site.id)},"limits":${limitsJson}}`;
  }

  // File limits come from the configuration file: fixed while the process runs.
  const limitsJson = JSON.stringify({ maxMessageLength: MAX_MESSAGE_LENGTH, maxFileBytes: s.files.limits.maxBytes, allowedFileTypes: s.files.limits.allowedTypes });

  async function resume(session: VisitorSession, frame: Frame): Promise<Reply[]> {
    const conversation = s.chat.get(Number(frame.conversationId));
    if (!conversation || conversation.visitor_id !== session.visitorId) return [errorFrame("not_found", "conversation not found")];
    let after = Math.max(0, Number(frame.lastSeq) || 0);
    for (;;) {
      const page = s.chat.messagesAfter(conversation.id, after, RESUME_PAGE);
      for (const m of page) hub.send(session, messageFrame(m, m.file_id ? s.files.get(m.file_id) : null));
      if (page.length < RESUME_PAGE) break;
      after = page[page.length - 1].seq;
    }
    const latest = s.chat.get(conversation.id)!;
    hub.send(session, { type: "resumed", conversationId: latest.id, lastSeq: s.chat.lastSeq(latest.id), status: latest.status });
    return [];
  }

  /** V24: the groups or agents this site offers, with live status (later changes: `entry` frames). */
  const entryOf = (site: SiteRow) => {
    const offer = s.sites.entry.offer(site);
    return offer ? { entry: offer } : {};
  };
  /** Where a chat opened by this frame goes: the visitor's choice (checked) or the site's binding. */
  const routeOf = (session: VisitorSession, frame: Frame) => () =>
    s.sites.entry.route(s.sites.get(session.site.id) ?? session.site, { groupId: frame.groupId, agentId: frame.agentId });

  /** V7: the route and pre-chat answers of a frame that may open a chat (visitor-prechat.ts). */
  const opening = (session: VisitorSession, visitor: VisitorRow, frame: Frame) => prechatOpening(s, visitor, frame, routeOf(session, frame));

  const ack = (cid: unknown, r: { message: { conversation_id: number; seq: number; id: number; created_at: number } }) =>
    ({ type: "ack", cid, conversationId: r.message.conversation_id, seq: r.message.seq, id: r.message.id, at: r.message.created_at });

  const handlers: Record<string, (session: VisitorSession, frame: Frame) => Promise<Reply[]> | Reply[]> = {
    ping: () => [{ type: "pong", serverTime: s.clock.now() }],
    async page(session, frame) {
      // V20: a site keeping 0 minutes ends the chat this page view finds (read now, before later frames open one).
      const kept = s.chatKeep.pageView(session.visitorId, session.site.id).catch((err) => s.logger.error({ err }, "chat keep failed"));
      await s.visitors.recordPage(visitorOf(session), frame as Partial<Record<string, string>>, { ip: session.ip, userAgent: session.userAgent });
      session.userAgent = "";
      await kept;
      invites.onPage(session);
      return [];
    },
    resume,
    async send(session, frame) {
      const visit = s.visitors.presenceOf(session.visitorId);
      const visitor = visitorOf(session);
      const open = await opening(session, visitor, frame);
      // The pre-chat form may have just saved a name and contact: the message carries them.
      const r = await s.chat.visitorSend(open.opened ? visitorOf(session) : visitor, { cid: frame.cid, body: frame.body, visitId: visit?.visitId ?? null, ...open });
      return [ack(frame.cid, r)];
    },
    async file(session, frame) {
      const file = s.files.get(String(frame.fileId ?? ""));
      if (!file || file.uploader_kind !== "visitor" || file.uploader_id !== session.visitorId) return [errorFrame("not_found", "file not found", { cid: String(frame.cid ?? "") })];
      const visit = s.visitors.presenceOf(session.visitorId);
      const visitor = visitorOf(session);
      const open = await opening(session, visitor, frame);
      const r = await s.chat.visitorSend(open.opened ? visitorOf(session) : visitor, { cid: frame.cid, body: file.name, fileId: file.id, visitId: visit?.visitId ?? null, ...open });
      s.files.attach(file.id, r.conversation.id);
      return [ack(frame.cid, r)];
    },
    typing(session, frame) {
      const open = s.chat.openFor(session.visitorId);
      if (open) s.chat.typing(open.id, "visitor", Boolean(frame.on), visitorOf(session).name);
      return [];
    },
    draft(session, frame) {
      const d = (session.draft ??= { lastAt: 0, pending: null, timer: null });
      d.pending = typeof frame.text === "string" ? frame.text : "";
      const flush = () => {
        d.timer = null;
        d.lastAt = Date.now();
        const open = s.chat.openFor(session.visitorId);
        if (open && d.pending !== null) s.chat.draft(open, d.pending);
        d.pending = null;
      };
      const wait = d.lastAt + DRAFT_INTERVAL_MS - Date.now();
      if (wait <= 0) flush();
      else d.timer ??= setTimeout(flush, wait);
      return [];
    },
    async profile(session, frame) {
      await s.visitors.setProfile(visitorOf(session), frame as Record<string, unknown>);
      return [{ type: "profile_saved" }];
    },
    async end(session) {
      const open = s.chat.openFor(session.visitorId);
      if (open) await s.chat.end(open.id, "visitor");
      return [];
    },
    async leave(session, frame) {
      const page = s.visitors.presenceOf(session.visitorId)?.currentUrl ?? "";
      const r = await s.leave.create(visitorOf(session), frame, { ip: session.ip, pageUrl: page });
      return [{ type: "ack", cid: frame.cid, leaveMessageId: r.message.id, at: r.message.created_at }];
    },
    ...outreachVisitorHandlers(s, (session) => visitorOf(session)),
    ...identityVisitorHandlers(s, hub),
    ...invites.handlers,
    ...flood.handlers,
  };

  /** The visitor row as stored now (the name may have changed in another tab). */
  const visitorOf = (session: VisitorSession): VisitorRow => s.visitors.get(session.visitorId)!;

  return {
    /**
     * Identifies the visitor of a new channel (made by its transport), subscribes it, and sends
     * `connected` (last, so nothing is missed).
     */
    open<T extends VisitorSession>(session: T, token: unknown, extra: Reply = {}): T {
      const { visitor, token: issued } = s.visitors.identify(session.site.id, token);
      session.site = sharedSite(session.site);
      session.visitorId = visitor.id;
      session.token = issued;
      session.userAgent = session.userAgent.slice(0, 500);
      if (blocks.mode(visitor.id, session.ip, session.site.id) === "hide") {
        session.blocked = true;
        blocks.refuse(session);
        return session;
      }
      hub.addVisitorConn(visitor.id, session);
      hub.subscribe(session, topics.site(session.site.id));
      s.visitors.connected(visitor.id);
      hub.send(session, connectedFrame(session, visitor, extra));
      // A visitor still queued (automatic assignment) learns their place at once (V18).
      const open = s.chat.openFor(visitor.id);
      const place = open?.status === "waiting" ? s.routing.queueOf(open.id) : null;
      if (place) hub.send(session, { type: "queue", conversationId: place.conversationId, position: place.position, expectedWaitSeconds: place.expectedWaitSeconds });
      return session;
    },

    close(session: VisitorSession) {
      if (session.blocked) return;
      if (session.draft?.timer) clearTimeout(session.draft.timer);
      hub.removeVisitorConn(session.visitorId, session);
      hub.unsubscribeAll(session);
      s.visitors.disconnected(session.visitorId);
    },

    /** Parses and handles one client frame; returns the direct replies. Never throws. */
    async handle(session: VisitorSession, raw: unknown): Promise<Reply[]> {
      let frame: Frame;
      try {
        const value = typeof raw === "string" ? (raw.length > MAX_FRAME_BYTES ? null : JSON.parse(raw)) : raw;
        if (!value || typeof value !== "object" || typeof (value as Frame).type !== "string") return [errorFrame(value === null ? "frame_too_large" : "bad_frame", "a frame is one JSON object with a type")];
        frame = value as Frame;
      } catch {
        return [errorFrame("bad_frame", "not valid JSON")];
      }
      const cid = typeof frame.cid === "string" ? frame.cid : undefined;
      const handler = Object.hasOwn(handlers, frame.type) ? handlers[frame.type] : undefined;
      if (!handler) return [errorFrame("bad_frame", `unknown frame type ${String(frame.type).slice(0, 40)}`, { cid })];
      if (session.blocked) return [];
      const refused = blocks.check(session.visitorId, session.ip, session.site.id, session, frame.type, cid);
      if (refused) return refused;
      const now = s.clock.now();
      const wait = Math.max(perVisitor.hit(session.visitorId, now), perIp.hit(session.ip, now));
      if (wait > 0) return [errorFrame("rate_limited", "too many frames; slow down", { cid, retryAfterMs: wait })];
      const challenged = flood.check(session, frame, cid); // V22
      if (challenged) return challenged;
      try {
        return await handler(session, frame);
      } catch (e) {
        if (e instanceof AppError) return [errorFrame(e.code === "invalid" ? "invalid" : e.code, e.message, { cid, field: e.field })];
        s.logger.error({ err: e, frame: frame.type }, "visitor frame failed");
        return [errorFrame("internal", "the server could not handle this frame; retry", { cid })];
      }
    },
  };
}
export type VisitorSessions = ReturnType<typeof createVisitorSessions>;

/** Whether two reads of a row hold the same values (a site row: flat, no nested objects). */
function sameRow<T extends object>(a: T, b: T): boolean {
  for (const k in a) if (a[k] !== b[k]) return false;
  return true;
}
