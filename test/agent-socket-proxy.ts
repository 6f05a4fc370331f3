import type { ServerWebSocket } from "bun";

/**
 * A reverse proxy on loopback for the console's browser tests that can break the agent's
 * WebSocket the way a network does: `cut()` drops every proxied socket at once (TCP reset, no
 * closing handshake) and `refuse` answers new upgrades with 503 until cleared. Plain HTTP goes
 * through untouched, keeping the browser's Host, so Yingke sees a same-origin console.
 */
export interface AgentSocketProxy {
  origin: string;
  refuse: boolean;
  /** Upgrades answered, refused ones included. */
  upgrades: number;
  cut(): void;
  stop(): void;
}

const HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];
type Link = { path: string; cookie: string; upstream?: WebSocket; queue: (string | Buffer)[] };

export function agentSocketProxy(target: string): AgentSocketProxy {
  const upstream = new URL(target);
  const open = new Set<ServerWebSocket<Link>>();
  const proxy: AgentSocketProxy = {
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
    async fetch(req, srv) {
      const url = new URL(req.url);
      if ((req.headers.get("upgrade") ?? "").toLowerCase() === "websocket") {
        proxy.upgrades++;
        if (proxy.refuse) return new Response("unavailable", { status: 503 });
        return srv.upgrade(req, { data: { path: url.pathname + url.search, cookie: req.headers.get("cookie") ?? "", queue: [] } }) ? undefined : new Response("upgrade failed", { status: 400 });
      }
      const headers = new Headers(req.headers);
      for (const h of HOP) headers.delete(h);
      headers.set("accept-encoding", "identity");
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      try {
        const res = await fetch(new URL(url.pathname + url.search, upstream), { method: req.method, headers, body: hasBody ? await req.arrayBuffer() : undefined, redirect: "manual" });
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
        // Yingke checks that the Origin names its own host, as the browser's did for the proxy.
        const up = new WebSocket(`ws://${upstream.host}${ws.data.path}`, { headers: { cookie: ws.data.cookie, origin: upstream.origin } } as any);
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
