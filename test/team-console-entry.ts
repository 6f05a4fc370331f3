/**
 * A stand-in for the console shell in the team browser test: loads the signed-in agent, owns the
 * one agent WebSocket and feeds its frames to lib/channel, and mounts the team elements the way
 * the shell will (one <yk-notices>, one <yk-internal-chat>). Bundled by the test, not shipped.
 */
import { setCsrfToken } from "../web/src/lib/api.ts";
import { emitFrame } from "../web/src/lib/channel.ts";
import { setMe } from "../web/src/lib/session.ts";
import "../web/src/features/team/index.ts";

const events: { type: string; detail: unknown }[] = ((window as any).__ykEvents = []);
for (const type of ["yk-notice", "yk-internal-unread", "yk-internal-message"]) document.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));

const me = await (await fetch("/api/me", { headers: { accept: "application/json" } })).json();
setMe(me);
setCsrfToken(me.csrfToken);
document.body.append(document.createElement("yk-notices"), document.createElement("yk-internal-chat"));
const ws = new WebSocket(`ws://${location.host}/ws/agent`);
ws.onmessage = (e) => {
  const frame = JSON.parse(String(e.data));
  if (frame.type === "connected") document.body.dataset.connected = "1";
  emitFrame(frame);
};
