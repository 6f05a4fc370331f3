/**
 * Safe links in message text (V12). Only http:, https: and mailto: URLs become links, each
 * checked by the URL parser (so "javascript:" and friends never do); everything else,
 * including anything that looks like markup, stays a Text node.
 */
export interface Piece {
  text: string;
  href?: string;
}

// Candidates end at whitespace, quotes, angle brackets and CJK punctuation.
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"'\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol === "http:" || u.protocol === "https:") return u.hostname ? u.href : null;
    if (u.protocol === "mailto:") return /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(u.pathname)) ? u.href : null;
  } catch {
    // not a URL
  }
  return null;
}

export function tokenize(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    let raw = m[0];
    // A sentence's closing punctuation is not part of the link (but keep balanced parentheses).
    const trail = TRAILING.exec(raw);
    if (trail && !(trail[0].startsWith(")") && raw.includes("("))) raw = raw.slice(0, -trail[0].length);
    const href = safeHref(raw);
    if (!href) continue;
    const start = m.index!;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** The text as DOM: Text nodes and safe anchors that open in a new tab without an opener. */
export function linkify(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const p of tokenize(text)) {
    if (!p.href) {
      frag.append(document.createTextNode(p.text));
      continue;
    }
    const a = document.createElement("a");
    a.href = p.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = p.text;
    frag.append(a);
  }
  return frag;
}
