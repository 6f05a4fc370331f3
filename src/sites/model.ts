/** Widget languages (V15): the product speaks these; anything else falls back to English. */
export const WIDGET_LANGUAGES = ["zh-CN", "zh-TW", "en", "ja", "ko"] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];
/** Each language in its own script, as admin forms label per-language fields. */
export const WIDGET_LANGUAGE_NAMES: Record<WidgetLanguage, string> = { "zh-CN": "简体中文", "zh-TW": "繁體中文", en: "English", ja: "日本語", ko: "한국어" };

export interface SiteInput {
  name: string;
  allowed_origins: string;
  default_language: string;
  /** V24 / R2 fields; absent on create = none, absent on update = unchanged. "" or null = none. */
  department_id?: unknown;
  route_group_id?: unknown;
  route_agent_id?: unknown;
  entry_choice?: unknown;
}

/** What the widget may offer before the first message (V24). */
export const ENTRY_CHOICES = ["none", "groups", "agents"] as const;
export type EntryChoice = (typeof ENTRY_CHOICES)[number];

/**
 * Parses one allowed origin as an operator would type it ("https://www.example.gov.cn",
 * "http://intranet:8080", with or without a trailing slash) into its canonical form, or null.
 */
export function canonicalOrigin(text: string): string | null {
  const t = text.trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^/?#\s]+$/i.test(t)) return null;
  try {
    const u = new URL(t);
    return u.origin === "null" ? null : u.origin;
  } catch {
    return null;
  }
}
