import { LANGS, type Lang } from "./lang.ts";

/**
 * The parts of the site's settings (the `config` object of `connected` and `config` frames)
 * that the visitor forms read: pre-chat form, satisfaction levels, leave form, quick tags.
 * Shapes follow src/sites/settings/{prechat,satisfaction,leave-form,quick-tags}.ts. Every
 * text an admin wrote is plain text, shown through textContent only.
 */
export type Texts = Partial<Record<Lang, string>>;

/** The admin's text in the visitor's language, else English, Simplified Chinese, any ("" if none). */
export function pick(texts: Texts | null | undefined, lang: Lang): string {
  if (!texts || typeof texts !== "object") return "";
  for (const l of [lang, "en", "zh-CN", ...LANGS] as Lang[]) {
    const v = texts[l];
    if (typeof v === "string" && v) return v;
  }
  return "";
}

export interface Flags {
  shown: boolean;
  required: boolean;
}
export type StandardField = "name" | "phone" | "email" | "company";
export interface PrechatConfig {
  enabled: boolean;
  intro?: Texts;
  fields: Partial<Record<StandardField, Flags>>;
  questionType?: Flags & { options: { id: string; label: Texts }[] };
  custom?: { id: string; label: Texts; type: "text" | "textarea" | "select"; options: string[]; required: boolean }[];
}
export interface SatisfactionConfig {
  askAtEnd: boolean;
  levels: { value: number; label: Texts; commentRequired: boolean }[];
}
export interface LeaveFormConfig {
  fields: Partial<Record<StandardField, Flags>>;
  contactRequired: boolean;
  intro?: Texts;
}
export interface QuickTagsConfig {
  tags: { label: Texts; question: Texts }[];
}
export interface SiteConfig {
  prechat?: PrechatConfig;
  satisfaction?: SatisfactionConfig;
  leave_form?: LeaveFormConfig;
  quick_tags?: QuickTagsConfig;
  [section: string]: unknown;
}
