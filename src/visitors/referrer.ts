/**
 * Search engine and keyword from a visit's referrer, for the visitor list and source reports.
 *
 * Chinese engines still send keywords in legacy encodings: Baidu, Sogou and old links carry
 * `ie=gbk` / `ie=gb2312` and percent-encode GBK bytes (迎客 = %D3%AD%BF%CD), so the query is
 * percent-decoded to bytes by hand and then decoded with the declared charset. URLSearchParams
 * cannot do this: it always decodes as UTF-8 and turns GBK bytes into U+FFFD.
 *
 * Pure and total: malformed URLs or percent-escapes give null or a best-effort keyword,
 * never an exception, because the input comes straight from a visitor's browser.
 */
export interface SearchReferrer {
  /** Display name, e.g. "百度 Baidu". */
  engine: string;
  /** The search words; "" when the engine hides them (Google, Baidu's /link redirects). */
  keyword: string;
}

interface Engine {
  name: string;
  host: RegExp;
  /** Keyword parameters, in order of preference. */
  params: string[];
}

const ENGINES: Engine[] = [
  { name: "百度 Baidu", host: /^(www\.|m\.|wap\.|www1\.)?baidu\.com$/, params: ["wd", "word", "kw", "query"] },
  { name: "搜狗 Sogou", host: /^(www\.|m\.|wap\.)?sogou\.com$/, params: ["query", "keyword"] },
  { name: "360搜索", host: /^((www|m)\.so\.com|so\.com|so\.360\.cn)$/, params: ["q"] },
  { name: "神马 Shenma", host: /^(?:[a-z0-9-]+\.)*sm\.cn$/, params: ["q"] },
  { name: "必应 Bing", host: /^(www\.|cn\.|global\.|m\.)?bing\.com$/, params: ["q"] },
  { name: "Google", host: /^(www\.)?google\.(com|com?\.[a-z]{2}|[a-z]{2})$/, params: ["q", "query"] },
  { name: "Yahoo", host: /^([a-z]{2}\.)?search\.yahoo\.(com|co\.jp)$/, params: ["p", "q"] },
  { name: "Yandex", host: /^(www\.)?(yandex\.(ru|com|com\.tr|by|kz|ua)|ya\.ru)$/, params: ["text"] },
  { name: "DuckDuckGo", host: /^(html\.|lite\.)?duckduckgo\.com$/, params: ["q"] },
  { name: "头条搜索 Toutiao", host: /^so\.toutiao\.com$/, params: ["keyword", "q"] },
];

// Keywords end up in the database and on agents' screens; a sane cap keeps junk out.
const MAX_KEYWORD = 100;

/**
 * The search engine and keyword behind `referrer`, or null when it is not a known search
 * engine, is malformed, or points at `pageHost` itself (an internal navigation).
 */
export function parseReferrer(referrer: string, pageHost?: string): SearchReferrer | null {
  if (!referrer || typeof referrer !== "string") return null;
  let url: URL;
  try {
    url = new URL(referrer.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (pageHost && isSameHost(url, pageHost)) return null;
  const engine = ENGINES.find((e) => e.host.test(host));
  if (!engine) return null;
  // Some engines put the query in the fragment (single-page results); look there too.
  const params = rawParams(url.search.slice(1));
  if (url.hash.includes("=")) for (const [k, v] of rawParams(url.hash.slice(1))) if (!params.has(k)) params.set(k, v);
  const charset = params.get("ie") ?? params.get("inputencoding") ?? params.get("charset") ?? "";
  for (const name of engine.params) {
    const raw = params.get(name);
    if (raw === undefined) continue;
    const keyword = tidy(decodeValue(raw, charset));
    if (keyword) return { engine: engine.name, keyword };
  }
  return { engine: engine.name, keyword: "" };
}

/** `pageHost` may be "example.com", "example.com:8080" or a full URL; "www." is ignored. */
function isSameHost(url: URL, pageHost: string): boolean {
  let want = pageHost.trim().toLowerCase();
  try {
    if (want.includes("://")) want = new URL(want).host;
  } catch {
    return false;
  }
  const strip = (h: string) => h.replace(/^www\./, "").replace(/\.$/, "");
  const have = want.includes(":") && !want.startsWith("[") ? url.host : url.hostname;
  return strip(have.toLowerCase()) === strip(want);
}

/** Raw (still percent-encoded) query values by lower-cased name; the first occurrence wins. */
function rawParams(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of query.split(/[&;]/)) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (!out.has(name)) out.set(name, eq < 0 ? "" : pair.slice(eq + 1));
  }
  return out;
}

const encoder = new TextEncoder();
const HEX = /^[0-9a-fA-F]{2}$/;

/** Percent-decodes to bytes; a "%" not followed by two hex digits stays a literal "%". */
export function percentBytes(raw: string): Uint8Array {
  const s = raw.replace(/\+/g, " ");
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && HEX.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      out.push(c);
    } else {
      // A raw non-ASCII character (a hand-typed referrer): keep it as its UTF-8 bytes.
      const cp = s.codePointAt(i)!;
      out.push(...encoder.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
    }
  }
  return Uint8Array.from(out);
}

const GBK_NAMES = /^(gbk|gb2312|gb_2312|gb18030|cp936|x-gbk|euc-cn)$/;

/**
 * Declared GBK → GB18030 (a superset, so every GBK byte sequence decodes); declared or
 * undeclared UTF-8 → UTF-8, falling back to GB18030 when the bytes are not valid UTF-8
 * (old Baidu links without `ie=` were GB2312); anything else undecodable → lenient UTF-8.
 */
export function decodeValue(raw: string, charset: string): string {
  const bytes = percentBytes(raw);
  const cs = charset.trim().toLowerCase();
  const attempt = (enc: string, fatal: boolean): string | null => {
    try {
      return new TextDecoder(enc, { fatal }).decode(bytes);
    } catch {
      return null;
    }
  };
  if (GBK_NAMES.test(cs)) return attempt("gb18030", true) ?? attempt("utf-8", false) ?? "";
  if (cs && cs !== "utf-8" && cs !== "utf8") {
    const declared = attempt(cs, true); // e.g. big5 from an old Yahoo Taiwan link
    if (declared !== null) return declared;
  }
  return attempt("utf-8", true) ?? attempt("gb18030", true) ?? attempt("utf-8", false) ?? "";
}

function tidy(s: string): string {
  // Control characters never belong in a keyword, and U+FFFD (an undecodable byte) tells an
  // agent nothing; runs of spaces come from "+" and tabs.
  const clean = s.replace(/[\u0000-\u001f\u007f\ufffd]/g, " ").replace(/\s+/g, " ").trim();
  return clean.length > MAX_KEYWORD ? clean.slice(0, MAX_KEYWORD) : clean;
}
