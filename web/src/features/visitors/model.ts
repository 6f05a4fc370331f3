/**
 * The visitor list's data side, free of DOM: the row shape (as GET /api/visitors/online and
 * `visitor` frames send it), the columns, and filtering and sorting. Sort keys never depend on
 * the clock (wait time sorts by when waiting started), so a sorted view stays sorted and a
 * changed row can be moved by binary search instead of sorting 5,000 rows again.
 */
export type Status = "browsing" | "waiting" | "chatting" | "gone";
export const STATUSES: Status[] = ["browsing", "waiting", "chatting", "gone"];

export interface VisitorRow {
  id: number;
  siteId: number;
  status: Status;
  name: string;
  searchEngine: string;
  searchKeyword: string;
  visitCount: number;
  ip: string;
  region: string;
  enteredAt: number;
  waitingSince: number | null;
  lastMessage: string;
  lastMessageAt: number | null;
  goneAt: number | null;
  agentId: number | null;
  agentName: string;
  conversationId: number | null;
  currentUrl: string;
  currentTitle: string;
  language: string;
  os: string;
  browser: string;
  /** V25: the member the host site vouched for with a valid signature ("已验证 / verified"); null otherwise. */
  member?: { memberId: string; name: string; verifiedAt: number } | null;
}

export type ColumnKey =
  | "status" | "id" | "name" | "keyword" | "visits" | "ip" | "region" | "entered" | "wait"
  | "lastMessage" | "left" | "agent" | "page" | "language" | "system" | "site";

export interface Column {
  key: ColumnKey;
  /** Width in pixels (fixed: rows have a fixed layout). */
  width: number;
  /** The value rows are ordered by; null sorts last in either direction. */
  sortValue(row: VisitorRow, siteName: (id: number) => string): string | number | null;
}

const STATUS_RANK: Record<Status, number> = { waiting: 0, chatting: 1, browsing: 2, gone: 3 };

export const COLUMNS: Column[] = [
  { key: "status", width: 92, sortValue: (r) => STATUS_RANK[r.status] },
  { key: "id", width: 76, sortValue: (r) => r.id },
  { key: "name", width: 120, sortValue: (r) => r.name || null },
  { key: "keyword", width: 170, sortValue: (r) => (r.searchEngine || r.searchKeyword ? `${r.searchEngine} ${r.searchKeyword}` : null) },
  { key: "visits", width: 70, sortValue: (r) => r.visitCount },
  { key: "ip", width: 120, sortValue: (r) => r.ip || null },
  { key: "region", width: 140, sortValue: (r) => r.region || null },
  { key: "entered", width: 86, sortValue: (r) => r.enteredAt },
  { key: "wait", width: 80, sortValue: (r) => r.waitingSince },
  { key: "lastMessage", width: 200, sortValue: (r) => r.lastMessageAt },
  { key: "left", width: 86, sortValue: (r) => r.goneAt },
  { key: "agent", width: 100, sortValue: (r) => r.agentName || null },
  { key: "page", width: 240, sortValue: (r) => r.currentTitle || r.currentUrl || null },
  { key: "language", width: 76, sortValue: (r) => r.language || null },
  { key: "system", width: 170, sortValue: (r) => `${r.os} ${r.browser}`.trim() || null },
  { key: "site", width: 110, sortValue: (r, siteName) => siteName(r.siteId) || null },
];
export const COLUMN_KEYS = COLUMNS.map((c) => c.key);
export const DEFAULT_COLUMNS: ColumnKey[] = ["status", "name", "keyword", "visits", "region", "entered", "wait", "lastMessage", "agent", "page", "system"];
export const columnByKey = new Map(COLUMNS.map((c) => [c.key, c]));

export interface Filter {
  statuses: Set<Status>;
  hideGone: boolean;
  /** Lower-cased search text; "" matches everything. */
  text: string;
}

/** Text search over name, id, IP, page (title and URL), keyword and region; Chinese matches as typed. */
export function matchesText(r: VisitorRow, text: string): boolean {
  if (!text) return true;
  return (
    String(r.id) === text ||
    r.name.toLowerCase().includes(text) ||
    (r.member ? r.member.memberId.toLowerCase() === text || r.member.name.toLowerCase().includes(text) : false) ||
    r.ip.includes(text) ||
    r.currentTitle.toLowerCase().includes(text) ||
    r.currentUrl.toLowerCase().includes(text) ||
    r.searchKeyword.toLowerCase().includes(text) ||
    r.region.toLowerCase().includes(text)
  );
}

export const passes = (r: VisitorRow, f: Filter) => f.statuses.has(r.status) && !(f.hideGone && r.status === "gone") && matchesText(r, f.text);

export interface Sort {
  key: ColumnKey;
  dir: "asc" | "desc";
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

/** A total order (ties broken by id), so binary search finds one place for a row. */
export function comparator(sort: Sort, siteName: (id: number) => string) {
  const col = columnByKey.get(sort.key) ?? COLUMNS[0];
  const sign = sort.dir === "asc" ? 1 : -1;
  return (a: VisitorRow, b: VisitorRow): number => {
    const x = col.sortValue(a, siteName);
    const y = col.sortValue(b, siteName);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      if (c !== 0) return sign * c;
    }
    return a.id - b.id;
  };
}

/** Where `row` belongs in `sorted` (first position whose row orders after it). */
export function insertionIndex(sorted: VisitorRow[], row: VisitorRow, cmp: (a: VisitorRow, b: VisitorRow) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(sorted[mid], row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Applies row changes to a sorted, filtered view in place: each changed row leaves its old
 * place and, if it still passes the filter, goes to its new one. Cheap for the few rows that
 * change per animation frame; callers rebuild the view when many change at once.
 */
export function patchView(view: VisitorRow[], changes: { before: VisitorRow | undefined; after: VisitorRow | undefined }[], f: Filter, cmp: (a: VisitorRow, b: VisitorRow) => number) {
  for (const { before, after } of changes) {
    if (before) {
      const i = view.indexOf(before);
      if (i >= 0) view.splice(i, 1);
    }
    if (after && passes(after, f)) view.splice(insertionIndex(view, after, cmp), 0, after);
  }
}

export function buildView(rows: Iterable<VisitorRow>, f: Filter, cmp: (a: VisitorRow, b: VisitorRow) => number): VisitorRow[] {
  const out: VisitorRow[] = [];
  for (const r of rows) if (passes(r, f)) out.push(r);
  return out.sort(cmp);
}

/** "1:05" / "1:02:03" from milliseconds. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function clockTime(at: number | null): string {
  if (at === null) return "";
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}
