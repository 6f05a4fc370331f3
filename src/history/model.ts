import { invalid } from "../platform/errors.ts";

/**
 * Chat history (H1): the filter a list, an export and the console share, and the shapes the
 * console receives. A filter arrives as strings (query parameters, an export's filter object)
 * and is checked here once, so every reader applies the same rules.
 */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
export const MAX_NOTE = 2000;
const MAX_VISITOR_TEXT = 64;
const MAX_Q = 100;

export type VerdictFilter = "valuable" | "invalid" | "none";

export interface HistoryFilter {
  /** One chat (the detail's "export this transcript"); still within the agent's scope. */
  conversationId?: number;
  /** Chats that began at or after this time (ms). */
  from?: number;
  /** Chats that began before this time (ms, exclusive). */
  to?: number;
  siteId?: number;
  agentId?: number;
  groupId?: number;
  /** A visitor id ("123" or "#123") or text in the visitor's name or visitor key. */
  visitor?: string;
  topicId?: number;
  /** 1–5, or 0 for chats without a rating. */
  rating?: number;
  verdict?: VerdictFilter;
  /** Words in the text (full-text index, every word must occur). */
  q?: string;
}

export interface Paging {
  page: number;
  pageSize: number;
}

export const FILTER_KEYS = ["from", "to", "siteId", "agentId", "groupId", "visitor", "topicId", "rating", "verdict", "q"] as const;

const positiveId = (raw: string, field: string) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0) throw invalid("请选择有效的选项 / choose a valid option", field);
  return n;
};

/**
 * A time bound: milliseconds since the epoch, or a day (YYYY-MM-DD, in the server's time zone).
 * A day as `to` includes the whole day. The console sends milliseconds for the agent's own days.
 */
function timeBound(raw: string, field: "from" | "to"): number {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const day = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  if (!day || day.getDate() !== Number(m![3]) || day.getMonth() !== Number(m![2]) - 1) throw invalid("日期格式应为 YYYY-MM-DD / a date is YYYY-MM-DD", field);
  return field === "to" ? new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime() : day.getTime();
}

/** Checks a filter given as strings; blank values mean "any". Throws invalid(message, field). */
export function parseFilter(input: Record<string, unknown>): HistoryFilter {
  const v = (k: string) => {
    const x = input[k];
    return typeof x === "string" ? x.trim() : typeof x === "number" ? String(x) : "";
  };
  const f: HistoryFilter = {};
  if (v("from")) f.from = timeBound(v("from"), "from");
  if (v("to")) f.to = timeBound(v("to"), "to");
  if (f.from !== undefined && f.to !== undefined && f.to <= f.from) throw invalid("结束日期须晚于开始日期 / the end date must be after the start date", "to");
  if (v("conversationId")) f.conversationId = positiveId(v("conversationId"), "conversationId");
  if (v("siteId")) f.siteId = positiveId(v("siteId"), "siteId");
  if (v("agentId")) f.agentId = positiveId(v("agentId"), "agentId");
  if (v("groupId")) f.groupId = positiveId(v("groupId"), "groupId");
  if (v("topicId")) f.topicId = positiveId(v("topicId"), "topicId");
  if (v("visitor")) {
    if (v("visitor").length > MAX_VISITOR_TEXT) throw invalid(`访客最多 ${MAX_VISITOR_TEXT} 字 / at most ${MAX_VISITOR_TEXT} characters`, "visitor");
    f.visitor = v("visitor");
  }
  const rating = v("rating");
  if (rating) {
    if (rating === "none") f.rating = 0;
    else if (/^[1-5]$/.test(rating)) f.rating = Number(rating);
    else throw invalid("评分须为 1–5 或未评分 / the rating is 1–5 or none", "rating");
  }
  const verdict = v("verdict");
  if (verdict) {
    if (verdict !== "valuable" && verdict !== "invalid" && verdict !== "none") throw invalid("评价须为有效、无效或未评价 / the verdict is valuable, invalid or none", "verdict");
    f.verdict = verdict;
  }
  if (v("q")) {
    if (v("q").length > MAX_Q) throw invalid(`搜索词最多 ${MAX_Q} 字 / search words have at most ${MAX_Q} characters`, "q");
    f.q = v("q");
  }
  return f;
}

