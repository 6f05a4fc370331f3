import type { Database } from "bun:sqlite";
import type { BlockListRow, BlockRow, EvaluationRow, TopicRow } from "./model.ts";

/**
 * The care tables. A few reads join the chat and visitor tables (history of a visitor, the
 * to-evaluate count): each is one indexed query the console asks for often, which a chain of
 * service calls would turn into one query per conversation. They only read; writes to other
 * domains' tables go through those domains' services.
 */
export function createCareRepo(db: Database) {
  const q = {
    activeBlocks: db.prepare("SELECT * FROM visitor_blocks WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"),
    blockById: db.prepare("SELECT * FROM visitor_blocks WHERE id = ?"),
    insertBlock: db.prepare(
      `INSERT INTO visitor_blocks (site_id, visitor_id, ip_cidr, mode, reason, expires_at, created_by, created_at)
       VALUES ($site_id, $visitor_id, $ip_cidr, $mode, $reason, $expires_at, $created_by, $created_at) RETURNING *`,
    ),
    liftBlock: db.prepare("UPDATE visitor_blocks SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL"),
    listBlocks: db.prepare(
      `SELECT b.*, s.name AS site_name, v.site_id AS visitor_site_id, v.name AS visitor_name, c.display_name AS created_by_name, l.display_name AS lifted_by_name,
         (b.lifted_at IS NULL AND (b.expires_at IS NULL OR b.expires_at > $now)) AS active
       FROM visitor_blocks b LEFT JOIN visitors v ON v.id = b.visitor_id LEFT JOIN sites s ON s.id = coalesce(b.site_id, v.site_id)
         LEFT JOIN agents c ON c.id = b.created_by LEFT JOIN agents l ON l.id = b.lifted_by
       WHERE (b.lifted_at IS NULL AND (b.expires_at IS NULL OR b.expires_at > $now)) OR coalesce(b.lifted_at, b.expires_at) > $since
       ORDER BY active DESC, b.created_at DESC, b.id DESC LIMIT $limit`,
    ),
    lastIp: db.prepare("SELECT ip FROM visits WHERE visitor_id = ? ORDER BY started_at DESC, id DESC LIMIT 1"),

    topics: db.prepare("SELECT * FROM chat_topics ORDER BY position, id"),
    topicById: db.prepare("SELECT * FROM chat_topics WHERE id = ?"),
    topicByName: db.prepare("SELECT * FROM chat_topics WHERE name = ?"),
    insertTopic: db.prepare("INSERT INTO chat_topics (name, position) VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM chat_topics)) RETURNING *"),
    renameTopic: db.prepare("UPDATE chat_topics SET name = ? WHERE id = ?"),
    disableTopic: db.prepare("UPDATE chat_topics SET disabled = ? WHERE id = ?"),
    positionTopic: db.prepare("UPDATE chat_topics SET position = ? WHERE id = ?"),

    evaluation: db.prepare("SELECT * FROM conversation_evaluations WHERE conversation_id = ?"),
    upsertEvaluation: db.prepare(
      `INSERT INTO conversation_evaluations (conversation_id, topic_id, verdict, note, agent_id, updated_at)
       VALUES ($conversation_id, $topic_id, $verdict, $note, $agent_id, $updated_at)
       ON CONFLICT (conversation_id) DO UPDATE SET topic_id = excluded.topic_id, verdict = excluded.verdict,
         note = excluded.note, agent_id = excluded.agent_id, updated_at = excluded.updated_at RETURNING *`,
    ),
    // An evaluation counts once it has a topic or a verdict (a note alone is not an evaluation).
    toEvaluate: db.prepare(
      `SELECT count(*) AS n FROM conversations c WHERE c.agent_id = ? AND c.status = 'ended'
         AND NOT EXISTS (SELECT 1 FROM conversation_evaluations e WHERE e.conversation_id = c.id AND (e.topic_id IS NOT NULL OR e.verdict <> ''))`,
    ),
    unevaluated: db.prepare(
      `SELECT c.id, c.visitor_id AS visitorId, v.name AS visitorName, c.ended_at AS endedAt FROM conversations c JOIN visitors v ON v.id = c.visitor_id
       WHERE c.agent_id = ? AND c.status = 'ended'
         AND NOT EXISTS (SELECT 1 FROM conversation_evaluations e WHERE e.conversation_id = c.id AND (e.topic_id IS NOT NULL OR e.verdict <> ''))
       ORDER BY c.ended_at DESC LIMIT ?`,
    ),
    history: db.prepare(
      `SELECT c.id, c.status, c.created_at AS startedAt, c.ended_at AS endedAt, c.agent_id AS agentId, a.display_name AS agentName,
         (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'event') AS messageCount,
         e.topic_id AS topicId, t.name AS topicName, e.verdict AS verdict, e.note AS evaluationNote
       FROM conversations c LEFT JOIN agents a ON a.id = c.agent_id
         LEFT JOIN conversation_evaluations e ON e.conversation_id = c.id LEFT JOIN chat_topics t ON t.id = e.topic_id
       WHERE c.visitor_id = ? ORDER BY c.id DESC LIMIT ?`,
    ),
    visits: db.prepare("SELECT * FROM visits WHERE visitor_id = ? ORDER BY started_at DESC, id DESC LIMIT ?"),
  };

  return {
    activeBlocks: (now: number) => q.activeBlocks.all(now) as BlockRow[],
    blockById: (id: number) => q.blockById.get(id) as BlockRow | null,
    insertBlock: (b: Omit<BlockRow, "id" | "lifted_at" | "lifted_by">) => q.insertBlock.get(b as never) as BlockRow,
    liftBlock: (id: number, by: number | null, now: number) => q.liftBlock.run(now, by, id).changes === 1,
    listBlocks: (now: number, since: number, limit: number) => q.listBlocks.all({ now, since, limit } as never) as BlockListRow[],
    lastIp: (visitorId: number) => (q.lastIp.get(visitorId) as { ip: string } | null)?.ip ?? "",

    topics: () => q.topics.all() as TopicRow[],
    topicById: (id: number) => q.topicById.get(id) as TopicRow | null,
    topicByName: (name: string) => q.topicByName.get(name) as TopicRow | null,
    insertTopic: (name: string) => q.insertTopic.get(name) as TopicRow,
    renameTopic: (id: number, name: string) => q.renameTopic.run(name, id),
    setTopicDisabled: (id: number, disabled: boolean) => q.disableTopic.run(disabled ? 1 : 0, id),
    setTopicPosition: (id: number, position: number) => q.positionTopic.run(position, id),

    evaluation: (conversationId: number) => q.evaluation.get(conversationId) as EvaluationRow | null,
    upsertEvaluation: (e: EvaluationRow) => q.upsertEvaluation.get(e as never) as EvaluationRow,
    toEvaluate: (agentId: number) => (q.toEvaluate.get(agentId) as { n: number }).n,
    unevaluated: (agentId: number, limit: number) => q.unevaluated.all(agentId, limit) as { id: number; visitorId: number; visitorName: string; endedAt: number }[],
    history: (visitorId: number, limit: number) => q.history.all(visitorId, limit) as HistoryRow[],
    visits: (visitorId: number, limit: number) => q.visits.all(visitorId, limit) as Record<string, string | number>[],
  };
}
export type CareRepo = ReturnType<typeof createCareRepo>;

export interface HistoryRow {
  id: number;
  status: string;
  startedAt: number;
  endedAt: number | null;
  agentId: number | null;
  agentName: string | null;
  messageCount: number;
  topicId: number | null;
  topicName: string | null;
  verdict: string | null;
  evaluationNote: string | null;
}
