import { bridgeName, type Bridge } from "./bridge.ts";
import { createPanel } from "./panel-app.ts";

/**
 * panel.js — fetched by the loader when the chat is first opened (or an agent writes). It
 * finds the loader's bridge by the site key in its own URL, then draws into the same shadow
 * root and listens on the same connection: no second socket per page view.
 */
const me = document.currentScript as HTMLScriptElement | null;
const site = me && me.src ? new URL(me.src).searchParams.get("site") : null;
const bridge = site ? ((window as unknown as Record<string, unknown>)[bridgeName(site)] as Bridge | 1 | undefined) : undefined;
// Before main.js has started, the name holds the loader's claim (the snippet element), not a bridge.
if (bridge && bridge !== 1 && typeof (bridge as Bridge).attach === "function" && !(bridge as Bridge & { panel?: unknown }).panel) {
  (bridge as Bridge & { panel?: unknown }).panel = true;
  bridge.attach(createPanel(bridge));
}
