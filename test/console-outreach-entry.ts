/**
 * Test-only entry for test/browser-console-outreach.test.ts: the outreach elements with the
 * console's libraries, signed in as the page's agent, fed by an agent-channel socket of their
 * own (the shell does this in the real console). Bundled by the test and served same-origin.
 */
import "../web/src/features/outreach/index.ts";
import { setCsrfToken } from "../web/src/lib/api.ts";
import { emitFrame } from "../web/src/lib/channel.ts";
import { setMe, type Me } from "../web/src/lib/session.ts";

(window as unknown as { __ykReady: Promise<void> }).__ykReady = (async () => {
  const me = (await (await fetch("/api/me", { headers: { accept: "application/json" } })).json()) as Me;
  setCsrfToken(me.csrfToken);
  setMe(me);
  await new Promise<void>((resolve) => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/agent`);
    ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data));
      emitFrame(frame);
      if (frame.type === "connected") resolve();
    };
  });
})();
