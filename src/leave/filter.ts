import { invalid } from "../platform/errors.ts";
import type { LeaveFilter } from "./model.ts";

/** `YYYY-MM-DD` → the start of that day in the server's time zone (as the admin log filters), or null. */
function dayStart(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.getTime();
}

const text = (raw: Record<string, unknown>, key: string) => (typeof raw[key] === "string" ? (raw[key] as string).trim() : "");

/**
 * The inbox filter from query parameters or an export's filter object (both plain strings):
 * `site` (id), `state` (replied | unreplied), `type` (id or "none"), `from` / `to` (YYYY-MM-DD,
 * both days included), `q` (words, each must match the name, company, content — or, for a
 * viewer with visitor.contact, the phone or email). Bad values are refused with their field.
 */
export function parseLeaveFilter(raw: Record<string, unknown>): LeaveFilter {
  const f: LeaveFilter = { words: [] };
  const site = text(raw, "site");
  if (site) {
    if (!/^\d{1,12}$/.test(site) || Number(site) <= 0) throw invalid("网站编号不正确 / unknown site", "site");
    f.site = Number(site);
  }
  const state = text(raw, "state");
  if (state) {
    if (state !== "replied" && state !== "unreplied") throw invalid("状态应为已回复或未回复 / state is replied or unreplied", "state");
    f.state = state;
  }
  const type = text(raw, "type");
  if (type === "none") f.type = null;
  else if (type) {
    if (!/^\d{1,12}$/.test(type) || Number(type) <= 0) throw invalid("留言类型不正确 / unknown type", "type");
    f.type = Number(type);
  }
  for (const key of ["from", "to"] as const) {
    const v = text(raw, key);
    if (!v) continue;
    const start = dayStart(v);
    if (start === null) throw invalid("日期格式应为 YYYY-MM-DD / use YYYY-MM-DD", key);
    if (key === "from") f.from = start;
    else {
      const d = new Date(start);
      f.to = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
    }
  }
  if (f.from !== undefined && f.to !== undefined && f.to <= f.from) throw invalid("结束日期早于开始日期 / the end date is before the start", "to");
  const q = text(raw, "q");
  if (q.length > 200) throw invalid("搜索词最多 200 字 / at most 200 characters", "q");
  f.words = q.split(/\s+/).filter(Boolean).slice(0, 10);
  return f;
}
