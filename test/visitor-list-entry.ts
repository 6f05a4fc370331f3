/**
 * Browser entry for the visitor list's Chromium tests and benchmark: the feature plus the console
 * libraries it relies on, standing in for the shell. `yk.mount()` does what the shell does (who
 * is signed in, CSRF token, one agent WebSocket feeding emitFrame) and mounts <yk-visitor-list>.
 */
import { setMe, type Me } from "../web/src/lib/session.ts";
import { setCsrfToken } from "../web/src/lib/api.ts";
import { emitFrame } from "../web/src/lib/channel.ts";
import { setLang } from "../web/src/lib/i18n.ts";
import "../web/src/features/visitors/index.ts";

const events: { type: string; detail: unknown }[] = [];
/** Agent-channel frames received, by type (the benchmark checks the update rate arrived). */
const frames: Record<string, number> = {};

async function mount(o: { socket?: boolean } = {}) {
  const me = (await (await fetch("/api/me", { headers: { accept: "application/json" } })).json()) as Me;
  setMe(me);
  setCsrfToken(me.csrfToken);
  document.body.replaceChildren();
  document.body.className = "";
  for (const type of ["yk-open-visitor", "yk-open-conversation"]) document.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  if (o.socket !== false) {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/agent`);
      ws.onmessage = (e) => {
        const frame = JSON.parse(String(e.data));
        frames[frame.type] = (frames[frame.type] ?? 0) + 1;
        emitFrame(frame);
        if (frame.type === "connected") resolve();
      };
    });
  }
  const list = document.createElement("yk-visitor-list");
  // The shell gives the list the window's height; standing alone it gets the same (via CSSOM: the CSP forbids style attributes).
  list.style.setProperty("height", "calc(100vh - 16px)");
  document.body.append(list);
  return me.id;
}

(globalThis as any).yk = { mount, emitFrame, setLang, events, frames };
