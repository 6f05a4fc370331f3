import { h, icon } from "./dom.ts";
import type { EntryStrings } from "./i18n/entry.ts";

const CHAT = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4.3 3.6A.4.4 0 0 1 3 21.3V5a2 2 0 0 1 1-2z";
const CLOSE = "M5 6.4 6.4 5l5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6z";

export interface EntryView {
  button: HTMLButtonElement;
  update(s: { online: boolean; open: boolean; unread: number; t: EntryStrings }): void;
}

/** The floating entry button (V3): online/offline dot, unread badge, open/close toggle. */
export function entryButton(parent: Node, onClick: () => void): EntryView {
  const dot = h("span", { class: "d" });
  const badge = h("span", { class: "b", "aria-hidden": "true" });
  const chat = icon(CHAT);
  const close = icon(CLOSE);
  const button = h("button", { type: "button", class: "e", "aria-haspopup": "dialog", "aria-expanded": "false" }, chat, dot, badge);
  button.addEventListener("click", onClick);
  parent.appendChild(button);
  return {
    button,
    update({ online, open, unread, t }) {
      button.classList.toggle("on", online);
      button.classList.toggle("open", open);
      button.setAttribute("aria-expanded", String(open));
      const label = open ? t.close : online ? t.online : t.offline;
      button.setAttribute("aria-label", unread && !open ? `${label} (${t.unread.replace("{n}", String(unread))})` : label);
      badge.textContent = unread && !open ? String(Math.min(unread, 99)) : "";
      const want = open ? close : chat;
      if (button.firstChild !== want) button.replaceChild(want, button.firstChild!);
    },
  };
}
