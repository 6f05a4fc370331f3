import type { Database } from "bun:sqlite";
import { matchQuery, searchableText } from "./search-text.ts";

/** Message kinds whose body is searchable text (a file message's body is the file name). */
const INDEXED = new Set(["text", "file"]);
const BACKLOG_BATCH = 5_000;

/**
 * The full-text index of chat messages (migration 0019). Written by the chat repo inside the
 * message's own transaction (so a message is findable exactly when it is stored), read by
 * history search. Queries return message ids newest first, a page at a time: a common single
 * character can match a large share of all messages, so the index is walked from the newest
 * end and stops at the page size instead of counting every match.
 */
export function createMessageSearch(db: Database) {
  const insert = db.prepare("INSERT INTO message_search (rowid, body) VALUES (?, ?)");
  const search = db.prepare("SELECT rowid AS id FROM message_search WHERE message_search MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?");
  const backlog = db.prepare("SELECT next_id, last_id FROM message_search_backlog");
  const backlogRows = db.prepare("SELECT id, kind, body FROM messages WHERE id >= ? AND id <= ? ORDER BY id LIMIT ?");
  const advance = db.prepare("UPDATE message_search_backlog SET next_id = ?");

  return {
    /** Called for each stored message, inside its transaction. */
    index(id: number, kind: string, body: string) {
      if (INDEXED.has(kind) && body) insert.run(id, searchableText(body));
    },

    /** Ids of messages matching `query`, newest first, below `beforeId` (paging); [] when the query has no words. */
    ids(query: string, o: { limit: number; beforeId?: number }): number[] {
      const match = matchQuery(query);
      if (!match) return [];
      return (search.all(match, o.beforeId ?? Number.MAX_SAFE_INTEGER, o.limit) as { id: number }[]).map((r) => r.id);
    },

    /**
     * Indexes one batch of the messages stored before the index existed; true while more remain.
     * Each batch is its own short transaction, so start-up and live traffic are not held up.
     */
    catchUpBatch(): boolean {
      const b = backlog.get() as { next_id: number; last_id: number } | null;
      if (!b || b.next_id > b.last_id) return false;
      const next = db.transaction(() => {
        const rows = backlogRows.all(b.next_id, b.last_id, BACKLOG_BATCH) as { id: number; kind: string; body: string }[];
        for (const r of rows) if (INDEXED.has(r.kind) && r.body) insert.run(r.id, searchableText(r.body));
        const next = rows.length ? rows[rows.length - 1].id + 1 : b.last_id + 1;
        advance.run(next);
        return next;
      }).immediate();
      return next <= b.last_id;
    },
  };
}
export type MessageSearch = ReturnType<typeof createMessageSearch>;
