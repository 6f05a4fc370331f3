import { h, icon } from "./dom.ts";
import type { EntryStrings } from "./i18n/entry.ts";

const CHAT = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4.3 3.6A.4.4 0 0 1 3 21.3V5a2 2 0 0 1 1-2z";
const CLOSE = "M5 6.4 6.4 5l5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6z";

export interface EntryView {
  button: HTMLButtonElement;
  update(s: { online: boolean; open: boolean; unread: number; t: EntryStrings; image?: string | null }): void;
}

export const chatIcon = () => icon(CHAT);

/** The label a screen reader hears for an entry: open/close, online/offline, unread count. */
export function entryLabel(t: EntryStrings, online: boolean, open: boolean, unread: number) {
  const label = open ? t.close : online ? t.online : t.offline;
  return unread && !open ? `${label} (${t.unread.replace("{n}", String(unread))})` : label;
}

/**
 * The floating entry button (V3): online/offline dot, unread badge, open/close toggle. With a
 * site's image for the current state (V2) the image is the button; while open it is the close
 * button as usual.
 */
export function entryButton(parent: Node, onClick: () => void): EntryView {
  const dot = h("span", { class: "d" });
  const badge = h("span", { class: "b", "aria-hidden": "true" });
  const chat = icon(CHAT);
  const close = icon(CLOSE);
  const pic = h("img", { alt: "" });
  const button = h("button", { type: "button", class: "e", "aria-haspopup": "dialog", "aria-expanded": "false" }, chat, dot, badge);
  button.addEventListener("click", onClick);
  parent.appendChild(button);
  return {
    button,
    update({ online, open, unread, t, image }) {
      button.classList.toggle("on", online);
      button.classList.toggle("open", open);
      button.classList.toggle("img", !!image && !open);
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", entryLabel(t, online, open, unread));
      badge.textContent = unread && !open ? String(Math.min(unread, 99)) : "";
      if (image && pic.getAttribute("src") !== image) pic.src = image;
      const want = open ? close : image ? pic : chat;
      if (button.firstChild !== want) button.replaceChild(want, button.firstChild!);
    },
  };
}
