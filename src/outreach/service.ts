import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { ChatService, ConversationRow, AgentRef } from "../chat/service.ts";
import type { ChatOutreach } from "../chat/outreach.ts";
import type { VisitorsService, VisitorRow } from "../visitors/service.ts";
import type { ChatRoute } from "../sites/entry.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import { randomToken } from "../platform/ids.ts";
import { createOutreachRepo } from "./repo.ts";
import { DEFAULT_INFO_FORM, DEFAULT_SURVEY, MAX_INVITE_TEXT, MAX_RATING_COMMENT, type InvitationRow, type RatingRow, type SurveyLevel, type VisitorInfo } from "./model.ts";
import type { SatisfactionConfig } from "../sites/settings/sections/satisfaction.ts";

export type { InvitationRow, RatingRow };

const MAX_URL = 2000;

/** Only http(s) URLs with a host may be pushed: never javascript:, data:, file: and the like. */
export function checkPushUrl(raw: unknown): string {
  if (typeof raw !== "string" || !raw.trim()) throw invalid("请输入网址 / enter a URL", "url");
  if (raw.length > MAX_URL) throw invalid(`网址最多 ${MAX_URL} 个字符 / a URL has at most ${MAX_URL} characters`, "url");
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw invalid("网址格式不正确 / this is not a valid URL", "url");
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || !u.hostname) throw invalid("只能推送 http 或 https 网址 / only http and https URLs can be pushed", "url");
  return u.href;
}

/**
 * Agents reaching out (V8 invitations, V9 proactive chat, V10 push URL, V13 survey, A16 info
 * form) and the visitor's answers. Conversations themselves are opened by the chat domain
 * (chatOutreach); this service keeps the invitation records and the ratings, and publishes
 * events the realtime layer turns into frames.
 */
