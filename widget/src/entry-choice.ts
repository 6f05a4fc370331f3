import { fmt, h } from "./dom.ts";
import type { EntryOffer, EntryOption } from "./frames.ts";
import type { PanelStrings } from "./i18n/panel.ts";

/**
 * The choice of group or agent before the first message (V24). One button per option, its
 * name (plain text, from the server) and whether it can answer now; the list is redrawn in
 * place on each `entry` frame, keeping focus on the same option. It also keeps the visitor's
 * pick: `step()` tells the panel what to show (the list, the composer for an online pick, the
 * leave form for an offline one), `route()` the fields that carry the pick to the server, and
 * `bar` lets the visitor go back to the list until the first message is written.
 */
export function entryChoice(t: PanelStrings, changed: () => void) {
  const title = h("h3", { tabindex: "-1" });
  const list = h("ul", { class: "eo", role: "list" });
  const el = h("div", { class: "fm" }, title, h("p", { class: "intro" }, t.chooseIntro), list);
  const bar = h("div", { class: "cb" });
  const change = h("button", { type: "button", class: "lk" }, t.changeChoice);
  let offer: EntryOffer | null = null;
  let chosen: { kind: EntryOffer["kind"]; option: EntryOption } | null = null;

  const pick = (c: typeof chosen) => {
    chosen = c;
    changed();
  };
  change.addEventListener("click", () => pick(null));
  const live = () => (chosen && chosen.kind === offer?.kind ? offer.options.find((o) => String(o.id) === String(chosen!.option.id)) : undefined);

  function set(o: EntryOffer | null) {
    offer = o && o.options.length ? o : null;
    if (!offer) return;
    title.textContent = offer.kind === "agents" ? t.chooseAgent : t.chooseGroup;
    const active = (el.getRootNode() as Document | ShadowRoot).activeElement;
    const focused = active && list.contains(active) ? active.getAttribute("data-id") : null;
    const kind = offer.kind;
    list.replaceChildren(
      ...offer.options.map((o) => {
        const b = h(
          "button",
          { type: "button", class: "btn sec", "data-id": o.id },
          h("span", { class: "eon" }, o.name),
          h("span", { class: o.online ? "eos on" : "eos" }, h("i", { "aria-hidden": "true" }), o.online ? t.optionOnline : t.optionOffline),
        );
        b.addEventListener("click", () => pick({ kind, option: o }));
        return h("li", null, b);
      }),
    );
    if (focused) [...list.querySelectorAll("button")].find((b) => b.getAttribute("data-id") === focused)?.focus();
  }

  return {
    el,
    bar,
    set,
    focus: () => (list.querySelector("button") || title).focus(),
    /** A pick made outside the panel (the in-page list, V2); false when it is not offered. */
    preset(p: { kind: EntryOffer["kind"]; id: EntryOption["id"] }) {
      const o = offer?.kind === p.kind && offer.options.find((x) => String(x.id) === String(p.id));
      if (o) chosen = { kind: p.kind, option: o };
      return !!o;
    },
    /** A new chat starts: choose again. */
    reset: () => void (chosen = null),
    /** null when the site offers no choice; else what the visitor must see now. */
    step(): "choose" | "online" | "offline" | null {
      if (!offer) return null;
      const o = live();
      return !o ? "choose" : o.online ? "online" : "offline";
    },
    /** The pick as frame fields (`groupId` or `agentId`); empty without one. */
    route: (): Record<string, EntryOption["id"]> => (live() ? (chosen!.kind === "agents" ? { agentId: chosen!.option.id } : { groupId: chosen!.option.id }) : {}),
    /** Shows or hides "You chose X · Change" above the composer or leave form. */
    showBar(on: boolean) {
      const o = on && live();
      if (o) bar.replaceChildren(h("span", null, fmt(t.chosen, { name: o.name })), change);
      else bar.replaceChildren();
    },
  };
}
