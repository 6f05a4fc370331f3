import type { ServerWebSocket } from "bun";

/**
 * A reverse proxy on loopback that says which client address each request came from, as a
 * site's nginx does with X-Forwarded-For. Yingke trusts it (server.trusted_proxies =
 * 127.0.0.1), so a browser test can be "in Beijing" or "in Guangdong" (addresses the shipped
 * ip2region database places) by setting `clientIp`. HTTP and WebSocket (both channels) go
 * through with the browser's own headers (Origin, Cookie, Host).
 */
export interface ForwardingProxy {
  origin: string;
  /** The address announced for the next requests and connections. */
  clientIp: string;
  stop(): void;
}

const HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];
type Link = { path: string; headers: Record<string, string>; upstream?: WebSocket; queue: (string | Buffer)[] };

export function forwardingProxy(target: string, clientIp: string): ForwardingProxy {
  const upstream = new URL(target);
  const open = new Set<ServerWebSocket<Link>>();
  const proxy: ForwardingProxy = {
    origin: "",
    clientIp,
    stop() {
      for (const ws of open) ws.terminate();
      server.stop(true);
    },
  };
  const server = Bun.serve<Link>({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(req, srv) {
      const url = new URL(req.url);
      if ((req.headers.get("upgrade") ?? "").toLowerCase() === "websocket") {
        const headers: Record<string, string> = { "x-forwarded-for": proxy.clientIp };
        for (const h of ["origin", "cookie", "user-agent"]) {
          const v = req.headers.get(h);
          if (v) headers[h] = v;
        }
        return srv.upgrade(req, { data: { path: url.pathname + url.search, headers, queue: [] } }) ? undefined : new Response("upgrade failed", { status: 400 });
      }
      const headers = new Headers(req.headers);
      for (const h of HOP) headers.delete(h);
      headers.set("accept-encoding", "identity");
      headers.set("x-forwarded-for", proxy.clientIp);
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
