import type { ClientFrame, ServerFrame } from "./frames.ts";
import { backoff, fallbackPolicy } from "./transport-policy.ts";

export interface TransportOptions {
  origin: string;
  site: string;
  /** Current identity, read on every (re)connect so a token issued by `connected` is reused. */
  ident: () => { vid: string | null; token: string | null };
  /** Start on SSE (WebSocket failed on an earlier page view of this site). */
  sse?: boolean;
  /** Called when the page gives up on WebSocket, so later page views can skip it. */
  onSse?: () => void;
  /** Test seams. */
  WebSocket?: typeof WebSocket;
  EventSource?: typeof EventSource;
  delay?: (attempt: number) => number;
}

export interface Transport {
  readonly open: boolean;
  readonly mode: "ws" | "sse";
  on(fn: (f: ServerFrame) => void): () => void;
  /** Writes the frame if the channel is open; false (nothing sent) otherwise. */
  send(f: ClientFrame): boolean;
  start(): void;
  /** Drop the current channel and reconnect at once (skips the backoff), e.g. half-open. */
  reconnect(): void;
}

const PING_MS = 25_000;
/** No frame for this long (pings are answered): the channel is half-open. */
const SILENCE_MS = 70_000;

/**
 * The one realtime channel of a page view, shared by the loader and the panel: WebSocket
 * first, SSE + POST as the fallback (V26), reconnecting forever with capped backoff, and
 * `connected` handed to listeners in the order they subscribed (the loader sends `page`,
 * then the panel sends `resume` and resends its unacknowledged frames: see delivery.ts).
 * It only moves frames: delivery guarantees live with the code that makes cid frames, the
 * panel, which keeps this loader part small. (A closure rather than a class because local
 * names minify and property names do not.)
 */
export function createTransport(o: TransportOptions): Transport {
  const policy = fallbackPolicy(o.sse || !(o.WebSocket || globalThis.WebSocket) ? "sse" : "ws");
  const listeners = new Set<(f: ServerFrame) => void>();
  let open = false;
  let ws: WebSocket | null = null;
  let es: EventSource | null = null;
  let stream = "";
  let token = "";
  let gen = 0;
  let attempt = 0;
  let since = 0;
  let lastRx = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tick: ReturnType<typeof setInterval> | undefined;

  const url = (path: string) => {
    const { vid, token } = o.ident();
    const q = new URLSearchParams({ site: o.site });
    if (vid) q.set("vid", vid);
    if (token) q.set("token", token);
    return `${o.origin}${path}?${q}`;
  };

  function connect() {
    const g = ++gen;
    const onFrame = (e: MessageEvent) => {
      let f: ServerFrame | undefined;
      try {
        f = JSON.parse(e.data);
      } catch {
        // not JSON: ignore
      }
      if (g === gen && f && f.type) receive(f);
    };
    if (policy.mode === "ws") {
      try {
        ws = new (o.WebSocket || WebSocket)(url("/ws/visitor").replace(/^http/, "ws"));
      } catch {
        policy.failedBeforeConnected();
        return down(g);
      }
      ws.onmessage = onFrame;
      ws.onclose = () => {
        if (g !== gen) return;
        if (open) policy.dropped(Date.now() - since);
        else policy.failedBeforeConnected();
        down(g);
      };
    } else {
      es = new (o.EventSource || EventSource)(url("/rt/visitor/stream"));
      es.onmessage = onFrame;
      // EventSource would retry by itself with the old URL (maybe without a token): we do it.
      es.onerror = () => down(g);
    }
  }

  function receive(f: ServerFrame) {
    lastRx = Date.now();
    // Hidden (A11): the server closes the channel. No generation equals NaN, so every pending
    // close, timer and reconnect of this transport is ignored from now on: it stays down.
    if ((f as { mode?: string }).mode == "hide") gen = NaN;
    if (f.type === "connected") {
      open = true;
      since = lastRx;
      attempt = 0;
      policy.connected();
      token = f.token;
      stream = f.stream || "";
      clearInterval(tick);
      tick = setInterval(check, PING_MS);
    }
    emit(f);
  }

  function emit(f: ServerFrame) {
    for (const fn of [...listeners]) {
      try {
        fn(f);
      } catch (e) {
        console.error(e); // one broken listener must not stop the others, nor the transport
      }
    }
  }

  /** A write that fails takes the channel down; the panel resends what was not acked. */
  function write(f: ClientFrame) {
    const g = gen;
    const lost = () => down(g);
    if (ws) {
      try {
        ws.send(JSON.stringify(f));
      } catch {
        lost();
      }
      return;
    }
    // text/plain keeps this a "simple" cross-origin request: no CORS preflight per frame.
    fetch(`${o.origin}/rt/visitor/frames?${new URLSearchParams({ stream, token })}`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(f) })
      .then(async (r) => {
        const list = await r.json().catch(() => 0);
        if (Array.isArray(list)) for (const x of list) g === gen && receive(x);
        else if (!r.ok) throw r.status;
      })
      .catch(lost);
  }

  /** Every 25 s: keep the socket alive, and notice one that died without closing. */
  function check() {
    if (Date.now() - lastRx > SILENCE_MS) down(gen);
    else if (ws) write({ type: "ping" });
  }

  /** Abandon channel generation `g` (if still current) and schedule the next connection. */
  function down(g: number, wait?: number) {
    if (g !== gen) return;
    gen++;
    const wasOpen = open;
    open = false;
    clearInterval(tick);
    clearTimeout(timer);
    if (ws) {
      ws.onclose = ws.onmessage = null;
      try {
        ws.close();
      } catch {
        // already closed
      }
      if (policy.mode === "sse") o.onSse?.();
    }
    es?.close();
    ws = es = null;
    if (wasOpen) emit({ type: "_down" });
    timer = setTimeout(connect, wait ?? (o.delay || ((a) => backoff(a, Math.random())))(attempt++));
  }

  return {
    get open() {
      return open;
    },
    get mode() {
      return policy.mode;
    },
    on(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    send(f) {
      if (open) write(f);
      return open;
    },
    start() {
      connect();
      // Coming back online should not wait for the backoff to run out.
      addEventListener("online", () => open || this.reconnect());
    },
    reconnect() {
      attempt = 0;
      down(gen, 0);
    },
  };
}
