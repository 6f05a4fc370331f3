import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import { invalid } from "../platform/errors.ts";
import { pagedQuery } from "../store/paged.ts";

export interface LeaveMessageRow {
  id: number;
  site_id: number;
  visitor_id: number;
  cid: string;
  name: string;
  phone: string;
  email: string;
  content: string;
  page_url: string;
  ip: string;
  created_at: number;
}

declare module "../events/bus.ts" {
  interface EventMap {
    "leave.created": { message: LeaveMessageRow };
  }
}

const str = (v: unknown, max: number) => (typeof v === "string" ? v.trim().slice(0, max) : "");

/** Leave messages (V6): taken when nobody is online; stored once per client id. */
export function createLeaveService(deps: { db: Database; clock: Clock; writer: GroupCommitWriter; events: { publish(type: "leave.created", p: { message: LeaveMessageRow }): void } }) {
  const byCid = deps.db.prepare("SELECT * FROM leave_messages WHERE visitor_id = ? AND cid = ?");
  const insert = deps.db.prepare(
    `INSERT INTO leave_messages (site_id, visitor_id, cid, name, phone, email, content, page_url, ip, created_at)
     VALUES ($site_id, $visitor_id, $cid, $name, $phone, $email, $content, $page_url, $ip, $created_at) RETURNING *`,
  );

  return {
    /** Validates (content and one contact required) and stores; a resent cid returns the stored one. */
    async create(visitor: { id: number; site_id: number }, input: Record<string, unknown>, ctx: { ip: string; pageUrl?: string }): Promise<{ message: LeaveMessageRow; duplicate: boolean }> {
      const cid = str(input.cid, 64);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(cid)) throw invalid("cid must be 1–64 letters, digits, _ or -", "cid");
      const m = {
        site_id: visitor.site_id, visitor_id: visitor.id, cid, name: str(input.name, 64), phone: str(input.phone, 32), email: str(input.email, 254),
        content: str(input.content, 5000), page_url: str(ctx.pageUrl, 2000), ip: ctx.ip, created_at: deps.clock.now(),
      };
      if (!m.content) throw invalid("请填写留言内容 / please write your message", "content");
      if (!m.phone && !m.email) throw invalid("请至少留下电话或邮箱 / leave a phone number or an email address", "phone");
      if (m.phone && !/^[0-9+()\-\s]{5,32}$/.test(m.phone)) throw invalid("电话号码格式不正确 / the phone number looks wrong", "phone");
      if (m.email && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(m.email)) throw invalid("邮箱格式不正确 / the email address looks wrong", "email");
      const result = await deps.writer.write(() => {
        const stored = byCid.get(visitor.id, cid) as LeaveMessageRow | null;
        if (stored) return { message: stored, duplicate: true };
        return { message: insert.get(m) as LeaveMessageRow, duplicate: false };
      });
      if (!result.duplicate) deps.events.publish("leave.created", { message: result.message });
      return result;
    },

    list: (q: { siteId?: number; limit: number; offset: number }) =>
      pagedQuery<LeaveMessageRow>(deps.db, "leave_messages", [["site_id = $site", "site", q.siteId]], q),
  };
}
export type LeaveService = ReturnType<typeof createLeaveService>;
