import type { Services } from "../services.ts";
import type { ConversationRow } from "../chat/repo.ts";
import type { VisitorRow } from "../visitors/service.ts";
import { topics, type Hub } from "./hub.ts";
import { visitorRow } from "./visitor-rows.ts";
import { publishToAgentsMasked } from "./masked-frames.ts";
import type { VisitorSession } from "./visitor-session.ts";

type Frame = Record<string, unknown> & { type: string };

/**
 * The visitor's answers to an agent reaching out (docs/protocol.md): `invite_answer`, `rating`,
 * `info`. Each returns its direct reply; what agents see goes through the events below.
 */
export function outreachVisitorHandlers(s: Services, visitorOf: (session: VisitorSession) => VisitorRow) {
  return {
    async invite_answer(session: VisitorSession, frame: Frame) {
      const inv = await s.outreach.answer(visitorOf(session), frame.invitationId, frame.accept);
      return [{ type: "invite_answered", invitationId: inv.id, status: inv.status, conversationId: inv.conversation_id }];
    },
    async rating(session: VisitorSession, frame: Frame) {
      const r = await s.outreach.rate(visitorOf(session), { conversationId: frame.conversationId, level: frame.level, comment: frame.comment });
      return [{ type: "rating_saved", conversationId: r.conversation_id, level: r.level }];
    },
    async info(session: VisitorSession, frame: Frame) {
      await s.outreach.info(visitorOf(session), frame);
      return [{ type: "info_saved" }];
    },
  };
}

/**
 * Who receives the outreach frames. Frames the widget must show carry `from: "agent"`: the
 * loader opens the panel for anything an agent sends (it stays within its byte budget that way).
 */
export function wireOutreachRecipients(s: Services, hub: Hub) {
  s.events.subscribe("outreach.invitation", ({ invitation, agentName, style }) => {
    const rule = invitation.rule_id !== null ? { ruleId: invitation.rule_id, style } : {};
    hub.toVisitor(invitation.visitor_id, { type: "invite", from: "agent", invitationId: invitation.id, agentName, text: invitation.text, ...rule });
  });
  // An automatic proactive chat: the conversation and its greeting arrived as chat frames; this
  // one (from "agent", like an agent's proactive message) makes the loader open the panel.
  s.events.subscribe("outreach.rule_proactive", ({ invitation: i, style }) => {
    hub.toVisitor(i.visitor_id, { type: "proactive", from: "agent", invitationId: i.id, conversationId: i.conversation_id, ruleId: i.rule_id, style });
  });

  s.events.subscribe("outreach.invitation_answered", ({ invitation: i }) => {
    if (i.agent_id) hub.publish(topics.agent(i.agent_id), { type: "invitation", invitationId: i.id, kind: i.kind, visitorId: i.visitor_id, siteId: i.site_id, status: i.status, conversationId: i.conversation_id, at: i.answered_at });
  });

  s.events.subscribe("outreach.push", (e) => {
    const c = e.conversation;
    if (e.kind === "url") hub.toVisitor(c.visitor_id, { type: "push_url", from: "agent", conversationId: c.id, url: e.url });
    else if (e.kind === "survey") hub.toVisitor(c.visitor_id, { type: "survey", from: "agent", conversationId: c.id, ...s.outreach.survey(c.site_id) });
    else hub.toVisitor(c.visitor_id, { type: "info_form", from: "agent", conversationId: c.id, fields: ["name", "phone", "email", "company"] });
  });

  const toParticipants = (c: ConversationRow, frame: Record<string, unknown>) => {
    for (const id of s.chat.participants.activeAgentIds(c)) hub.publish(topics.agent(id), frame);
  };
  s.events.subscribe("outreach.rating", ({ conversation, rating }) => {
    toParticipants(conversation, { type: "rating", conversationId: conversation.id, visitorId: conversation.visitor_id, level: rating.level, comment: rating.comment, at: rating.updated_at });
  });

  s.events.subscribe("outreach.info", ({ conversation, visitorId, siteId, info }) => {
    if (!conversation?.agent_id) return;
    // The answer comes over the visitor's open channel, so the live row exists; the list
    // treats this as one more row update, the chat's push panel reads `info`.
    const live = s.visitors.presenceOf(visitorId);
    // X8: `info` holds the phone and email just given; each agent gets it masked for them.
    if (live) publishToAgentsMasked(s, hub, s.chat.participants.activeAgentIds(conversation), { type: "visitor", siteId, visitor: visitorRow(s, live), visitorId, conversationId: conversation.id, info });
  });
}
