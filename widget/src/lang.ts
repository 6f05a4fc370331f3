/** Interface language choice (V15): browser languages first, then the site's, then English. */
export type Lang = "zh-CN" | "zh-TW" | "en" | "ja" | "ko";
export const LANGS: readonly Lang[] = ["zh-CN", "zh-TW", "en", "ja", "ko"];

export function matchLang(tag: string | null | undefined): Lang | null {
  const t = String(tag || "").toLowerCase().replace(/_/g, "-");
  // Chinese: Traditional script, or a region that writes it, unless Simplified is named.
  if (/^zh(-|$)/.test(t)) return /-hant|-(tw|hk|mo)\b/.test(t) && !/-hans/.test(t) ? "zh-TW" : "zh-CN";
  const base = t.split("-")[0];
  return base === "en" || base === "ja" || base === "ko" ? base : null;
}

/**
 * `only` (the site's languages setting) limits the choice to the languages a site offers; the
 * site's default language is the fallback, then English.
 */
export function chooseLang(browser: readonly string[] | null | undefined, site?: string | null, only?: readonly string[] | null): Lang {
  for (const tag of browser || []) {
    const l = matchLang(tag);
    if (l && (!only || only.includes(l))) return l;
  }
  return matchLang(site) || "en";
}

export const browserLangs = (): readonly string[] => (navigator.languages?.length ? navigator.languages : [navigator.language]);
