import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { ChatService } from "../chat/service.ts";
import { forbidden, invalid, notFound } from "../platform/errors.ts";
import type { CareRepo } from "./repo.ts";
import type { TopicsService } from "./topics.ts";
import { MAX_EVALUATION_NOTE, VERDICTS, evaluationView, type Verdict } from "./model.ts";

export interface Evaluator {
  agentId: number;
  /** history.evaluate: may evaluate anyone's conversation. */
  any: boolean;
}

/**
 * Chat evaluation (A12): a topic, valuable/invalid and a note, during or after the chat, by the
 * agent who had it or by a holder of history.evaluate. Ended chats of an agent without one are
 * that agent's to-evaluate count (and the sign-out reminder).
 */
export function createEvaluationsService(deps: {
  clock: Clock; events: EventBus; repo: CareRepo; chat: ChatService; topics: TopicsService;
  /** Agents taking part besides the owner (three-way chat guests), once that exists; none by default. */
  participants?: (conversationId: number) => number[];
}) {
  const { repo } = deps;

  function conversationFor(who: Evaluator, conversationId: number) {
    const c = deps.chat.get(conversationId);
    if (!c) throw notFound("对话不存在 / conversation not found");
    if (!who.any && c.agent_id !== who.agentId && !deps.participants?.(c.id).includes(who.agentId)) throw forbidden("只能评价自己接待的对话 / you can evaluate only your own conversations");
    return c;
  }

  return {
    get(who: Evaluator, conversationId: number) {
      conversationFor(who, conversationId);
      return evaluationView(repo.evaluation(conversationId));
    },

    save(who: Evaluator, conversationId: number, input: { topicId?: unknown; verdict?: unknown; note?: unknown }) {
      const c = conversationFor(who, conversationId);
      const previous = repo.evaluation(conversationId);
      let topicId: number | null = null;
      if (input.topicId !== null && input.topicId !== undefined && input.topicId !== "") {
        const id = Number(input.topicId);
        const topic = Number.isInteger(id) ? deps.topics.get(id) : null;
        // A topic disabled since it was chosen may stay; it may not be newly chosen.
        if (!topic || (topic.disabled && previous?.topic_id !== id)) throw invalid("请选择有效的话题 / choose a topic from the list", "topicId");
        topicId = id;
      }
      const verdict = (input.verdict ?? "") as Verdict;
      if (!VERDICTS.includes(verdict)) throw invalid("评价须为有效或无效 / the verdict is valuable or invalid", "verdict");
      const note = input.note === undefined || input.note === null ? "" : input.note;
      if (typeof note !== "string") throw invalid("备注须为文字 / the note is text", "note");
      if (note.length > MAX_EVALUATION_NOTE) throw invalid(`备注最多 ${MAX_EVALUATION_NOTE} 字 / the note has at most ${MAX_EVALUATION_NOTE} characters`, "note");
      if (topicId === null && !verdict) throw invalid("请选择话题或评价 / choose a topic or a verdict", "topicId");
      const row = repo.upsertEvaluation({ conversation_id: c.id, topic_id: topicId, verdict, note: note.trim(), agent_id: who.agentId, updated_at: deps.clock.now() });
      if (c.agent_id) deps.events.publish("care.counters", { agentId: c.agent_id });
      return evaluationView(row)!;
    },

    toEvaluate: (agentId: number) => repo.toEvaluate(agentId),
    unevaluated: (agentId: number, limit = 100) => repo.unevaluated(agentId, limit),
  };
}
export type EvaluationsService = ReturnType<typeof createEvaluationsService>;
