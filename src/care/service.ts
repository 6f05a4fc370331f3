import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService } from "../audit/service.ts";
import type { ChatService } from "../chat/service.ts";
import type { VisitorsService } from "../visitors/service.ts";
import { createCareRepo } from "./repo.ts";
import { createBlocksService } from "./blocks.ts";
import { createTopicsService } from "./topics.ts";
import { createEvaluationsService } from "./evaluations.ts";
import { createVisitorPanel, visitorProfile } from "./panel.ts";

export type { BlockRow, BlockView, BlockMode, TopicRow } from "./model.ts";
export type { Evaluator } from "./evaluations.ts";
export { visitorProfile };

/** Visitor care: blocks (A11), topics and evaluations (A12), the visitor panel (A17). */
export function createCareService(deps: {
  db: Database; clock: Clock; events: EventBus; audit: AuditService; chat: ChatService; visitors: VisitorsService;
  /** Agent ids taking part in a conversation besides its owner (they may evaluate it too). */
  participants?: (conversationId: number) => number[];
}) {
  const repo = createCareRepo(deps.db);
  const blocks = createBlocksService({ db: deps.db, clock: deps.clock, events: deps.events, audit: deps.audit, chat: deps.chat, visitors: deps.visitors, repo });
  const topics = createTopicsService({ db: deps.db, audit: deps.audit, repo });
  const evaluations = createEvaluationsService({ clock: deps.clock, events: deps.events, repo, chat: deps.chat, topics, participants: deps.participants });
  const panel = createVisitorPanel({ repo, visitors: deps.visitors, blocks });
  return { blocks, topics, evaluations, panel };
}
export type CareService = ReturnType<typeof createCareService>;
