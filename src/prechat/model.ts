import type { PrechatStandard } from "../sites/settings/sections/prechat.ts";
import { WIDGET_LANGUAGES, type WidgetLanguage } from "../sites/model.ts";

/** One stored pre-chat submission (migration 0016): what belongs to the chat it opened. */
export interface PrechatRow {
  id: number;
  site_id: number;
  visitor_id: number;
  conversation_id: number;
  question_type: string;
  question_type_label: string;
  group_id: number | null;
  /** JSON: CustomAnswer[]. */
  custom: string;
  created_at: number;
}

export interface CustomAnswer {
  id: string;
  /** The label as the agent reads it, copied when answered. */
  label: string;
  value: string;
}

/** A checked submission, ready to store: profile fields, the chosen question type, custom answers. */
export interface PrechatAnswers {
  /** Only the fields the form showed and the visitor filled in. */
  profile: Partial<Record<PrechatStandard, string>>;
  questionType: { id: string; label: string; groupId: number | null } | null;
  custom: CustomAnswer[];
}

/** What an agent sees of one submission. */
export interface PrechatView {
  conversationId: number;
  at: number;
  questionType: string;
  groupId: number | null;
  custom: CustomAnswer[];
}

/** Profile lengths as the visitor row keeps them (src/visitors setProfile). */
export const PROFILE_MAX: Record<PrechatStandard, number> = { name: 64, phone: 32, email: 254, company: 100 };
export const MAX_TEXT_ANSWER = 500;
export const MAX_TEXTAREA_ANSWER = 2000;

/** A per-language label as an agent reads it: Simplified Chinese, else English, else any. */
export function agentLabel(texts: Partial<Record<WidgetLanguage, string>>): string {
  for (const l of ["zh-CN", "en", ...WIDGET_LANGUAGES] as WidgetLanguage[]) if (texts[l]) return texts[l]!;
  return "";
}
