import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import { invalid } from "../platform/errors.ts";
import type { AuditService } from "../audit/service.ts";
import type { LeaveMessageRow, Names } from "./model.ts";
import { createLeaveRepo } from "./repo.ts";
import { createLeaveTypes } from "./types.ts";
import { createLeaveInbox } from "./inbox.ts";
import type { EventBus } from "../events/bus.ts";
import { createLeaveReplies, type SendMail } from "./reply.ts";
import type { LeaveField, LeaveFormConfig } from "../sites/settings/sections/leave-form.ts";

export type { LeaveMessageRow } from "./model.ts";

declare module "../events/bus.ts" {
  interface EventMap {
    "leave.created": { message: LeaveMessageRow };
  }
}

const str = (v: unknown, max: number) => (typeof v === "string" ? v.trim().slice(0, max) : "");

const LABEL: Record<LeaveField, { zh: string; en: string }> = {
  name: { zh: "姓名", en: "your name" }, phone: { zh: "电话", en: "a phone number" }, email: { zh: "邮箱", en: "an email address" }, company: { zh: "公司", en: "your company" },
};
/** Before a site sets its leave form (M11): name, phone, email, one contact required. */
const TODAY: LeaveFormConfig = {
  fields: { name: { shown: true, required: false }, phone: { shown: true, required: false }, email: { shown: true, required: false }, company: { shown: false, required: false } },
  contactRequired: true,
  intro: { "zh-CN": "", "zh-TW": "", en: "", ja: "", ko: "" },
};

/**
 * Leave messages (V6): taken when nobody is online; stored once per client id. Which fields
 * are asked and required is the site's leave form (M11, src/sites/settings/sections/leave-form.ts);
 * fields the form does not show are not stored. Agents read and answer them in the inbox (H2):
 * types (types.ts), the list, edits and deletion (inbox.ts), replies by email (reply.ts).
 */
export function createLeaveService(deps: {
  db: Database; clock: Clock; writer: GroupCommitWriter; audit: AuditService; names: Names;
  events: Pick<EventBus, "publish">;
  /** The core's mail sender (services.notify.mail.send), looked up when a reply is sent. */
  send: SendMail;
  form?: (siteId: number) => LeaveFormConfig;
  /** Runs inside the transaction that stores a new message (forwarding writes its outbox rows there). */
  onStored?: (message: LeaveMessageRow) => void;
}) {
  const repo = createLeaveRepo(deps.db);
  const types = createLeaveTypes({ db: deps.db, audit: deps.audit, repo });
  const typeUsable = (id: number) => repo.typeById(id)?.disabled === 0;
  const inbox = createLeaveInbox({ db: deps.db, clock: deps.clock, audit: deps.audit, repo, names: deps.names, events: deps.events, typeUsable });
  const replies = createLeaveReplies({ db: deps.db, clock: deps.clock, audit: deps.audit, repo, inbox, names: deps.names, send: deps.send, events: deps.events });
  const byCid = deps.db.prepare("SELECT * FROM leave_messages WHERE visitor_id = ? AND cid = ?");
  const insert = deps.db.prepare(
    `INSERT INTO leave_messages (site_id, visitor_id, cid, name, phone, email, company, content, page_url, ip, created_at)
     VALUES ($site_id, $visitor_id, $cid, $name, $phone, $email, $company, $content, $page_url, $ip, $created_at) RETURNING *`,
  );

  return {
    /** Validates against the site's form (content always required) and stores; a resent cid returns the stored one. */
    async create(visitor: { id: number; site_id: number }, input: Record<string, unknown>, ctx: { ip: string; pageUrl?: string }): Promise<{ message: LeaveMessageRow; duplicate: boolean }> {
      const cid = str(input.cid, 64);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(cid)) throw invalid("cid must be 1–64 letters, digits, _ or -", "cid");
      const form = deps.form?.(visitor.site_id) ?? TODAY;
      const asked = (f: LeaveField, max: number) => (form.fields[f].shown ? str(input[f], max) : "");
      const m = {
        site_id: visitor.site_id, visitor_id: visitor.id, cid, name: asked("name", 64), phone: asked("phone", 32), email: asked("email", 254), company: asked("company", 100),
        content: str(input.content, 5000), page_url: str(ctx.pageUrl, 2000), ip: ctx.ip, created_at: deps.clock.now(),
      };
      for (const f of ["name", "phone", "email", "company"] as const) if (form.fields[f].required && !m[f]) throw invalid(`请填写${LABEL[f].zh} / please give ${LABEL[f].en}`, f);
      if (!m.content) throw invalid("请填写留言内容 / please write your message", "content");
      if (form.contactRequired && !m.phone && !m.email) throw invalid("请至少留下电话或邮箱 / leave a phone number or an email address", form.fields.phone.shown ? "phone" : "email");
      if (m.phone && !/^[0-9+()\-\s]{5,32}$/.test(m.phone)) throw invalid("电话号码格式不正确 / the phone number looks wrong", "phone");
      if (m.email && !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(m.email)) throw invalid("邮箱格式不正确 / the email address looks wrong", "email");
      const result = await deps.writer.write(() => {
        const stored = byCid.get(visitor.id, cid) as LeaveMessageRow | null;
        if (stored) return { message: stored, duplicate: true };
        const message = insert.get(m) as LeaveMessageRow;
        deps.onStored?.(message);
        return { message, duplicate: false };
      });
      if (!result.duplicate) deps.events.publish("leave.created", { message: result.message });
      return result;
    },

    types,
    inbox,
    replies,
  };
}
export type LeaveService = ReturnType<typeof createLeaveService>;
