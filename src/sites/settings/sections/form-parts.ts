import { html, type Html } from "../../../platform/html.ts";
import { fieldError, type FieldState } from "../../../platform/forms.ts";
import { invalid } from "../../../platform/errors.ts";
import { WIDGET_LANGUAGES, WIDGET_LANGUAGE_NAMES as LANG_NAME, type WidgetLanguage } from "../../model.ts";
import { boolField, langField, perLanguage, perLanguageValues, type PerLanguage } from "../section.ts";

/**
 * Pieces shared by the visitor-form sections (pre-chat form, satisfaction, leave form, quick
 * tags): per-language inputs in one compact row, shown/required flag pairs, and rows of a list
 * kept in one form (`qt_0_…`, `qt_1_…`). A list row whose texts are all empty is dropped, which
 * is how an admin deletes one; the form always offers a few empty rows to add new ones.
 */

const LANG_SHORT: Record<WidgetLanguage, string> = { "zh-CN": "简", "zh-TW": "繁", en: "EN", ja: "日", ko: "한" };

/** The text for someone reading in `lang`: that language, else English, Simplified Chinese, any. */
export function pickText(texts: Partial<PerLanguage> | undefined, lang: WidgetLanguage = "zh-CN"): string {
  if (!texts) return "";
  for (const l of [lang, "en", "zh-CN", ...WIDGET_LANGUAGES] as WidgetLanguage[]) if (texts[l]) return texts[l]!;
  return "";
}

export const isEmptyTexts = (texts: PerLanguage) => WIDGET_LANGUAGES.every((l) => !texts[l]);

/** Five inputs (one per widget language) under one legend; errors show under their input. */
export function perLanguageInputs(s: FieldState, prefix: string, legend: Html, o: { maxlength: number; multiline?: boolean; hint?: Html | string }): Html {
  return html`<fieldset class="per-lang"><legend>${legend}</legend>
  ${WIDGET_LANGUAGES.map((l) => {
    const name = langField(prefix, l);
    const bad = s.errors[name] ? html` aria-invalid="true" aria-describedby="err-${name}"` : html``;
    const label = html`<abbr title="${LANG_NAME[l]}">${LANG_SHORT[l]}</abbr> <span class="sr-only">${LANG_NAME[l]}</span>`;
    return o.multiline
      ? html`<label>${label}<textarea name="${name}" rows="2" maxlength="${o.maxlength}"${bad}>${s.values[name] ?? ""}</textarea>${fieldError(s, name)}</label>`
      : html`<label>${label}<input name="${name}" value="${s.values[name] ?? ""}" maxlength="${o.maxlength}"${bad}>${fieldError(s, name)}</label>`;
  })}
  ${o.hint ? html`<span class="hint">${o.hint}</span>` : ""}</fieldset>`;
}

/** Two checkboxes: shown, required. */
export function flagInputs(s: FieldState, prefix: string, o: { lockShown?: boolean } = {}): Html {
  const box = (name: string, label: Html) => {
    const on = s.values[name] === "1";
    const bad = s.errors[name] ? html` aria-invalid="true" aria-describedby="err-${name}"` : html``;
    return html`<label class="check"><input type="checkbox" name="${name}" value="1"${on ? html` checked` : ""}${bad}> ${label}${fieldError(s, name)}</label>`;
  };
  return html`${o.lockShown ? "" : box(`${prefix}_shown`, html`显示 <small>Shown</small>`)}${box(`${prefix}_required`, html`必填 <small>Required</small>`)}`;
}

export interface Flags {
  shown: boolean;
  required: boolean;
}

/** Shown/required from the form; a required field must be shown (said next to "required"). */
export function parseFlags(body: Record<string, unknown>, prefix: string, label: { zh: string; en: string }): Flags {
  const shown = boolField(body, `${prefix}_shown`);
  const required = boolField(body, `${prefix}_required`);
  if (required && !shown) throw invalid(`${label.zh}设为必填时必须显示 / ${label.en} must be shown to be required`, `${prefix}_required`);
  return { shown, required };
}

export const flagValues = (prefix: string, f: Flags): Record<string, string> => ({ [`${prefix}_shown`]: f.shown ? "1" : "", [`${prefix}_required`]: f.required ? "1" : "" });

/** Indexes of the list rows present in the form body (`${prefix}_${i}_…`), ascending, at most `limit` + a margin. */
export function rowIndexes(body: Record<string, unknown>, prefix: string, limit: number): number[] {
  const seen = new Set<number>();
  const re = new RegExp(`^${prefix}_(\\d{1,3})_`);
  for (const k of Object.keys(body)) {
    const m = re.exec(k);
    if (m) seen.add(Number(m[1]));
  }
  // A body can hold more rows than allowed (blank ones included); the caller counts the filled ones.
  return [...seen].sort((a, b) => a - b).slice(0, limit * 3 + 10);
}

export { langField, perLanguageValues, type PerLanguage };

/**
 * Stable ids for list rows: the id each row carried back (hidden input) when well formed and
 * not already used by an earlier row, else the next free `${letter}${n}`. Answers name rows by
 * these ids, so renaming or reordering a row keeps the meaning of what was answered.
 */
export function assignIds(given: unknown[], letter: string): string[] {
  const re = new RegExp(`^${letter}\\d{1,6}$`);
  const taken = new Set<string>();
  const kept = given.map((raw) => {
    const id = typeof raw === "string" ? raw.trim() : "";
    if (!re.test(id) || taken.has(id)) return null;
    taken.add(id);
    return id;
  });
  let n = 1;
  return kept.map((id) => {
    if (id) return id;
    while (taken.has(`${letter}${n}`)) n++;
    taken.add(`${letter}${n}`);
    return `${letter}${n}`;
  });
}
