-- Full-text search over chat messages (H1, issue 7). FTS5 with the default unicode61 tokenizer
-- over text in which every CJK character stands alone (the application inserts the spaces:
-- src/chat/search-text.ts), queried as phrases: 1- and 2-character Chinese words are found,
-- which the trigram tokenizer cannot do (it needs 3 characters). Contentless (the text lives in
-- `messages`; the index holds only what it needs), with deletes allowed so retention can remove
-- rows. The rowid is messages.id; rows are written in the same transaction as the message.
-- Messages stored before this migration are indexed at start-up, in batches, oldest first
-- (message_search_backlog remembers how far that got).

CREATE VIRTUAL TABLE message_search USING fts5(body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');

-- Messages stored before this migration, indexed at start-up in batches: ids next_id..last_id.
CREATE TABLE message_search_backlog (
  next_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL
) STRICT;
INSERT INTO message_search_backlog (next_id, last_id) SELECT 1, coalesce(max(id), 0) FROM messages;
