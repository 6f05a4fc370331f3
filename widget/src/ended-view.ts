import { h } from "./dom.ts";
import type { PanelStrings } from "./i18n/panel.ts";

/**
 * The view after a chat ends: "This chat has ended", the site's ending text (V16, shown as text
 * when set), then the actions (transcript, print, new chat, rate).
 */
export function endedView(t: PanelStrings, ...actions: HTMLElement[]) {
  const title = h("h3", { tabindex: "-1" }, t.ended);
  const text = h("p", { class: "et", hidden: true });
  return {
    el: h("div", { class: "ctr" }, title, text, ...actions),
    focus: () => title.focus(),
    setText(s: string) {
      text.textContent = s;
      text.hidden = !s;
    },
  };
}
