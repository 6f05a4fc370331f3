import { bridgeName } from "./bridge.ts";
import { startWidget } from "./start.ts";

/**
 * main.js — fetched by widget.js right after the page settles: opens the connection and draws
 * the entry. It finds the site key in its own URL and the snippet's element in the claim the
 * loader left on the bridge's name.
 */
const me = document.currentScript as HTMLScriptElement | null;
const src = me && me.src ? new URL(me.src) : null;
const site = src && src.searchParams.get("site");
const claim = site ? (window as unknown as Record<string, unknown>)[bridgeName(site)] : null;
if (src && site && claim instanceof HTMLScriptElement) startWidget({ origin: src.origin, site, anchor: claim });
