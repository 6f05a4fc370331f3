import type { Database } from "bun:sqlite";
import type { EventBus } from "../events/bus.ts";
import type { Actor, AuditService } from "../audit/service.ts";
import { AppError, invalid, notFound } from "../platform/errors.ts";
import { maskEmail, maskPhone, type MaskRights } from "../platform/masking.ts";
import type { VisitorRow } from "./repo.ts";
import type { VisitorsService } from "./service.ts";

export const VISITOR_LIMITS = { name: 64, phone: 32, email: 254, company: 100, note: 1000 } as const;
const PHONE = /^[0-9+()\-\s]{5,32}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const CONTACT = { phone: maskPhone, email: maskEmail } as const;

/**
 * An agent edits a visitor's name, contact card and notes (A17). Unlike the widget's profile
 * frame (which trims what a visitor types), a value that is too long or malformed is refused
 * with its field, so the console can show the error beside it. Audited.
 */
export function createVisitorEditor(deps: { db: Database; events: EventBus; audit: AuditService; visitors: VisitorsService }) {
  const update = deps.db.prepare("UPDATE visitors SET name = $name, phone = $phone, email = $email, company = $company, note = $note WHERE id = $id");

  function text(input: Record<string, unknown>, key: keyof typeof VISITOR_LIMITS, current: string, label: string): string {
    const v = input[key];
    if (v === undefined) return current;
    if (v !== null && typeof v !== "string") throw invalid(`${label}须为文字 / ${key} must be text`, key);
    const s = (v ?? "").trim();
    if (s.length > VISITOR_LIMITS[key]) throw invalid(`${label}最多 ${VISITOR_LIMITS[key]} 字 / ${key} has at most ${VISITOR_LIMITS[key]} characters`, key);
    return s;
  }

  /**
   * X8 editing rule: an agent without visitor.contact sees phone and email masked and may not
   * change them. A value sent back exactly as they saw it (masked, or the stored one) keeps the
   * stored value, so saving the panel never writes "138****5678" over the real number; any other
   * value, clearing included, is refused with 403 and the field.
   */
  function guardContact(input: Record<string, unknown>, v: VisitorRow, rights: MaskRights): Record<string, unknown> {
    if (rights.contact) return input;
    const kept = { ...input };
    for (const key of Object.keys(CONTACT) as (keyof typeof CONTACT)[]) {
      const sent = kept[key];
      if (sent === undefined) continue;
      const text = typeof sent === "string" ? sent.trim() : sent;
      if (text === v[key] || text === CONTACT[key](v[key])) {
        delete kept[key];
        continue;
      }
      throw new AppError(403, "forbidden", "无权修改联系方式（需要“查看联系方式”权限） / changing contact details needs the visitor.contact permission", key);
    }
    return kept;
  }

  return {
    /** `rights`: what the editing agent may see in full (their visitor.full_ip / visitor.contact). */
    update(actor: Actor, visitorId: number, body: Record<string, unknown>, rights: MaskRights): VisitorRow {
      const v = deps.visitors.get(visitorId);
      if (!v) throw notFound("访客不存在 / visitor not found");
      const input = guardContact(body, v, rights);
      const next = {
        id: v.id,
        name: text(input, "name", v.name, "姓名"),
        phone: text(input, "phone", v.phone, "电话"),
        email: text(input, "email", v.email, "邮箱"),
        company: text(input, "company", v.company, "公司"),
        note: text(input, "note", v.note, "备注"),
      };
      if (next.phone && !PHONE.test(next.phone)) throw invalid("电话号码格式不对 / the phone number looks wrong", "phone");
      if (next.email && !EMAIL.test(next.email)) throw invalid("邮箱格式不对 / the email address looks wrong", "email");
      const changed = (Object.keys(VISITOR_LIMITS) as (keyof typeof VISITOR_LIMITS)[]).filter((k) => next[k] !== v[k]);
      if (!changed.length) return v;
      deps.db.transaction(() => {
        update.run(next);
        // Field names only: contact details stay out of the audit log.
        deps.audit.record(actor, { action: "visitor.update", targetType: "visitor", targetId: v.id, detail: { fields: changed } });
      }).immediate();
      const live = deps.visitors.presenceOf(v.id);
      if (live) live.name = next.name;
      deps.events.publish("visitor.updated", { siteId: v.site_id, visitorId: v.id });
      return deps.visitors.get(v.id)!;
    },
  };
}
export type VisitorEditor = ReturnType<typeof createVisitorEditor>;
