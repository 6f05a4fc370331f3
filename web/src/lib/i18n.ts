/**
 * Console strings: Simplified Chinese first, English by switch (remembered in localStorage).
 * Each feature registers its own catalogue beside its components, so a feature's strings live
 * with it; `t` falls back to Chinese, then to the key, so a missing English string still reads.
 */
export type Lang = "zh-CN" | "en";
type Catalogue = Record<string, string>;

const catalogues: Record<Lang, Catalogue> = { "zh-CN": {}, en: {} };
const listeners = new Set<() => void>();
let lang: Lang = (globalThis.localStorage?.getItem("yk.lang") as Lang) === "en" ? "en" : "zh-CN";

export function register(strings: { "zh-CN": Catalogue; en: Catalogue }) {
  Object.assign(catalogues["zh-CN"], strings["zh-CN"]);
  Object.assign(catalogues.en, strings.en);
}

export function t(key: string, params?: Record<string, string | number>): string {
  let s = catalogues[lang][key] ?? catalogues["zh-CN"][key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export const currentLang = () => lang;
export function setLang(next: Lang) {
  lang = next;
  globalThis.localStorage?.setItem("yk.lang", next);
  document.documentElement.lang = next;
  for (const l of listeners) l();
}
/** Components re-render on a language switch: call from connectedCallback, undo in disconnectedCallback. */
export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
/** Every key in one language exists in the other (tests call this after importing every feature). */
export function missingKeys(): { lang: Lang; key: string }[] {
  const out: { lang: Lang; key: string }[] = [];
  for (const key of Object.keys(catalogues["zh-CN"])) if (!(key in catalogues.en)) out.push({ lang: "en", key });
  for (const key of Object.keys(catalogues.en)) if (!(key in catalogues["zh-CN"])) out.push({ lang: "zh-CN", key });
  return out;
}
