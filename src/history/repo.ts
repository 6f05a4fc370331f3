import type { Database } from "bun:sqlite";
import type { HistoryFilter, HistoryRow } from "./model.ts";
import type { MessageRow } from "../chat/repo.ts";

/** SQL condition + bound values (keys without "$"; the database runs in strict mode). */
export interface Condition {
  sql: string;
  params: Record<string, string | number>;
}

const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

/**
 * The history queries. They read the chat, visitor, evaluation and rating tables in one indexed
 * query per page (a chain of service calls would be one query per row); all writes to those
 * tables stay with their domains. The only table of its own is conversation_notes (0020).
 * SQL text comes from code only; every value is a bound parameter; db.query caches statements.
 */
export function createHistoryRepo(db: Database) {
  /**
   * The WHERE clause of a filter within a scope. `words` are the FTS5 expressions of the words
   * of `q` (src/chat/search-text.ts matchQuery, one phrase each): chats with indexed messages
   * matching each, taken from the full-text index only (never a LIKE scan of the messages).
   */
  function where(f: HistoryFilter, scope: Condition, words: string[]): Condition & { needsEvaluation: boolean; needsRating: boolean } {
    const conds: string[] = [scope.sql];
    const params: Record<string, string | number> = { ...scope.params };
    if (f.from !== undefined) (conds.push("c.created_at >= $from"), (params.from = f.from));
    if (f.to !== undefined) (conds.push("c.created_at < $to"), (params.to = f.to));
    if (f.conversationId !== undefined) (conds.push("c.id = $cid"), (params.cid = f.conversationId));
    if (f.siteId !== undefined) (conds.push("c.site_id = $site"), (params.site = f.siteId));
    if (f.groupId !== undefined) (conds.push("c.group_id = $grp"), (params.grp = f.groupId));
    // The agent who had the chat or took part in it (a guest, or before a transfer).
    if (f.agentId !== undefined) {
      conds.push("c.id IN (SELECT id FROM conversations WHERE agent_id = $agent UNION SELECT conversation_id FROM conversation_participants WHERE agent_id = $agent)");
      params.agent = f.agentId;
    }
    if (f.visitor !== undefined) {
      const id = /^#?(\d{1,15})$/.exec(f.visitor);
      conds.push(`(${id ? "c.visitor_id = $vid OR " : ""}c.visitor_id IN (SELECT id FROM visitors WHERE name LIKE $vlike ESCAPE '\\' OR public_id = $vtext))`);
      if (id) params.vid = Number(id[1]);
      params.vlike = likeContains(f.visitor);
      params.vtext = f.visitor;
    }
    let needsEvaluation = false;
    if (f.topicId !== undefined) (conds.push("e.topic_id = $topic"), (params.topic = f.topicId), (needsEvaluation = true));
    if (f.verdict !== undefined) {
      needsEvaluation = true;
      if (f.verdict === "none") conds.push("coalesce(e.verdict, '') = ''");
      else (conds.push("e.verdict = $verdict"), (params.verdict = f.verdict));
    }
    let needsRating = false;
    if (f.rating !== undefined) {
      needsRating = true;
      if (f.rating === 0) conds.push("r.level IS NULL");
      else (conds.push("r.level = $rating"), (params.rating = f.rating));
    }
    // One condition per word: every word must occur in the chat, not necessarily in one message.
    words.forEach((match, i) => {
      conds.push(`c.id IN (SELECT m.conversation_id FROM message_search s JOIN messages m ON m.id = s.rowid WHERE s.message_search MATCH $match${i})`);
      params[`match${i}`] = match;
    });
    return { sql: conds.join(" AND "), params, needsEvaluation, needsRating };
  }

  const SELECT = `SELECT c.id, c.site_id AS siteId, st.name AS siteName, c.visitor_id AS visitorId, v.name AS visitorName,
      c.agent_id AS agentId, coalesce(a.display_name, '') AS agentName, c.group_id AS groupId, coalesce(g.name, '') AS groupName,
      c.status, c.created_at AS startedAt, c.ended_at AS endedAt,
      CASE WHEN c.ended_at IS NULL THEN NULL ELSE c.ended_at - c.created_at END AS durationMs,
      (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.kind <> 'event') AS messageCount,
      e.topic_id AS topicId, coalesce(t.name, '') AS topicName, coalesce(e.verdict, '') AS verdict, r.level AS rating
    FROM conversations c JOIN sites st ON st.id = c.site_id JOIN visitors v ON v.id = c.visitor_id
      LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN agent_groups g ON g.id = c.group_id
      LEFT JOIN conversation_evaluations e ON e.conversation_id = c.id LEFT JOIN chat_topics t ON t.id = e.topic_id
      LEFT JOIN conversation_ratings r ON r.conversation_id = c.id`;

  const countJoins = (w: { needsEvaluation: boolean; needsRating: boolean }) =>
    `${w.needsEvaluation ? " LEFT JOIN conversation_evaluations e ON e.conversation_id = c.id" : ""}${w.needsRating ? " LEFT JOIN conversation_ratings r ON r.conversation_id = c.id" : ""}`;

  const snippetRange = db.prepare("SELECT min(id) AS lo, max(id) AS hi FROM messages WHERE conversation_id = ?");
  const transcript = db.prepare("SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq LIMIT ?");
  const notes = db.prepare("SELECT * FROM conversation_notes WHERE conversation_id = ? ORDER BY id");
  const insertNote = db.prepare("INSERT INTO conversation_notes (conversation_id, agent_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *");
  const rating = db.prepare("SELECT level, comment, created_at, updated_at FROM conversation_ratings WHERE conversation_id = ?");
  const names = db.prepare(
    `SELECT st.name AS siteName, coalesce(a.display_name, '') AS agentName, coalesce(g.name, '') AS groupName
     FROM conversations c JOIN sites st ON st.id = c.site_id LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN agent_groups g ON g.id = c.group_id WHERE c.id = ?`,
  );
  // The trail at chat time: the pages of the chat's visit seen up to the chat's end.
  const trailUntil = db.prepare("SELECT url, title, at, dwell_ms FROM page_views WHERE visit_id = ? AND at <= ? ORDER BY at, id");
  const exportContacts = db.prepare(
    "SELECT v.phone, v.email, coalesce(vi.ip, '') AS ip FROM conversations c JOIN visitors v ON v.id = c.visitor_id LEFT JOIN visits vi ON vi.id = c.visit_id WHERE c.id = ?",
  );

  return {
    where,

    /** One page, newest first (by id: the order chats began), and the number of all matches. */
    page(w: Condition & { needsEvaluation: boolean; needsRating: boolean }, limit: number, offset: number): { rows: HistoryRow[]; total: number } {
      const total = (db.query(`SELECT count(*) AS n FROM conversations c${countJoins(w)} WHERE ${w.sql}`).get(w.params) as { n: number }).n;
      const rows = total > offset ? (db.query(`${SELECT} WHERE ${w.sql} ORDER BY c.id DESC LIMIT $limit OFFSET $offset`).all({ ...w.params, limit, offset }) as HistoryRow[]) : [];
      return { rows, total };
    },

    /** Rows below `before` (keyset paging for exports: no OFFSET, no statement held open). */
    batch(w: Condition, before: number, limit: number): HistoryRow[] {
      return db.query(`${SELECT} WHERE ${w.sql} AND c.id < $before ORDER BY c.id DESC LIMIT $limit`).all({ ...w.params, before, limit }) as HistoryRow[];
    },

    count: (w: Condition & { needsEvaluation: boolean; needsRating: boolean }) =>
      (db.query(`SELECT count(*) AS n FROM conversations c${countJoins(w)} WHERE ${w.sql}`).get(w.params) as { n: number }).n,

    /**
     * The newest message of one chat matching `match`, for the list's snippet. The index is read
     * only within the chat's own range of message ids, so a common word costs little per row.
     */
    snippetSource(conversationId: number, match: string): string | null {
      const r = snippetRange.get(conversationId) as { lo: number | null; hi: number | null };
      if (r.lo === null) return null;
      const hit = db
        .query("SELECT m.body FROM message_search s JOIN messages m ON m.id = s.rowid WHERE s.message_search MATCH $match AND s.rowid >= $lo AND s.rowid <= $hi AND m.conversation_id = $c ORDER BY s.rowid DESC LIMIT 1")
        .get({ match, lo: r.lo, hi: r.hi, c: conversationId }) as { body: string } | null;
      return hit?.body ?? null;
    },

    names: (conversationId: number) => names.get(conversationId) as { siteName: string; agentName: string; groupName: string } | null,
    transcript: (conversationId: number, limit: number) => transcript.all(conversationId, limit) as MessageRow[],
    trailUntil: (visitId: number, until: number) => trailUntil.all(visitId, until) as { url: string; title: string; at: number; dwell_ms: number | null }[],
    rating: (conversationId: number) => rating.get(conversationId) as { level: number; comment: string; created_at: number; updated_at: number } | null,
    notes: (conversationId: number) => notes.all(conversationId) as NoteRow[],
    insertNote: (conversationId: number, agentId: number, authorName: string, body: string, now: number) =>
      insertNote.get(conversationId, agentId, authorName, body, now) as NoteRow,
    contacts: (conversationId: number) => exportContacts.get(conversationId) as { phone: string; email: string; ip: string } | null,
  };
}
export type HistoryRepo = ReturnType<typeof createHistoryRepo>;

export interface NoteRow {
  id: number;
  conversation_id: number;
  agent_id: number | null;
  author_name: string;
  body: string;
  created_at: number;
}
