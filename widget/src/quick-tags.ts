import { h } from "./dom.ts";
import type { PanelStrings } from "./i18n/panel.ts";
import type { Lang } from "./lang.ts";
import { pick, type QuickTagsConfig } from "./site-config.ts";

/**
 * Quick tags (V21): the site's question buttons above the composer. A click sends the tag's
 * question (or its label when the question is empty) as the visitor's own message through the
 * panel's normal send path, so it opens, routes and is acknowledged like typed text.
 */
export function quickTags(t: PanelStrings, lang: Lang, send: (text: string) => void) {
  const el = h("div", { class: "qt", role: "group", "aria-label": t.quickTags });
  return {
    el,
    set(c: QuickTagsConfig | undefined | null) {
      const tags = (c?.tags ?? []).map((tag) => ({ label: pick(tag.label, lang), question: pick(tag.question, lang) })).filter((tag) => tag.label);
      el.replaceChildren(
        ...tags.map((tag) => {
          const b = h("button", { type: "button", class: "qtb" }, tag.label);
          b.addEventListener("click", () => send(tag.question || tag.label));
          return b;
        }),
      );
    },
  };
}
