-- The search index follows the stored messages instead of being written inside each message's
-- transaction (issue 3: indexing doubled the cost of storing a message, and a message's
-- acknowledgement waited for it). message_search_progress.next_id is the first message id the
-- index has not seen; everything below it is indexed. The indexer (src/chat/search-indexer.ts)
-- advances it in idle time, and every search first indexes what is still missing, so a search
-- still finds every stored message. It replaces 0019's start-up backlog, whose unfinished part
-- (if any) becomes the start of what is missing; rows indexed twice are replaced, not doubled.

CREATE TABLE message_search_progress (
  next_id INTEGER NOT NULL
) STRICT;
INSERT INTO message_search_progress (next_id)
  SELECT CASE WHEN next_id <= last_id THEN next_id ELSE (SELECT coalesce(max(id), 0) + 1 FROM messages) END
  FROM message_search_backlog;
DROP TABLE message_search_backlog;
