/**
 * Visitor care (issue 4): blocking (A11), chat evaluation with admin-kept topics (A12) and the
 * visitor panel (A17). Rows are the stored shapes; views are what the console receives.
 */
export type BlockMode = "refuse_chat" | "hide";
export const BLOCK_MODES: readonly BlockMode[] = ["refuse_chat", "hide"];
export const MAX_BLOCK_REASON = 200;
/** Longest expiry an agent may choose (a year); null means never. */
export const MAX_BLOCK_MINUTES = 525_600;

export interface BlockRow {
  id: number;
  site_id: number | null;
  visitor_id: number | null;
  ip_cidr: string | null;
  mode: BlockMode;
  reason: string;
  expires_at: number | null;
  created_by: number | null;
  created_at: number;
  lifted_at: number | null;
  lifted_by: number | null;
}

/** A row of the blocking page (M7): the block with the names it refers to. */
export interface BlockListRow extends BlockRow {
  site_name: string | null;
  visitor_site_id: number | null;
  visitor_name: string | null;
  created_by_name: string | null;
  lifted_by_name: string | null;
  active: number;
}

export interface BlockView {
  id: number;
  mode: BlockMode;
  reason: string;
  expiresAt: number | null;
  createdAt: number;
  createdBy: number | null;
}

export const blockView = (b: BlockRow): BlockView => ({ id: b.id, mode: b.mode, reason: b.reason, expiresAt: b.expires_at, createdAt: b.created_at, createdBy: b.created_by });

export interface TopicRow {
  id: number;
  name: string;
  position: number;
  disabled: number;
}
export const MAX_TOPIC_NAME = 40;

export type Verdict = "valuable" | "invalid" | "";
export const VERDICTS: readonly Verdict[] = ["valuable", "invalid", ""];
export const MAX_EVALUATION_NOTE = 1000;

export interface EvaluationRow {
  conversation_id: number;
  topic_id: number | null;
  verdict: Verdict;
  note: string;
  agent_id: number | null;
  updated_at: number;
}

export const evaluationView = (e: EvaluationRow | null) =>
  e ? { conversationId: e.conversation_id, topicId: e.topic_id, verdict: e.verdict, note: e.note, agentId: e.agent_id, updatedAt: e.updated_at } : null;

declare module "../events/bus.ts" {
  interface EventMap {
    "care.blocked": { siteId: number; visitorId: number; block: BlockView };
    "care.unblocked": { siteId: number; visitorId: number; blockId: number };
    /** An IP/CIDR rule (M7) was added or lifted: visitors on the sites from that range are told. */
    "care.range_blocked": { block: BlockRow };
    "care.range_lifted": { block: BlockRow };
    /** An agent's to-evaluate count may have changed. */
    "care.counters": { agentId: number };
  }
}
