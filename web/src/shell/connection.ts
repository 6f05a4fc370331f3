import { emitFrame, setSender } from "../lib/channel.ts";

/**
 * The console's one agent WebSocket. Every frame goes to the channel bus; on close it reconnects
 * with growing delays (not after 4001/4003: the session is gone, so back to the sign-in page).
 * `onConnected(resumed)` runs on every `connected` frame, so the shell can resume what it missed.
 */
export type ConnState = "connecting" | "connected" | "reconnecting" | "offline";

export interface ConnectionOptions {
  onState(state: ConnState): void;
  onConnected(resumed: boolean, frame: any): void;
  url?: string;
}

export function backoffMs(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.min(attempt, 5));
}

export function startConnection(opts: ConnectionOptions) {
  const url = opts.url ?? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/agent`;
  let attempt = 0;
  let everConnected = false;
  let ws: WebSocket | null = null;
  let pinger: ReturnType<typeof setInterval> | null = null;
  let lastFrameAt = Date.now();

  const retry = (code: number) => {
    setSender(null);
    if (code === 4001 || code === 4003) {
      location.href = "/login?next=/console";
      return;
    }
    // A few quick retries show "reconnecting"; after that (or with the network down) "offline".
    opts.onState(attempt >= 3 || navigator.onLine === false ? "offline" : "reconnecting");
    setTimeout(open, backoffMs(attempt++));
  };

  const open = () => {
    const socket = new WebSocket(url);
    ws = socket;
    lastFrameAt = Date.now();
    socket.onmessage = (e) => {
      lastFrameAt = Date.now();
      let frame: any;
      try {
        frame = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (frame?.type === "connected") {
        attempt = 0;
        opts.onState("connected");
        setSender((f) => {
          if (socket.readyState !== WebSocket.OPEN) return false;
          socket.send(JSON.stringify(f));
          return true;
        });
        opts.onConnected(everConnected, frame);
        everConnected = true;
      }
      emitFrame(frame);
    };
    socket.onclose = (e) => {
      if (ws !== socket) return;
      ws = null;
      retry(e.code);
    };
  };
  opts.onState("connecting");
  open();
  // Pings keep idle proxies from closing the socket, and their pongs prove it still works: a
  // socket silent for two rounds is given up at once rather than after the TCP timeout.
  pinger = setInterval(() => {
    const s = ws;
    if (s?.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastFrameAt > 60_000) {
      ws = null;
      s.close();
      retry(1006);
      return;
    }
    s.send('{"type":"ping"}');
  }, 25_000);
  return {
    stop() {
      if (pinger) clearInterval(pinger);
      const s = ws;
      ws = null;
      s?.close();
    },
  };
}
