import { bridgeName } from "./bridge.ts";

/**
 * widget.js — what a site embeds with `<script async src="…/widget.js?site=KEY">` (V1). It only
 * claims the page for this site and, once the page has parsed and the browser is idle, fetches
 * main.js (entry, connection, invitations), so the snippet costs a host page almost nothing
 * and main.js can grow with the settings without touching the embed line.
 * The script is async, so document.currentScript is valid only now, synchronously: it tells us
 * the server's origin and the site key, and marks where the snippet sits in the page (the
 * fixed-image and text-link entry styles are drawn there).
 */
const me = document.currentScript as HTMLScriptElement | null;
const src = me && me.src ? new URL(me.src) : null;
const site = src && src.searchParams.get("site");
const w = window as unknown as Record<string, unknown>;

if (src && site && !w[bridgeName(site)]) {
  // Claimed (a second copy of the snippet must not start a second widget); main.js finds the
  // snippet's element here and replaces it with the bridge.
  w[bridgeName(site)] = me;
  const go = () =>
    // Where requestIdleCallback is missing, setTimeout reads the options object as a 0 delay.
    (window.requestIdleCallback || setTimeout)(() => {
      const s = document.createElement("script");
      s.src = `${src.origin}/widget/main.js?site=${encodeURIComponent(site)}`;
      document.head.appendChild(s);
    }, { timeout: 2000 } as never);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go, { once: true });
  else go();
}
