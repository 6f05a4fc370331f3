import { invalid } from "../../platform/errors.ts";
import { WIDGET_LANGUAGES, type WidgetLanguage } from "../model.ts";

/** A text in each widget language; "" = the widget's built-in catalogue text. */
export type PerLanguage = Record<WidgetLanguage, string>;

export const LANGUAGE_NAMES: Record<WidgetLanguage, string> = { "zh-CN": "简体中文", "zh-TW": "繁體中文", en: "English", ja: "日本語", ko: "한국어" };

export const emptyPerLanguage = (): PerLanguage => ({ "zh-CN": "", "zh-TW": "", en: "", ja: "", ko: "" });

/** The form field of one language's text, e.g. `welcome_zh-CN`. */
export const langField = (prefix: string, lang: WidgetLanguage) => `${prefix}_${lang}`;

// Control characters other than tab and line feed have no place in text a visitor reads.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/;

/**
 * One visitor-facing text an admin typed: CRLF becomes LF, ends are trimmed, at most `max`
 * characters (code points, so a CJK or emoji text gets its full length), no control characters;
 * `multiline` false also refuses line breaks. The widget shows it as text, never as markup.
 */
export function visitorText(body: Record<string, unknown>, name: string, max: number, label: { zh: string; en: string }, multiline = true): string {
  const raw = body[name];
  if (raw !== undefined && typeof raw !== "string") throw invalid(`${label.zh}格式不正确 / ${label.en} is not text`, name);
  const v = (raw ?? "").replace(/\r\n?/g, "\n").trim();
  if ([...v].length > max) throw invalid(`${label.zh}不能超过 ${max} 个字符 / ${label.en} is limited to ${max} characters`, name);
  if (CONTROL.test(v) || (!multiline && /[\n\t]/.test(v))) throw invalid(`${label.zh}含有不允许的控制字符 / ${label.en} contains control characters`, name);
  return v;
}

/** The same text in the five widget languages (`${prefix}_${lang}` fields); a bad one names its field. */
export function perLanguageText(body: Record<string, unknown>, prefix: string, max: number, label: { zh: string; en: string }, multiline = true): PerLanguage {
  const out = emptyPerLanguage();
  for (const lang of WIDGET_LANGUAGES) {
    out[lang] = visitorText(body, langField(prefix, lang), max, { zh: `${label.zh}（${LANGUAGE_NAMES[lang]}）`, en: `${label.en} (${LANGUAGE_NAMES[lang]})` }, multiline);
  }
  return out;
}

/** Form values for a per-language text. */
export const perLanguageValues = (prefix: string, v: PerLanguage): Record<string, string> =>
  Object.fromEntries(WIDGET_LANGUAGES.map((l) => [langField(prefix, l), v[l] ?? ""]));

/** Only the languages that have a text: what the widget needs (absent = built-in). */
export const setTexts = (v: PerLanguage): Partial<PerLanguage> => Object.fromEntries(WIDGET_LANGUAGES.filter((l) => v[l]).map((l) => [l, v[l]]));
