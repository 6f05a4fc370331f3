import { h } from "./dom.ts";
import { chatIcon, entryButton, entryLabel } from "./entry-button.ts";
import { INLINE_CSS } from "./entry-styles.ts";
import type { EntryOffer, EntryOption, WidgetConfig } from "./frames.ts";
import { ENTRY } from "./i18n/entry.ts";
import type { Lang } from "./lang.ts";
import { assetUrl, paint } from "./theme.ts";

/** `config.entry` (src/sites/settings/sections/entry.ts); anything missing is the built-in look. */
export interface EntryConfig {
  style?: string;
  corner?: string;
  marginX?: number;
  marginY?: number;
  onlineImage?: string | null;
  offlineImage?: string | null;
  linkText?: Partial<Record<Lang, string>>;
}

export interface EntryNow {
  config: WidgetConfig;
  lang: Lang;
  online: boolean;
  open: boolean;
  unread: number;
  /** False until the online state is known (or 4 s passed): nothing is drawn before. */
  shown: boolean;
  /** V24: the groups or agents offered (`connected.entry`, `entry` frames), for the list style. */
  offer: EntryOffer | null;
}

const px = (v: unknown, d: number) => (typeof v == "number" && v >= 0 && v <= 200 ? v : d) + "px";

/**
 * The entry styles (V2): a floating button in a corner with margins, or in the page right after
 * the snippet's script element — a fixed image (one per online/offline state), a text link, or
 * the list of groups/agents with their live status (a click opens the chat with that pick) —
 * or nothing at all (hidden: only an agent's invitation or message opens the chat). Redrawn on
 * every change of state or of the site's config, so a saved setting applies without reload.
 */
export function entryView(o: {
  host: HTMLElement;
  box: HTMLElement;
  anchor: Element | null;
  origin: string;
  toggle(): void;
  pick(kind: EntryOffer["kind"], option: EntryOption): void;
}) {
  const floating = entryButton(o.box, o.toggle);
  let inline: { host: HTMLElement; root: ShadowRoot; css: HTMLStyleElement } | null = null;
  let sig = "";

  function place(n: EntryNow, cfg: EntryConfig, on: boolean) {
    const corner = on && cfg.corner && /^(top|bottom)-(left|right)$/.test(cfg.corner) ? cfg.corner : "bottom-right";
    const [v, side] = corner.split("-");
    const s = floating.button.style;
    for (const k of ["top", "bottom", "left", "right"]) s.removeProperty(k);
    s.setProperty(side, px(cfg.marginX, 20));
    s.setProperty(v, px(cfg.marginY, 20));
    // The panel opens beside the button (panel CSS reads these); without a button, bottom right.
    o.host.setAttribute("data-corner", corner);
    o.host.style.setProperty("--yk-px", on ? px(cfg.marginX, 20) : "20px");
    o.host.style.setProperty("--yk-py", on ? parseInt(px(cfg.marginY, 20)) + Math.max(56, floating.button.offsetHeight) + 12 + "px" : "20px");
  }

  function mount(): NonNullable<typeof inline> {
    const host = document.createElement("yingke-entry");
    const root = host.attachShadow({ mode: "open" });
    const css = h("style", null, INLINE_CSS);
    const a = o.anchor;
    // Right after the snippet, where the site put it; a snippet in <head> (or gone) draws at the end of the body.
    if (a && a.isConnected && document.body && document.body.contains(a)) a.after(host);
    else (document.body || document.documentElement).appendChild(host);
    return { host, root, css };
  }

  function inlineContent(n: EntryNow, cfg: EntryConfig, style: string, image: string | null): HTMLElement {
    const t = ENTRY[n.lang];
    const label = entryLabel(t, n.online, n.open, n.unread);
    const dialog = { "aria-haspopup": "dialog", "aria-expanded": String(n.open) };
    if (style == "list") {
      const offer = n.offer!;
      return h(
        "div",
        { class: "l" },
        h("p", null, t.online),
        h(
          "ul",
          null,
          ...offer.options.map((opt) => {
            const b = h("button", { type: "button", class: opt.online ? "o on" : "o", "data-id": opt.id, ...dialog }, h("span", null, opt.name), h("span", { class: "s" }, h("i"), opt.online ? t.available : t.away));
            b.addEventListener("click", () => o.pick(offer.kind, opt));
            return h("li", null, b);
          }),
        ),
      );
    }
    const badge = h("span", { class: "b", "aria-hidden": "true" }, n.unread && !n.open ? String(Math.min(n.unread, 99)) : "");
    const b =
      style == "text"
        ? h("button", { type: "button", class: "t", ...dialog }, cfg.linkText?.[n.lang] || (n.online ? t.online : t.offline))
        : image
          ? h("button", { type: "button", class: "i", "aria-label": label, ...dialog }, h("img", { src: image, alt: "" }), badge)
          : h("button", { type: "button", class: n.online ? "k on" : "k", "aria-label": label, ...dialog }, chatIcon(), n.online ? t.online : t.offline, h("span", { class: "d" }), badge);
    b.addEventListener("click", o.toggle);
    return b;
  }

  return {
    update(n: EntryNow) {
      const cfg = (n.config.entry || {}) as EntryConfig;
      const colors = (n.config.branding as { colors?: unknown } | undefined)?.colors;
      paint(o.host, colors);
      let style = cfg.style || "floating";
      // A list with nothing to list (the site withdrew its choice) falls back to the button.
      if (style == "list" && !n.offer?.options.length) style = "floating";
      const first = n.online ? cfg.onlineImage || cfg.offlineImage : cfg.offlineImage || cfg.onlineImage;
      const image = assetUrl(o.origin, first);
      const fl = style == "floating";
      floating.button.hidden = !(n.shown && fl);
      floating.update({ online: n.online, open: n.open, unread: n.unread, t: ENTRY[n.lang], image: fl ? image : null });
      place(n, cfg, fl);

      if (!n.shown || !/^(image|text|list)$/.test(style)) {
        inline?.host.remove();
        inline = null;
        sig = "";
        return;
      }
      inline = inline || mount();
      paint(inline.host, colors);
      const s = JSON.stringify([style, n.lang, n.online, n.open, n.unread, image, cfg.linkText, style == "list" && n.offer]);
      if (s == sig) return;
      sig = s;
      const active = inline.root.activeElement;
      const id = active && active.getAttribute("data-id");
      inline.root.replaceChildren(inline.css, inlineContent(n, cfg, style, image));
      if (active) ([...inline.root.querySelectorAll("button")].find((b) => b.getAttribute("data-id") === id) || inline.root.querySelector("button"))?.focus();
    },
    /** Back to the entry after the panel closes (whichever style is drawn). */
    focus() {
      if (!floating.button.hidden) floating.button.focus();
      else inline?.root.querySelector("button")?.focus();
    },
  };
}
