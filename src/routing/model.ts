import type { ConversationRow } from "../chat/service.ts";

/** How a site's (or a group's) chats reach agents: picked by agents, or offered automatically. */
export type AssignMode = "manual" | "service" | "sales";
export type GroupAssignMode = "inherit" | AssignMode;
export const SITE_MODES: AssignMode[] = ["manual", "service", "sales"];
export const GROUP_MODES: GroupAssignMode[] = ["inherit", "manual", "service", "sales"];

export interface SiteRouting {
  site_id: number;
  assign_mode: AssignMode;
  prefer_previous_agent: boolean;
  offer_timeout_seconds: number;
}
export interface GroupRouting {
  group_id: number;
  assign_mode: GroupAssignMode;
}

export const DEFAULT_SITE_ROUTING = { assign_mode: "manual" as AssignMode, prefer_previous_agent: true, offer_timeout_seconds: 30 };
export const OFFER_TIMEOUT_MIN = 5;
export const OFFER_TIMEOUT_MAX = 600;

export type OfferStatus = "pending" | "accepted" | "expired" | "dropped" | "withdrawn";
export interface OfferRow {
  id: number;
  conversation_id: number;
  agent_id: number;
  status: OfferStatus;
  created_at: number;
  deadline_at: number;
  ended_at: number | null;
}

/** One waiting visitor's place in their queue (V18). */
export interface QueueEntry {
  conversationId: number;
  visitorId: number;
  position: number;
  expectedWaitSeconds: number;
}

/** An agent's load as the modes compare it; pending offers count as chats about to start. */
export interface AgentLoad {
  agentId: number;
  current: number;
  today: number;
  lastAssignedAt: number;
}

declare module "../events/bus.ts" {
  interface EventMap {
    /** A waiting chat was offered to one agent until `offer.deadline_at`. */
    "routing.offer": { offer: OfferRow; conversation: ConversationRow };
    /** The offer is over: accepted, expired, dropped (the agent left) or withdrawn (chat ended/taken). */
    "routing.offer_ended": { offer: OfferRow };
    /** Queue places that changed since the last batch, one entry per waiting visitor. */
    "routing.queue": { entries: QueueEntry[] };
  }
}
