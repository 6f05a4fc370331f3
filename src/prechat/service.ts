import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { VisitorRow } from "../visitors/service.ts";
import { invalid } from "../platform/errors.ts";
import type { PrechatConfig, PrechatStandard } from "../sites/settings/sections/prechat.ts";
import { createPrechatRepo } from "./repo.ts";
import { MAX_TEXTAREA_ANSWER, MAX_TEXT_ANSWER, PROFILE_MAX, agentLabel, type CustomAnswer, type PrechatAnswers, type PrechatRow, type PrechatView } from "./model.ts";

export type { PrechatAnswers, PrechatView };

const PRECHAT_STANDARD = Object.keys(PROFILE_MAX) as PrechatStandard[];
const LABEL: Record<PrechatStandard, { zh: string; en: string }> = {
  name: { zh: "姓名", en: "your name" }, phone: { zh: "电话", en: "a phone number" }, email: { zh: "邮箱", en: "an email address" }, company: { zh: "公司", en: "your company" },
};
// The formats the visitor row accepts (src/visitors/service.ts setProfile): checked here first,
// so a refusal names the pre-chat field rather than the profile's.
const PHONE = /^[0-9+()\-\s]{5,32}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Pre-chat form answers (V7). The widget sends them on the frame that opens a chat; `check`
 * validates them against the site's form (each refusal names its field as `prechat.<name>`),
 * the question type gives the chat's group, and `store` keeps what belongs to the chat inside
 * the transaction that opens it. Name and contact go into the visitor's profile (the caller
 * saves them through the visitors service before the chat opens, so the chat shows the name).
 */
export function createPrechatService(deps: {
  db: Database;
  clock: Clock;
  form: (siteId: number) => PrechatConfig;
  /** Whether a group still exists (a deleted group falls back to the site's route). */
  groupExists: (groupId: number) => boolean;
  visitors: { setProfile(visitor: VisitorRow, fields: Record<string, unknown>): Promise<unknown> };
}) {
  const repo = createPrechatRepo(deps.db);

  function text(raw: unknown, field: string, max: number, label: { zh: string; en: string }, multiline = false): string {
    if (raw != null && typeof raw !== "string") throw invalid(`${label.zh}必须是文字 / ${label.en} must be text`, field);
    const v = (raw ?? "").replace(/\r\n?/g, "\n").trim();
    if (v.length > max) throw invalid(`${label.zh}最多 ${max} 字 / ${label.en}: at most ${max} characters`, field);
    if (CONTROL.test(v) || (!multiline && v.includes("\n"))) throw invalid(`${label.zh}含有不允许的字符 / ${label.en} contains characters that are not allowed`, field);
    return v;
  }
  const required = (label: { zh: string; en: string }, field: string) => invalid(`请填写${label.zh} / please give ${label.en}`, field);

  /** The site's form is off: null. Else the checked answers, or an `invalid` naming the field. */
  function check(siteId: number, raw: unknown): PrechatAnswers | null {
    const form = deps.form(siteId);
    if (!form.enabled) return null;
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw invalid("请先填写询前表单 / please fill in the form before chatting", "prechat");
    const a = raw as Record<string, unknown>;

    const profile: PrechatAnswers["profile"] = {};
    for (const f of PRECHAT_STANDARD) {
      const flags = form.fields[f];
      if (!flags.shown) continue;
      const v = text(a[f], `prechat.${f}`, PROFILE_MAX[f], LABEL[f]);
      if (!v && flags.required) throw required(LABEL[f], `prechat.${f}`);
      if (v && f === "phone" && !PHONE.test(v)) throw invalid("电话号码格式不正确 / the phone number looks wrong", "prechat.phone");
      if (v && f === "email" && !EMAIL.test(v)) throw invalid("邮箱格式不正确 / the email address looks wrong", "prechat.email");
      if (v) profile[f] = v;
    }

    let questionType: PrechatAnswers["questionType"] = null;
    if (form.questionType.shown) {
      const id = a.questionType == null ? "" : String(a.questionType);
      const option = form.questionType.options.find((o) => o.id === id);
      if (id && !option) throw invalid("所选问题类型不存在 / choose one of the question types", "prechat.questionType");
      if (!option && form.questionType.required) throw invalid("请选择问题类型 / please choose a question type", "prechat.questionType");
      if (option) questionType = { id: option.id, label: agentLabel(option.label), groupId: option.groupId };
    }

    const given = a.custom && typeof a.custom === "object" && !Array.isArray(a.custom) ? (a.custom as Record<string, unknown>) : {};
    const custom: CustomAnswer[] = [];
    for (const c of form.custom) {
      if (!c.shown) continue;
      const field = `prechat.custom.${c.id}`;
      const label = { zh: `“${agentLabel(c.label)}”`, en: `"${agentLabel(c.label)}"` };
      const v = text(given[c.id], field, c.type === "textarea" ? MAX_TEXTAREA_ANSWER : MAX_TEXT_ANSWER, label, c.type === "textarea");
      if (!v && c.required) throw invalid(`请填写${label.zh} / please fill in ${label.en}`, field);
      if (v && c.type === "select" && !c.options.includes(v)) throw invalid(`请从${label.zh}的选项中选择 / choose one of the choices of ${label.en}`, field);
      if (v) custom.push({ id: c.id, label: agentLabel(c.label), value: v });
    }
    return { profile, questionType, custom };
  }

  return {
    check,

    /** The group a checked submission routes to, when its question type names one that still exists. */
    groupOf: (answers: PrechatAnswers): number | null => {
      const id = answers.questionType?.groupId ?? null;
      return id !== null && deps.groupExists(id) ? id : null;
    },

    /** Name and contact into the visitor's profile; fields not asked or left empty keep their value. */
    async saveProfile(visitor: VisitorRow, answers: PrechatAnswers) {
      const p = answers.profile;
      if (!PRECHAT_STANDARD.some((f) => p[f])) return;
      await deps.visitors.setProfile(visitor, { name: p.name ?? visitor.name, phone: p.phone ?? visitor.phone, email: p.email ?? visitor.email, company: p.company ?? visitor.company });
    },

    /** Inside the transaction that opens the chat (chat.visitorSend's `opened`). */
    store(conversation: { id: number; site_id: number; visitor_id: number; group_id?: number | null }, answers: PrechatAnswers) {
      repo.insert({
        site_id: conversation.site_id, visitor_id: conversation.visitor_id, conversation_id: conversation.id,
        question_type: answers.questionType?.id ?? "", question_type_label: answers.questionType?.label ?? "",
        group_id: answers.questionType?.groupId != null && deps.groupExists(answers.questionType.groupId) ? answers.questionType.groupId : null,
        custom: JSON.stringify(answers.custom), created_at: deps.clock.now(),
      });
    },

    forConversation: (conversationId: number) => view(repo.byConversation(conversationId)),
    /** The visitor's submissions, newest first (the console's visitor panel). */
    forVisitor: (visitorId: number, limit = 20): PrechatView[] => repo.byVisitor(visitorId, limit).map((r) => view(r)!),
  };
}

function view(r: PrechatRow | null): PrechatView | null {
  if (!r) return null;
  return { conversationId: r.conversation_id, at: r.created_at, questionType: r.question_type_label, groupId: r.group_id, custom: JSON.parse(r.custom) as CustomAnswer[] };
}
export type PrechatService = ReturnType<typeof createPrechatService>;
