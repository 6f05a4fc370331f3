import { fmt, h } from "./dom.ts";
import type { PanelStrings } from "./i18n/panel.ts";

/**
 * The queue place (V18) over the messages while the chat waits for automatic assignment:
 * "N visitors ahead of you, about M minutes". Only shown while the conversation waits.
 */
export function queueLine(t: PanelStrings) {
  const el = h("div", { class: "ty yk-queue", role: "status" });
  let place: { position: number; wait: number } | null = null;
  // V16 texts set by the site: busy while queued (before the place), waiting while not queued.
  let busy = "";
  let waitingText = "";
  return {
    el,
    set: (position: number, waitSeconds: number) => void (place = { position, wait: waitSeconds }),
    clear: () => void (place = null),
    setTexts(b: string, w: string) {
      busy = b;
      waitingText = w;
    },
    render(waiting: boolean) {
      const q = place && fmt(t.queue, { n: place.position - 1, m: Math.max(1, Math.ceil(place.wait / 60)) });
      el.textContent = !waiting ? "" : q ? (busy ? `${busy}\n${q}` : q) : waitingText;
      el.hidden = !el.textContent;
    },
  };
}

/** "The agent is typing" under the messages; a lost "off" must not leave it on forever. */
export function typingLine(t: PanelStrings) {
  const el = h("div", { class: "ty", role: "status" });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    clearTimeout(timer);
    el.textContent = "";
  };
  return {
    el,
    clear,
    show(on: boolean, name: string) {
      clear();
      if (!on) return;
      el.textContent = fmt(t.typing, { name });
      timer = setTimeout(clear, 8000);
    },
  };
}

/**
 * Asks in the status banner whether to end the chat: "end" ends it (the server's `conversation`
 * frame confirms), "cancel" clears the question and puts focus back on the end button.
 */
export function askToEnd(t: PanelStrings, banner: HTMLElement, endButton: HTMLElement, end: () => void) {
  const answer = (label: string, cls: string, then: () => void) => {
    const el = h("button", { type: "button", class: cls }, label);
    el.addEventListener("click", () => {
      banner.replaceChildren();
      then();
    });
    return el;
  };
  const yes = answer(t.endChat, "btn", end);
  banner.replaceChildren(h("span", null, t.endConfirm), yes, answer(t.cancel, "btn sec", () => endButton.focus()));
  yes.focus();
}
