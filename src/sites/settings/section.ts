import type { Html } from "../../platform/html.ts";
import type { FieldState } from "../../platform/forms.ts";
import type { Services } from "../../services.ts";
import { invalid } from "../../platform/errors.ts";
import { WIDGET_LANGUAGES, type WidgetLanguage } from "../model.ts";

export interface SectionContext {
  siteId: number;
  services: Services;
}

/**
 * One page of a site's settings (M10). A section owns its value's shape: defaults, parsing
 * and validating the admin form, redrawing the form, and the public part widgets receive.
 * The settings service stores whatever `parse` returns as JSON, so a value read back is always
 * one `parse` accepted (or the defaults).
 */
export interface SettingsSection<T = any> {
  key: string;
  zh: string;
  en: string;
  defaults(): T;
  /** Form body (all strings; checkboxes "1" or absent) → value. Throws invalid(message, field). */
  parse(body: Record<string, unknown>, ctx: SectionContext): T;
  /** Value → the form's field strings, to redraw the form. */
  formValues(value: T): Record<string, string>;
  /** The section's form fields, rendered inside the shared settings form. */
  fields(state: FieldState, ctx: SectionContext): Html;
  /** The public part sent to widgets as config[key]. Omitted for server-only sections. Never secrets. */
  widget?(value: T): unknown;
  /** Non-blocking warnings shown next to fields after save or preview (e.g. contrast below WCAG AA). */
  warnings?(value: T): { field: string; message: string }[];
}

/** Links shown beside the section tabs for per-site settings kept on pages of their own. */
export interface SettingsLink {
  href: (siteId: number) => string;
  zh: string;
  en: string;
}

const str = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string) : body[name] == null ? "" : String(body[name]));

/** An integer in [min, max]; empty means `fallback` when one is given. */
export function intField(body: Record<string, unknown>, name: string, min: number, max: number, message: string, fallback?: number): number {
  const raw = str(body, name).trim();
  if (raw === "" && fallback !== undefined) return fallback;
  if (!/^-?\d{1,9}$/.test(raw)) throw invalid(message, name);
  const n = Number(raw);
  if (n < min || n > max) throw invalid(message, name);
  return n;
}

export function enumField<T extends string>(body: Record<string, unknown>, name: string, allowed: readonly T[], message: string, fallback?: T): T {
  const raw = str(body, name).trim();
  if (raw === "" && fallback !== undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw invalid(message, name);
  return raw as T;
}

/** Trimmed text of at most `max` characters; `required` refuses empty. Control characters other than newlines are refused. */
export function textField(body: Record<string, unknown>, name: string, max: number, label: { zh: string; en: string }, o: { required?: boolean; multiline?: boolean } = {}): string {
  const raw = str(body, name).replace(/\r\n?/g, "\n").trim();
  if (o.required && !raw) throw invalid(`请填写${label.zh} / ${label.en} is required`, name);
  if (raw.length > max) throw invalid(`${label.zh}最多 ${max} 字 / ${label.en} has at most ${max} characters`, name);
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(raw) || (!o.multiline && raw.includes("\n"))) throw invalid(`${label.zh}含有不允许的字符 / ${label.en} contains characters that are not allowed`, name);
  return raw;
}

export const boolField = (body: Record<string, unknown>, name: string): boolean => ["1", "on", "true"].includes(str(body, name));

export type PerLanguage = Record<WidgetLanguage, string>;

/** Field name of one language's text: `${prefix}_${lang}` with the dash dropped (welcome_zhCN). */
export const langField = (prefix: string, lang: WidgetLanguage) => `${prefix}_${lang.replace("-", "")}`;

/** A text in each widget language; empty means "the built-in text in that language". */
export function perLanguage(body: Record<string, unknown>, prefix: string, max: number, label: { zh: string; en: string }, o: { multiline?: boolean } = {}): PerLanguage {
  const out = {} as PerLanguage;
  for (const lang of WIDGET_LANGUAGES) out[lang] = textField(body, langField(prefix, lang), max, { zh: `${label.zh}（${lang}）`, en: `${label.en} (${lang})` }, o);
  return out;
}

export const emptyPerLanguage = (): PerLanguage => Object.fromEntries(WIDGET_LANGUAGES.map((l) => [l, ""])) as PerLanguage;

export const perLanguageValues = (prefix: string, value: PerLanguage): Record<string, string> =>
  Object.fromEntries(WIDGET_LANGUAGES.map((l) => [langField(prefix, l), value?.[l] ?? ""]));
