import type { ConversationRow } from "../chat/service.ts";

export type InvitationKind = "invite" | "proactive";
export type InvitationStatus = "shown" | "accepted" | "declined" | "expired";

export interface InvitationRow {
  id: number;
  site_id: number;
  visitor_id: number;
  agent_id: number | null;
  /** Set by the automatic invitation rules of a later issue; null for an agent's own invitation. */
  rule_id: number | null;
  kind: InvitationKind;
  text: string;
  status: InvitationStatus;
  conversation_id: number | null;
  created_at: number;
  answered_at: number | null;
}

export interface RatingRow {
  conversation_id: number;
  agent_id: number | null;
  level: number;
  comment: string;
  created_at: number;
  updated_at: number;
}

export const MAX_INVITE_TEXT = 500;
export const MAX_RATING_COMMENT = 500;

/**
 * Satisfaction levels (V13). Stored as 1–5. The site's satisfaction settings
 * (src/sites/settings/sections/satisfaction.ts) choose 2–5 of them, label them per language and may
 * require a comment for some; `label: null` tells older widgets to use their catalogue label,
 * `labels` carries the admin's texts (empty: the catalogue's).
 */
export interface SurveyLevel {
  value: number;
  label: string | null;
  labels?: Record<string, string>;
  commentRequired?: boolean;
}
export const DEFAULT_SURVEY: { levels: SurveyLevel[]; comment: boolean } = {
  levels: [5, 4, 3, 2, 1].map((value) => ({ value, label: null })),
  comment: true,
};

/** The info form (A16): the fields asked; name and one contact (phone or email) are required. */
export const DEFAULT_INFO_FORM = { fields: ["name", "phone", "email", "company"], required: ["name", "contact"] };

export interface VisitorInfo {
  name: string;
  phone: string;
  email: string;
  company: string;
}

declare module "../events/bus.ts" {
  interface EventMap {
    /** `style` only for an automatic rule's invitation (how the widget shows it: "popup" or "corner"). */
    "outreach.invitation": { invitation: InvitationRow; agentName: string; style?: string };
    /** An automatic rule opened a proactive chat (its conversation and greeting went out as chat events). */
    "outreach.rule_proactive": { invitation: InvitationRow; style: string };
    "outreach.invitation_answered": { invitation: InvitationRow };
    "outreach.push": { conversation: ConversationRow; kind: "url"; url: string } | { conversation: ConversationRow; kind: "survey" | "info_form" };
    "outreach.rating": { conversation: ConversationRow; rating: RatingRow };
    "outreach.info": { conversation: ConversationRow | null; visitorId: number; siteId: number; info: VisitorInfo };
  }
}
