/**
 * Customer 360 (H3). Until customer cards exist (C1), a customer is a visitor together with every
 * other visitor verified as the same member on that site (V25, visitor_members). Everything here
 * is keyed by a `CustomerRef`, so a card can later become a second kind of ref without changing
 * the shapes the console reads: a card adds `card` and its own linked visitors, nothing else moves.
 */
import type { Principal } from "../auth/service.ts";
import type { MaskRights } from "../platform/masking.ts";
import type { VisitRow as StoredVisit } from "../visitors/service.ts";
import type { MemberChatRow } from "../identity/repo.ts";

export type CustomerRef = { kind: "visitor"; visitorId: number };

/**
 * What one agent may see, resolved once per request from the same rules as the visitor list
 * (sites, A3), history (H1: an SQL condition over a conversations alias `c`, or null without a
 * history permission) and the leave inbox (H2: site ids, or null without leave.read).
 */
export interface CustomerViewer {
  agentId: number;
  mask: MaskRights;
  siteIds: number[];
  history: { sql: string; params: Record<string, number> } | null;
  leaveSiteIds: number[] | null;
}

/** The scope functions the service is given (wired in services.ts, which sees every layer). */
export interface ViewerScope {
  siteIds(agentId: number): number[];
  history(p: Principal): CustomerViewer["history"];
  leaveSiteIds(p: Principal): number[] | null;
}

export const SEARCH_MAX_QUERY = 100;
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 100;
/** How many of a member's visitors, chats and leave messages one 360 lists (newest first). */
export const LINKED_VISITORS_MAX = 200;
export const CHATS_MAX = 500;
export const LEAVE_MAX = 500;
export const FIRST_MESSAGE_CHARS = 120;

export interface SearchRow {
  id: number;
  site_id: number;
  site_name: string;
  public_id: string;
  name: string;
  phone: string;
  email: string;
  company: string;
  visit_count: number;
  first_seen_at: number;
  last_seen_at: number;
  member_id: string | null;
  member_name: string | null;
  /** How many visitors this customer has (a verified member's visitors are one customer). */
  visitors: number;
}

/** A chat as the identity domain lists a member's chats, plus what the 360 shows of its evaluation and rating. */
export interface ChatRow extends MemberChatRow {
  topicName: string | null;
  verdict: string | null;
  ratingLevel: number | null;
  ratingComment: string | null;
  firstMessage: string | null;
}

export interface LeaveRow {
  id: number;
  visitorId: number;
  siteId: number;
  createdAt: number;
  name: string;
  phone: string;
  email: string;
  company: string;
  content: string;
  pageUrl: string;
  ip: string;
}

export type VisitRow = Pick<
  StoredVisit,
  "visitor_id" | "started_at" | "ip" | "country" | "province" | "city" | "isp" | "browser" | "os" | "device" | "search_engine" | "search_keyword" | "landing_url"
>;

export interface BlockRow {
  id: number;
  visitor_id: number;
  mode: string;
  reason: string;
  expires_at: number | null;
  created_at: number;
  lifted_at: number | null;
}
