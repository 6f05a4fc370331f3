/**
 * Chat history (H1) in the console: the shapes GET /api/history returns and the pure helpers
 * the elements share (filter → query, days → times, durations, search-word highlighting).
 */
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
  snippet?: string;
}

export interface HistoryPage {
  rows: HistoryRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Option {
  id: number;
  name: string;
  disabled?: boolean;
}
export interface FilterOptions {
  sites: Option[];
  agents: Option[];
  groups: Option[];
  topics: Option[];
}

/** What the form holds: days as YYYY-MM-DD (the agent's own calendar), everything else as typed. */
export interface FormFilter {
  fromDay: string;
  toDay: string;
  siteId: string;
  agentId: string;
  groupId: string;
  visitor: string;
  topicId: string;
  rating: string;
  verdict: string;
  q: string;
}

export const EMPTY_FILTER: FormFilter = { fromDay: "", toDay: "", siteId: "", agentId: "", groupId: "", visitor: "", topicId: "", rating: "", verdict: "", q: "" };

/** The start of a YYYY-MM-DD day in the browser's time zone (ms), or null. */
export function dayStart(day: string, plusDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime();
}

/**
 * The server's filter (strings, as the list and the exports take it): days become times in the
 * agent's own time zone, the end day included; empty values are left out.
 */
export function serverFilter(f: FormFilter): Record<string, string> {
  const out: Record<string, string> = {};
  const from = dayStart(f.fromDay);
  const to = dayStart(f.toDay, 1);
  if (from !== null) out.from = String(from);
  if (to !== null) out.to = String(to);
  for (const k of ["siteId", "agentId", "groupId", "topicId", "rating", "verdict"] as const) if (f[k]) out[k] = f[k];
  if (f.visitor.trim()) out.visitor = f.visitor.trim();
  if (f.q.trim()) out.q = f.q.trim();
  return out;
}

export function listQuery(f: FormFilter, page: number, pageSize: number): string {
  return new URLSearchParams({ ...serverFilter(f), page: String(page), pageSize: String(pageSize) }).toString();
}

export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/** 1:05:09, 5:09 or 0:09. */
export function duration(ms: number | null): string {
  if (ms === null || ms < 0) return "";
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** YYYY-MM-DD HH:mm in the browser's time zone. */
export function dateTime(at: number | null): string {
  if (at === null) return "";
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * Splits `text` into plain and matched parts for the search words (case-insensitive), so the
 * element can wrap matches in <mark> without ever treating text as markup.
 */
export function highlight(text: string, q: string): { text: string; hit: boolean }[] {
  const words = q.split(/\s+/).filter(Boolean).map((w) => w.normalize("NFKC").toLowerCase());
  if (!words.length) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const parts: { text: string; hit: boolean }[] = [];
  let i = 0;
  let plainFrom = 0;
  while (i < text.length) {
    const w = words.find((x) => x && lower.startsWith(x, i));
    if (w) {
      if (plainFrom < i) parts.push({ text: text.slice(plainFrom, i), hit: false });
      parts.push({ text: text.slice(i, i + w.length), hit: true });
      i += w.length;
      plainFrom = i;
    } else i++;
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom), hit: false });
  return parts;
}
