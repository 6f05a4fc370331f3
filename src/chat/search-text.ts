/**
 * Chinese (and Japanese kana) full-text search on SQLite FTS5's default tokenizer: CJK text
 * has no spaces, so the tokenizer would see a whole sentence as one token. Putting a space
 * around every CJK character makes each one a token, and a query phrase of consecutive
 * characters ("退 款") then matches exactly where they are adjacent — so 1- and 2-character
 * words are found. Latin words stay words (case-folded by the tokenizer, prefix-matched in queries).
 * NFKC first, so full-width letters and digits match their ASCII forms.
 */
const CJK = /([\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\u{20000}-\u{3134f}])/gu;

export function searchableText(text: string): string {
  return text.normalize("NFKC").replace(CJK, " $1 ").replace(/\s+/g, " ").trim();
}

/** Longest query accepted; a search box is not a document. */
export const MAX_QUERY = 100;

/**
 * An FTS5 MATCH expression for what a user typed: every space-separated word must occur (AND);
 * within a word, CJK characters and Latin parts form one phrase of adjacent tokens, the same
 * split as the indexed text; a phrase ending in a Latin part matches it as a prefix ("refun"
 * finds "refund"). Tokens hold only letters and digits and are quoted, so no FTS5 syntax can be
 * injected. Null when there is nothing to search for.
 */
export function matchQuery(input: string): string | null {
  const phrases: string[] = [];
  for (const word of input.slice(0, MAX_QUERY).normalize("NFKC").split(/\s+/)) {
    const tokens = searchableText(word).split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
    if (!tokens.length) continue;
    const last = tokens[tokens.length - 1];
    phrases.push(`"${tokens.join(" ")}"${last.match(CJK)?.[0] === last ? "" : "*"}`);
  }
  return phrases.length ? phrases.join(" AND ") : null;
}
