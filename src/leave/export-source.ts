import type { ExportSource } from "../exports/source.ts";
import type { Principal } from "../auth/service.ts";
import type { Services } from "../services.ts";
import { forbidden } from "../platform/errors.ts";
import { visitorMask } from "../platform/masking.ts";
import { leaveSiteIds } from "./scope.ts";
import { parseLeaveFilter } from "./filter.ts";
import type { InboxViewer, StoredLeave } from "./model.ts";

const TIME = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
/** `YYYY-MM-DD HH:mm:ss` in the server's time zone, as the admin pages and log exports show times. */
function time(ms: number | null): string {
  if (ms === null) return "";
  const p = Object.fromEntries(TIME.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Looks a name up once per export, not once per row. */
function memo<K, V>(fn: (k: K) => V): (k: K) => V {
  const seen = new Map<K, V>();
  return (k) => {
    if (!seen.has(k)) seen.set(k, fn(k));
    return seen.get(k)!;
  };
}

/**
 * Leave messages as an export (X4, H2): the inbox's filter and visibility (the agent's sites),
 * masked for the exporting agent (X8), read lazily in keyset batches so any number of rows
 * streams in bounded memory.
 */
export const leaveExportSource: ExportSource = {
  key: "leave",
  zh: "留言",
  en: "Leave messages",
  requires: ["leave.read"],
  open(s: Services, p: Principal, filter: Record<string, string>) {
    const siteIds = leaveSiteIds(s, p);
    if (siteIds === null) throw forbidden("需要“查看留言”权限 / you need the leave.read permission");
    const f = parseLeaveFilter(filter);
    const viewer: InboxViewer = { agentId: p.agent.id, siteIds, contact: p.permissions.has("visitor.contact") };
    const mask = visitorMask(p.permissions);
    const site = memo((id: number) => s.sites.get(id)?.name ?? "");
    const agent = memo((id: number | null) => (id === null ? "" : (s.agents.get(id)?.display_name ?? "")));
    const row = (m: StoredLeave): string[] => {
      const c = mask({ phone: m.phone, email: m.email, ip: m.ip });
      return [
        String(m.id), time(m.created_at), site(m.site_id), m.name, c.phone, c.email, m.company, m.content, m.page_url, c.ip,
        m.type_name ?? "", m.note, m.replied_at === null ? "未回复 Unreplied" : "已回复 Replied", time(m.replied_at), agent(m.replied_by),
      ];
    };
    return {
      header: ["编号 ID", "留言时间 Time", "网站 Site", "姓名 Name", "电话 Phone", "邮箱 Email", "公司 Company", "留言内容 Message", "页面 Page", "IP", "类型 Type", "备注 Note", "状态 State", "回复时间 Replied at", "回复人 Replied by"],
      total: s.leave.inbox.count(viewer, f),
      rows: (function* () {
        for (const m of s.leave.inbox.iterate(viewer, f)) yield row(m);
      })(),
    };
  },
};
