/** The inbox's data as the server sends it (src/leave/model.ts), already masked for this agent. */
export interface LeaveMessage {
  id: number;
  siteId: number;
  siteName: string;
  visitorId: number;
  name: string;
  phone: string;
  email: string;
  company: string;
  content: string;
  pageUrl: string;
  ip: string;
  createdAt: number;
  typeId: number | null;
  typeName: string | null;
  note: string;
  noteBy: number | null;
  noteByName: string | null;
  noteAt: number | null;
  replied: boolean;
  repliedAt: number | null;
  repliedBy: number | null;
  repliedByName: string | null;
  canEmail: boolean;
}

export interface LeaveReply {
  id: number;
  agentName: string;
  email: string;
  subject: string;
  body: string;
  status: "sending" | "sent" | "failed";
  error: string;
  createdAt: number;
  sentAt: number | null;
}

export interface LeaveType {
  id: number;
  name: string;
  disabled: boolean;
}

/** The filter as the list route and the "leave" export source take it: strings, empty = any. */
export interface InboxFilter {
  site: string;
  state: "" | "replied" | "unreplied";
  type: string;
  from: string;
  to: string;
  q: string;
}
export const EMPTY_FILTER: InboxFilter = { site: "", state: "", type: "", from: "", to: "", q: "" };

/** Only the set fields, for the query string and the export button (the server treats empty as any). */
export function filterParams(f: InboxFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== "")) as Record<string, string>;
}

export function listQuery(f: InboxFilter, page: number, limit: number): string {
  return new URLSearchParams({ ...filterParams(f), page: String(page), limit: String(limit) }).toString();
}

export const pages = (total: number, limit: number) => Math.max(1, Math.ceil(total / limit));

/** `YYYY-MM-DD HH:mm` in the browser's time zone. */
export function when(at: number | null): string {
  if (at === null) return "";
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The first characters of a message for the list (the detail shows it all). */
export const excerpt = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);
