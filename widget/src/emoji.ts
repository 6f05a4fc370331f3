import { h } from "./dom.ts";

/** A small built-in set (V12): no emoji font or image is ever fetched. */
export const EMOJI = "😀 😃 😄 😁 😆 😅 😂 🙂 😉 😊 😇 🥰 😍 😘 😋 😜 🤔 🤗 🤩 😎 😐 😑 😶 🙄 😏 😮 😯 😲 😴 😌 😔 😢 😭 😤 😡 😱 😳 🥺 🙏 👍 👎 👌 👏 🙌 👋 ✌️ 💪 ❤️ 💔 🔥 ✨ 🎉 🎁 ☕ 🌹 ⭐ ✅ ❌ ❓ ❗ 💯 👀".split(" ");

const COLS = 8;

/**
 * The emoji picker: a grid of buttons with one tab stop (roving tabindex); arrows, Home
 * and End move, Enter/Space picks, Escape closes and gives focus back to the toggle.
 */
export function emojiPicker(label: string, pick: (emoji: string) => void, close: () => void) {
  const grid = h("div", { class: "emo", role: "group", "aria-label": label, hidden: true });
  const buttons = EMOJI.map((e, i) => {
    const b = h("button", { type: "button", class: "emo-b", tabindex: i === 0 ? "0" : "-1" }, e);
    b.addEventListener("click", () => pick(e));
    grid.append(b);
    return b;
  });
  let at = 0;
  const move = (i: number) => {
    at = Math.max(0, Math.min(buttons.length - 1, i));
    buttons.forEach((b, j) => (b.tabIndex = j === at ? 0 : -1));
    buttons[at].focus();
  };
  grid.addEventListener("keydown", (e) => {
    const k = e.key;
    const to = k === "ArrowRight" ? at + 1 : k === "ArrowLeft" ? at - 1 : k === "ArrowDown" ? at + COLS : k === "ArrowUp" ? at - COLS : k === "Home" ? 0 : k === "End" ? buttons.length - 1 : null;
    if (to != null) {
      e.preventDefault();
      move(to);
    } else if (k === "Escape") {
      e.preventDefault();
      e.stopPropagation(); // close the picker, not the whole panel
      close();
    }
  });
  return { el: grid, focus: () => move(at) };
}
