/**
 * Browser-test entry for the collaboration elements while the console shell is elsewhere: it
 * bundles the feature with the console's own lib modules and plays the shell's part (session,
 * CSRF token, one agent socket feeding the frame bus). Built by test/browser-console-transfer.test.ts.
 */
import "../web/src/features/collab/index.ts";
import { emitFrame } from "../web/src/lib/channel.ts";
import { setMe } from "../web/src/lib/session.ts";
import { setCsrfToken } from "../web/src/lib/api.ts";

async function start(): Promise<void> {
  const me = await (await fetch("/api/me", { headers: { accept: "application/json" } })).json();
  setMe(me);
  setCsrfToken(me.csrfToken);
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/agent`);
    ws.onmessage = (e) => {
      const frame = JSON.parse(String(e.data));
      emitFrame(frame);
      if (frame.type === "connected") resolve();
    };
    ws.onerror = () => reject(new Error("agent socket failed"));
  });
}

(globalThis as any).ykTest = { start };