export function createOutreachService(deps: {
  db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter; chat: ChatService; chatOutreach: ChatOutreach; visitors: VisitorsService;
  agentName: (id: number) => string | null;
  /** The site's satisfaction settings (levels, labels, required comments); absent = DEFAULT_SURVEY. */
  satisfaction?: (siteId: number) => SatisfactionConfig;
}) {
  const repo = createOutreachRepo(deps.db);
  // Proactive chats not yet answered: the visitor's first message marks them accepted. Kept in
  // memory so the message hot path costs one map lookup; after a restart they stay "shown".
  const pendingProactive = new Map<number, number>();
  // Visitors with an invitation on screen, so a departing visitor costs a write only if needed.
  const invited = new Set<number>();
  // Where an automatic rule's chat goes (the rule's group or the site's binding): set by
  // services.ts once src/invitations exists, which is built after this service.
  let ruleRoute: ((invitation: InvitationRow) => ChatRoute) | null = null;

  function onlineVisitor(visitorId: number): VisitorRow {
    const visitor = deps.visitors.get(visitorId);
    if (!visitor) throw notFound("访客不存在 / visitor not found");
    const live = deps.visitors.presenceOf(visitorId);
    if (!live || live.goneAt !== null) throw conflict("访客已离开 / the visitor is no longer online");
    return visitor;
  }

  /** Only the conversation's agents may push into it. */
  function ownConversation(agent: AgentRef, conversationId: number): ConversationRow {
    const c = deps.chat.get(conversationId);
    if (!c) throw notFound("对话不存在 / conversation not found");
    if (c.status === "active" && !deps.chat.participants.isActive(c, agent.id)) throw forbidden("只有该对话的客服可以推送 / only the conversation's agents can push into it");
    if (c.status === "ended") throw new AppError(409, "ended", "对话已结束 / the conversation has ended");
    return c;
  }

  /** The survey a site's widgets show: its configured levels, best first. */
  function surveyOf(siteId: number): { levels: SurveyLevel[]; comment: boolean } {
    const cfg = deps.satisfaction?.(siteId);
    if (!cfg) return DEFAULT_SURVEY;
    return { levels: cfg.levels.map((l) => ({ value: l.value, label: null, labels: l.label, commentRequired: l.commentRequired })), comment: true };
  }

  function answered(invitation: InvitationRow) {
    deps.events.publish("outreach.invitation_answered", { invitation });
  }

  deps.events.subscribe("chat.message", ({ conversation, message }) => {
    if (message.sender_kind !== "visitor" || !pendingProactive.size) return;
    const id = pendingProactive.get(conversation.id);
    if (id === undefined) return;
    pendingProactive.delete(conversation.id);
    void deps.writer.write(() => repo.answer(id, "accepted", deps.clock.now()) && repo.byId(id)).then((row) => row && answered(row), () => {});
  });
  deps.events.subscribe("chat.conversation", ({ conversation }) => {
    if (conversation.status !== "ended" || !pendingProactive.has(conversation.id)) return;
    const id = pendingProactive.get(conversation.id)!;
    pendingProactive.delete(conversation.id);
    void deps.writer.write(() => repo.answer(id, "expired", deps.clock.now()) && repo.byId(id)).then((row) => row && answered(row), () => {});
  });
  // An invitation nobody answered expires when the visitor leaves.
  deps.events.subscribe("visitor.gone", ({ visitorId }) => {
    if (!invited.delete(visitorId)) return;
    void deps.writer.write(() => repo.expireShown(visitorId, deps.clock.now())).then((rows) => rows.forEach(answered), () => {});
  });

  return {
    invitation: (id: number) => repo.byId(id),
    rating: (conversationId: number) => repo.rating(conversationId),
    survey: surveyOf,
    useRuleRoute: (fn: (invitation: InvitationRow) => ChatRoute) => void (ruleRoute = fn),
    /** Shown/accepted/declined/expired per automatic rule of a site (the rules' statistics). */
    ruleCounts: (siteId: number) => repo.ruleCounts(siteId),
    /** What the automatic rules' caps need about a visitor's invitations (this visit's start = `since`). */
    history: (visitorId: number, since: number) => repo.history(visitorId, since),

    /**
     * An automatic invitation rule fired (src/invitations): an invitation or a proactive chat
     * from the site (agent_id null, rule_id set). `allowed` runs inside the write, so two tabs
     * firing at once invite once; null when it (or an open chat) says no.
     */
    async fromRule(visitor: VisitorRow, r: { ruleId: number; kind: InvitationRow["kind"]; text: string; style: string; route: ChatRoute; visitId: number | null }, allowed: () => boolean): Promise<InvitationRow | null> {
      const now = deps.clock.now();
      const out = await deps.writer.write((db) => {
        if (deps.chat.openFor(visitor.id) || !allowed()) return null;
        const base = { site_id: visitor.site_id, visitor_id: visitor.id, agent_id: null, rule_id: r.ruleId, text: r.text, status: "shown" as const };
        if (r.kind === "invite") return { row: repo.insert({ ...base, kind: "invite" }, now), opened: null };
        const opened = deps.chatOutreach.openWaitingIn(db, visitor, r.route, r.text, r.visitId, now);
        return { row: repo.insert({ ...base, kind: "proactive", conversation_id: opened.conversation.id }, now), opened };
      });
      if (!out) return null;
      if (out.opened) {
        pendingProactive.set(out.opened.conversation.id, out.row.id);
        deps.chatOutreach.publish(out.opened);
        deps.events.publish("outreach.rule_proactive", { invitation: out.row, style: r.style });
      } else {
        invited.add(visitor.id);
        deps.events.publish("outreach.invitation", { invitation: out.row, agentName: "", style: r.style });
      }
      return out.row;
    },

    /** V8: the visitor's widget shows the invitation; they accept or decline it. */
    async invite(agent: AgentRef, visitorId: number, text: unknown): Promise<InvitationRow> {
      if (text !== undefined && text !== null && typeof text !== "string") throw invalid("邀请语必须是文字 / the text must be a string", "text");
      const words = (text ?? "").trim();
      if (words.length > MAX_INVITE_TEXT) throw invalid(`邀请语最多 ${MAX_INVITE_TEXT} 字 / at most ${MAX_INVITE_TEXT} characters`, "text");
      const visitor = onlineVisitor(visitorId);
      const now = deps.clock.now();
      const row = await deps.writer.write(() => {
        if (deps.chat.openFor(visitor.id)) throw conflict("访客正在对话中，无需邀请 / the visitor is already in a conversation");
        // A newer invitation replaces one still on the visitor's screen.
        const replaced = repo.expireShown(visitor.id, now);
        return { row: repo.insert({ site_id: visitor.site_id, visitor_id: visitor.id, agent_id: agent.id, kind: "invite", text: words, status: "shown" }, now), replaced };
      });
      row.replaced.forEach(answered);
      invited.add(visitor.id);
      deps.events.publish("outreach.invitation", { invitation: row.row, agentName: agent.display_name });
      return row.row;
    },

    /** The visitor's answer. Accepting opens the conversation with the inviting agent as owner. */
    async answer(visitor: VisitorRow, invitationId: unknown, accept: unknown): Promise<InvitationRow> {
      const inv = repo.byId(Number(invitationId));
      if (!inv || inv.visitor_id !== visitor.id || inv.kind !== "invite") throw notFound("邀请不存在 / invitation not found");
      const now = deps.clock.now();
      const visitId = deps.visitors.presenceOf(visitor.id)?.visitId ?? null;
      const r = await deps.writer.write((db) => {
        if (inv.status !== "shown" || repo.byId(inv.id)!.status !== "shown") throw new AppError(409, "conflict", "邀请已失效 / the invitation is no longer open");
        if (accept !== true) {
          repo.answer(inv.id, "declined", now);
          return { opened: null };
        }
        const agentName = inv.agent_id ? deps.agentName(inv.agent_id) : null;
        const agent = inv.agent_id && agentName !== null ? { id: inv.agent_id, display_name: agentName } : null;
        // An automatic rule's invitation: the chat waits for routing, opened by the site's greeting.
        const opened = inv.rule_id !== null && ruleRoute
          ? deps.chatOutreach.openWaitingIn(db, visitor, ruleRoute(inv), inv.text, visitId, now)
          : deps.chatOutreach.openIn(db, visitor, agent, null, visitId, now);
        repo.answer(inv.id, "accepted", now, opened.conversation.id);
        return { opened };
      });
      if (r.opened) deps.chatOutreach.publish(r.opened);
      const row = repo.byId(inv.id)!;
      answered(row);
      return row;
    },

    /** V9: the conversation opens active with the agent's first message (seq 1). */
    async proactive(agent: AgentRef, visitorId: number, input: { cid: unknown; body: unknown }) {
      const visitor = onlineVisitor(visitorId);
      const visitId = deps.visitors.presenceOf(visitor.id)?.visitId ?? null;
      let invitation: InvitationRow | null = null;
      const r = await deps.chatOutreach.proactive(visitor, agent, input, visitId, (_db, opened) => {
        invitation = repo.insert({ site_id: visitor.site_id, visitor_id: visitor.id, agent_id: agent.id, kind: "proactive", text: opened.message.body, status: "shown", conversation_id: opened.conversation.id }, deps.clock.now());
      });
      if (invitation) pendingProactive.set(r.conversation.id, (invitation as InvitationRow).id);
      return { ...r, invitation };
    },

    /** V10: the link goes into the chat as the agent's message, then the widget asks the visitor. */
    async pushUrl(agent: AgentRef, conversationId: number, input: { url: unknown; cid?: unknown }) {
      const url = checkPushUrl(input.url);
      ownConversation(agent, conversationId);
      const sent = await deps.chat.agentSend(agent, conversationId, { cid: input.cid ?? `push-${randomToken(12)}`, body: url });
      if (!sent.duplicate) deps.events.publish("outreach.push", { conversation: sent.conversation, kind: "url", url });
      return { url, message: sent.message };
    },

    /** V13 / A16: the widget shows the survey or the info form. Nothing is stored until the answer. */
    push(agent: AgentRef, conversationId: number, kind: "survey" | "info_form") {
      const conversation = ownConversation(agent, conversationId);
      deps.events.publish("outreach.push", { conversation, kind });
      return kind === "survey" ? surveyOf(conversation.site_id) : DEFAULT_INFO_FORM;
    },

    /**
     * The visitor's rating of one of their conversations; a later rating replaces the earlier one.
     * Only the site's levels are accepted, and a level that requires a comment gets one (V13).
     */
    async rate(visitor: VisitorRow, input: { conversationId: unknown; level: unknown; comment: unknown }): Promise<RatingRow> {
      const conversation = deps.chat.get(Number(input.conversationId));
      if (!conversation || conversation.visitor_id !== visitor.id) throw notFound("对话不存在 / conversation not found");
      const level = Number(input.level);
      const offered = surveyOf(conversation.site_id).levels.find((l) => l.value === level);
      if (!Number.isInteger(level) || !offered) throw invalid("请选择满意度 / choose a level", "level");
      if (input.comment != null && typeof input.comment !== "string") throw invalid("评价必须是文字 / the comment must be text", "comment");
      const comment = ((input.comment as string | null) ?? "").trim();
      if (comment.length > MAX_RATING_COMMENT) throw invalid(`评价最多 ${MAX_RATING_COMMENT} 字 / at most ${MAX_RATING_COMMENT} characters`, "comment");
      if (!comment && offered.commentRequired) throw invalid("选择此评价时请填写评语 / please say why you chose this level", "comment");
      const now = deps.clock.now();
      const rating = await deps.writer.write(() => repo.upsertRating({ conversation_id: conversation.id, agent_id: conversation.agent_id, level, comment }, now));
      deps.events.publish("outreach.rating", { conversation, rating });
      return rating;
    },

    /** A16: name and one contact are required; the card is stored on the visitor. */
    async info(visitor: VisitorRow, fields: Record<string, unknown>): Promise<VisitorInfo> {
      const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");
      if (!str(fields.name)) throw invalid("请填写姓名 / enter your name", "name");
      if (!str(fields.phone) && !str(fields.email)) throw invalid("请填写电话或邮箱 / give a phone number or an email address", "phone");
      const row = await deps.visitors.setProfile(visitor, { name: fields.name, phone: fields.phone, email: fields.email, company: fields.company });
      const info = { name: row.name, phone: row.phone, email: row.email, company: row.company };
      deps.events.publish("outreach.info", { conversation: deps.chatOutreach.currentOrLast(visitor.id), visitorId: visitor.id, siteId: visitor.site_id, info });
      return info;
    },
  };
}
export type OutreachService = ReturnType<typeof createOutreachService>;
