/**
 * Automatic invitation rules (V8 rules, M10). A rule says when the site invites a visitor by
 * itself: conditions the server knows (URL, page count, region, source, keyword, caps, an agent
 * who can take the chat) and a trigger only the browser can see (time on the page, leave intent).
 */
export const RULE_LANGS = ["zh-CN", "zh-TW", "en", "ja", "ko"] as const;
export type RuleLang = (typeof RULE_LANGS)[number];

export type RuleKind = "invite" | "proactive";
export type RuleTrigger = "delay" | "leave";
export type RuleStyle = "popup" | "corner";
export const RULE_KINDS: RuleKind[] = ["invite", "proactive"];
export const RULE_TRIGGERS: RuleTrigger[] = ["delay", "leave"];
export const RULE_STYLES: RuleStyle[] = ["popup", "corner"];

/** A rule as the engine and the pages use it (lists and texts parsed). */
export interface InvitationRule {
  id: number;
  siteId: number;
  position: number;
  enabled: boolean;
  name: string;
  kind: RuleKind;
  trigger: RuleTrigger;
  delaySeconds: number;
  urlPatterns: string[];
  minPageViews: number;
  regions: string[];
  sources: string[];
  keywords: string[];
  /** 0 = no limit. */
  maxPerVisit: number;
  intervalSeconds: number;
  requireAgent: boolean;
  groupId: number | null;
  style: RuleStyle;
  /** Only languages with a text; a missing one falls back to the catalogue's default. */
  texts: Partial<Record<RuleLang, string>>;
  createdAt: number;
  updatedAt: number;
}

/** The editable part (what the form posts, after validation). */
export type RuleFields = Omit<InvitationRule, "id" | "siteId" | "position" | "createdAt" | "updatedAt">;

export const LIMITS = {
  name: 60,
  text: 500,
  listItems: 30,
  pattern: 500,
  region: 40,
  source: 100,
  keyword: 100,
  delay: 3600,
  pageViews: 1000,
  perVisit: 100,
  interval: 86_400,
} as const;

/**
 * The default texts of the widget's catalogues (widget/src/i18n/*.ts `inviteDefault`), for
 * what the server must store concretely: a proactive chat's first message.
 */
export const DEFAULT_TEXTS: Record<RuleLang, string> = {
  "zh-CN": "您好！有什么可以帮您？",
  "zh-TW": "您好！有什麼可以幫您？",
  en: "Hello! Can I help you with anything?",
  ja: "こんにちは！何かお手伝いできることはありますか？",
  ko: "안녕하세요! 무엇을 도와드릴까요?",
};

/** What the server knows about a visitor's current page view, for matching. */
export interface VisitContext {
  url: string;
  /** Page views in this visit so far, this one included. */
  pageCount: number;
  country: string;
  province: string;
  city: string;
  /** The visit's external referrer (where the visitor came from). */
  referrer: string;
  searchEngine: string;
  searchKeyword: string;
}

/** The visitor's invitations so far, for the caps. */
export interface InviteHistory {
  /** This visit's automatic invitations per rule id. */
  perRule: Map<number, number>;
  /** When the visitor was last shown any invitation (agent's or automatic), or null. */
  lastAt: number | null;
  /** An invitation is on screen, not answered yet. */
  onScreen: boolean;
}

/** One trigger the widget should run: `invite_arm` (docs/protocol.md). */
export interface Arm {
  ruleId: number;
  trigger: RuleTrigger;
  delaySeconds: number;
}

declare module "../events/bus.ts" {
  interface EventMap {
    /** A site's invitation rules were created, edited, reordered or removed. */
    "invitation_rules.changed": { siteId: number };
  }
}
