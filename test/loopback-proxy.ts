import type { ServerWebSocket } from "bun";

/**
 * A reverse proxy on loopback in front of a test server, for HTTP and WebSocket, that tests can
 * break or shape: `cut()` drops every proxied socket at once (TCP reset, no closing handshake),
 * `refuse` answers new upgrades with 503 until cleared. What it adds to requests is up to the
 * caller (test/agent-socket-proxy.ts, test/forwarding-proxy.ts).
 */
export interface LoopbackProxy {
  origin: string;
  refuse: boolean;
  /** Upgrades answered, refused ones included. */
  upgrades: number;
  cut(): void;
  stop(): void;
}

export interface LoopbackProxyOptions {
  /** Headers of the upstream WebSocket opened for a browser's upgrade request. */
  socketHeaders(req: Request): Record<string, string>;
  /** Changes to a plain HTTP request's headers on the way up. */
  requestHeaders?(headers: Headers): void;
  idleTimeout?: number;
}

const HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];
type Link = { path: string; headers: Record<string, string>; upstream?: WebSocket; queue: (string | Buffer)[] };

export function loopbackProxy(target: string, o: LoopbackProxyOptions): LoopbackProxy {
  const upstream = new URL(target);
  const open = new Set<ServerWebSocket<Link>>();
  const proxy: LoopbackProxy = {
    origin: "",
    refuse: false,
    upgrades: 0,
    cut() {
      for (const ws of open) {
        ws.data.upstream?.close();
        ws.terminate();
      }
      open.clear();
    },
    stop() {
      proxy.cut();
      server.stop(true);
    },
  };
  const server = Bun.serve<Link>({
    hostname: "127.0.0.1",
    port: 0,
    ...(o.idleTimeout !== undefined ? { idleTimeout: o.idleTimeout } : {}),
    async fetch(req, srv) {
      const url = new URL(req.url);
      if ((req.headers.get("upgrade") ?? "").toLowerCase() === "websocket") {
        proxy.upgrades++;
        if (proxy.refuse) return new Response("unavailable", { status: 503 });
        return srv.upgrade(req, { data: { path: url.pathname + url.search, headers: o.socketHeaders(req), queue: [] } }) ? undefined : new Response("upgrade failed", { status: 400 });
      }
      const headers = new Headers(req.headers);
      for (const h of HOP) headers.delete(h);
      headers.set("accept-encoding", "identity");
      o.requestHeaders?.(headers);
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      try {
        const res = await fetch(new URL(url.pathname + url.search, upstream), { method: req.method, headers, body: hasBody ? await req.arrayBuffer() : undefined, redirect: "manual", signal: req.signal });
        const out = new Headers(res.headers);
        for (const h of HOP) out.delete(h);
        out.delete("content-length");
        return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
      } catch {
        return new Response("bad gateway", { status: 502 });
      }
    },
    websocket: {
      open(ws) {
        open.add(ws);
        const up = new WebSocket(`ws://${upstream.host}${ws.data.path}`, { headers: ws.data.headers } as any);
        ws.data.upstream = up;
        up.onopen = () => {
          for (const m of ws.data.queue.splice(0)) up.send(m);
        };
        up.onmessage = (e) => ws.send(typeof e.data === "string" ? e.data : Buffer.from(e.data as ArrayBuffer));
        up.onclose = (e) => open.has(ws) && ws.close(e.code === 1005 || e.code === 1006 ? 1011 : e.code, e.reason);
      },
      message(ws, m) {
        const up = ws.data.upstream;
        if (up?.readyState === WebSocket.OPEN) up.send(m);
        else ws.data.queue.push(m);
      },
      close(ws) {
        open.delete(ws);
        ws.data.upstream?.close();
      },
    },
  });
  proxy.origin = `http://127.0.0.1:${server.port}`;
  return proxy;
}
