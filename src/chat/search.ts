import type { Database } from "bun:sqlite";
import { matchQuery, searchableText } from "./search-text.ts";
import { relaxedSync } from "../store/relaxed-sync.ts";

/** Message kinds whose body is searchable text (a file message's body is the file name). */
const INDEXED = new Set(["text", "file"]);

/**
 * The full-text index of chat messages (migrations 0019, 0023). It follows the messages table
 * rather than being written in each message's transaction: storing a message (the hot path,
 * acknowledged only when durable) costs half as much without it. `message_search_progress`
 * holds the first message id not yet indexed; `catchUp` indexes from there in id order, in the
 * same transaction that advances it, so a crash loses no index work it has recorded as done.
 * Readers call `ensureCurrent()` first, so a search sees every stored message.
 *
 * Queries return message ids newest first, a page at a time: a common single character can
 * match a large share of all messages, so the index is walked from the newest end and stops at
 * the page size instead of counting every match.
 */
export function createMessageSearch(db: Database) {
  // REPLACE: a message indexed before 0023 may come round again after an unfinished backlog,
  // and a chunk whose progress update was lost in a crash is indexed again.
  const insert = db.prepare("INSERT OR REPLACE INTO message_search (rowid, body) VALUES (?, ?)");
  const search = db.prepare("SELECT rowid AS id FROM message_search WHERE message_search MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?");
  const progress = db.prepare("SELECT next_id FROM message_search_progress");
  const advance = db.prepare("UPDATE message_search_progress SET next_id = ?");
  const rowsFrom = db.prepare("SELECT id, kind, body FROM messages WHERE id >= ? ORDER BY id LIMIT ?");
  const lastId = db.prepare("SELECT coalesce(max(id), 0) AS id FROM messages");
  // The index is derived data: its transactions need no fsync of their own (the next chat
  // batch's WAL sync carries them); after a crash the lost part is simply indexed again.
  const relaxed = relaxedSync(db);

  const nextId = () => (progress.get() as { next_id: number }).next_id;

  /** Indexes up to `limit` unindexed messages in one transaction; true while more remain. */
  function catchUp(limit: number): boolean {
    return relaxed(() =>
      db.transaction(() => {
        const rows = rowsFrom.all(nextId(), limit) as { id: number; kind: string; body: string }[];
        for (const r of rows) if (INDEXED.has(r.kind) && r.body) insert.run(r.id, searchableText(r.body));
        if (rows.length) advance.run(rows[rows.length - 1].id + 1);
        return rows.length === limit;
      }).immediate(),
    );
  }
  /** Indexes everything stored so far: called before any read of the index. */
  const ensureCurrent = () => {
    while (catchUp(5_000));
  };

  return {
    catchUp,

    /** How many stored messages the index has not seen yet (0 when current). */
    lag: () => Math.max(0, (lastId.get() as { id: number }).id - nextId() + 1),

    ensureCurrent,

    /** Ids of messages matching `query`, newest first, below `beforeId` (paging); [] when the query has no words. */
    ids(query: string, o: { limit: number; beforeId?: number }): number[] {
      const match = matchQuery(query);
      if (!match) return [];
      ensureCurrent();
      return (search.all(match, o.beforeId ?? Number.MAX_SAFE_INTEGER, o.limit) as { id: number }[]).map((r) => r.id);
    },
  };
}
export type MessageSearch = ReturnType<typeof createMessageSearch>;
