import type { ItemRow } from "./model.ts";

/**
 * Search as you type over title, shortcut and text (or URL / file name).
 *
 * Choice: substring matching on a normalised form, over an in-memory list per agent view (the
 * company's, the agent's groups' and the agent's own items), rebuilt lazily after any change.
 * Chinese has no spaces to tokenise on and a single character must find matches, so token or
 * prefix indexes (and SQLite FTS without an ICU tokenizer) do not fit; a linear `includes` over a
 * few thousand pre-normalised strings takes well under a millisecond, so nothing cleverer is
 * needed at this size.
 *
 * Normalising: NFKC folds full-width Latin letters, digits and punctuation (and the ideographic
 * space) to their half-width forms, then the text is case-folded and runs of white space become
 * one space, so "ＶＩＰ" finds "vip" and "Hello" finds "hello".
 */
export const normalise = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

export interface IndexedItem {
  item: ItemRow;
  hay: string;
}

export function indexItems(items: ItemRow[]): IndexedItem[] {
  return items.map((item) => ({ item, hay: normalise([item.title, item.shortcut ?? "", item.body, item.url ?? "", item.file_name ?? ""].join("\n")) }));
}

/**
 * The items whose text contains the query, in their stored order (scope, folder, position); an
 * exact shortcut match comes first so "/hi" then Enter inserts that reply.
 */
export function searchIndex(index: IndexedItem[], query: string, limit = 200): ItemRow[] {
  const q = normalise(query);
  if (!q) return index.slice(0, limit).map((e) => e.item);
  const exact: ItemRow[] = [];
  const rest: ItemRow[] = [];
  for (const e of index) {
    if (!e.hay.includes(q)) continue;
    if (e.item.shortcut && normalise(e.item.shortcut) === q) exact.push(e.item);
    else rest.push(e.item);
    if (exact.length + rest.length >= limit && exact.length > 0) break;
  }
  return [...exact, ...rest].slice(0, limit);
}
