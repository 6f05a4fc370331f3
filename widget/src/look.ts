import { h } from "./dom.ts";
import type { WidgetConfig } from "./frames.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import type { Lang } from "./lang.ts";
import { assetUrl } from "./theme.ts";

type Texts = Partial<Record<Lang, string>>;
interface Branding {
  logo?: string | null;
  title?: Texts;
  company?: string;
  avatar?: string | null;
  banner?: string | null;
}

/** Where the site's look and texts go in the panel (each part owns its own drawing). */
export interface LookTargets {
  title: HTMLElement;
  list: { setLook(welcome: string, avatar: string | null): void };
  leave: { setIntro(text: string): void };
  ended: { setText(text: string): void };
  queue: { setTexts(busy: string, waiting: string): void };
}

/**
 * The site's branding and texts in the chat panel (V16, V18 texts): logo, title and company in
 * the header, the banner above the messages, the warning line, the agent avatar, and the
 * welcome, ending, busy, waiting and offline texts in the visitor's language — a text the site
 * left empty is the built-in one. Applied again on every `config` frame, so a saved change shows
 * in an open panel without a reload. Everything an admin typed is set as text, never markup;
 * images load only from this server's /widget/assets/. (Colours are custom properties on the
 * host, set by the entry: widget/src/theme.ts.)
 */
export function panelLook(t: PanelStrings, lang: Lang, origin: string) {
  const logo = h("img", { class: "lg", alt: "", hidden: true });
  const company = h("p", { class: "co", hidden: true });
  const banner = h("img", { class: "bnr", alt: "", hidden: true });
  const warning = h("div", { class: "wn", role: "note" });
  const img = (el: HTMLImageElement, path: unknown) => {
    const url = assetUrl(origin, path);
    if (url && el.getAttribute("src") !== url) el.src = url;
    if (!url) el.removeAttribute("src");
    el.hidden = !url;
  };

  return {
    logo,
    company,
    banner,
    warning,
    apply(config: WidgetConfig | undefined, to: LookTargets) {
      config = config || {};
      const b = (config.branding || {}) as Branding;
      const x = (config.texts || {}) as Record<string, Texts | undefined>;
      const pick = (m: Texts | undefined) => (m && typeof m[lang] == "string" ? m[lang]! : "");
      to.title.textContent = pick(b.title) || t.title;
      company.textContent = typeof b.company == "string" ? b.company : "";
      company.hidden = !company.textContent;
      img(logo, b.logo);
      img(banner, b.banner);
      warning.textContent = pick(x.warning);
      to.list.setLook(pick(x.welcome) || t.welcome, assetUrl(origin, b.avatar));
      to.leave.setIntro(pick(x.offline) || t.leaveIntro);
      to.ended.setText(pick(x.ending));
      to.queue.setTexts(pick(x.busy), pick(x.waiting));
    },
  };
}