export function parsePaging(input: Record<string, unknown>): Paging {
  const num = (k: string, d: number) => {
    const x = input[k];
    if (x === undefined || x === "") return d;
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1) throw invalid("页码须为正整数 / a page is a positive whole number", k);
    return n;
  };
  const pageSize = num("pageSize", DEFAULT_PAGE_SIZE);
  if (pageSize > MAX_PAGE_SIZE) throw invalid(`每页最多 ${MAX_PAGE_SIZE} 条 / at most ${MAX_PAGE_SIZE} a page`, "pageSize");
  return { page: Math.min(num("page", 1), 1_000_000), pageSize };
}

/** One row of the history list (and of the "history" export). */
export interface HistoryRow {
  id: number;
  siteId: number;
  siteName: string;
  visitorId: number;
  visitorName: string;
  agentId: number | null;
  agentName: string;
  groupId: number | null;
  groupName: string;
  status: "waiting" | "active" | "ended";
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  messageCount: number;
  topicId: number | null;
  topicName: string;
  verdict: "valuable" | "invalid" | "";
  rating: number | null;
  /** With `q`: the newest matching message, shortened around the first word found. */
  snippet?: string;
}

/** A system event of the transcript in both languages (never the stored JSON). */
export function eventText(body: string): { zh: string; en: string } {
  let e: { event?: unknown; name?: unknown; by?: unknown; reason?: unknown; text?: unknown };
  try {
    e = JSON.parse(body);
  } catch {
    return { zh: "系统消息", en: "System message" };
  }
  const name = typeof e.name === "string" ? e.name : "";
  const text = typeof e.text === "string" ? e.text : "";
  if (e.event === "agent_joined") return { zh: `${name} 接入了对话`, en: `${name} joined the chat` };
  if (e.event === "ended") {
    if (e.reason === "idle") return { zh: "访客长时间未回复，对话已结束", en: "The chat ended after the visitor stayed silent" };
    if (e.reason === "keep") return { zh: "访客已离开，对话已结束", en: "The chat ended after the visitor left" };
    if (e.by === "visitor") return { zh: "访客结束了对话", en: "The visitor ended the chat" };
    if (e.by === "agent") return { zh: "客服结束了对话", en: "The agent ended the chat" };
    return { zh: "对话已结束", en: "The chat ended" };
  }
  // Newer events carry their own text ("中文 / English" or the visitor's language).
  if (text) {
    const [zh, en] = text.includes(" / ") ? text.split(" / ", 2) : [text, text];
    const label = e.event === "idle_prompt" ? ["超时提醒：", "Idle reminder: "] : e.event === "greeting" ? ["问候语：", "Greeting: "] : ["", ""];
    return { zh: label[0] + zh, en: label[1] + en };
  }
  return { zh: "系统消息", en: "System message" };
}

/**
 * A short excerpt of `body` around the first of the query's words it contains (found NFKC and
 * case folded, as the index matches; shown as written), so the list shows why a chat matched.
 */
export function snippetOf(body: string, q: string, width = 60): string {
  const text = body.replace(/\s+/g, " ").trim();
  // Folded per character, so positions in the folded text are positions in the shown text.
  const folded = [...text].map((ch) => (ch.normalize("NFKC").toLowerCase().length === 1 ? ch.normalize("NFKC").toLowerCase() : ch)).join("");
  let at = -1;
  for (const w of q.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean)) {
    const i = folded.indexOf(w);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (text.length <= width) return text;
  const start = Math.max(0, Math.min(at < 0 ? 0 : at - Math.floor(width / 3), text.length - width));
  return `${start > 0 ? "…" : ""}${text.slice(start, start + width)}${start + width < text.length ? "…" : ""}`;
}
