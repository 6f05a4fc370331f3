/**
 * A reverse proxy on loopback that behaves like a strict corporate proxy: plain HTTP requests
 * (including long-lived text/event-stream responses, streamed through as they come) are
 * forwarded to Yingke, every WebSocket upgrade is refused with 403. The widget's snippet then
 * points at the proxy's origin, so the browser only ever talks to the proxy. Like a reverse
 * proxy configured to pass it on, it keeps the browser's Host header (so pages Yingke renders
 * through it, such as the admin page's embed snippet, name the proxy's address).
 */
export interface WsRefusingProxy {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** WebSocket upgrades refused, by path. */
  refused: string[];
  /** Requests forwarded to Yingke, as "METHOD /path". */
  forwarded: string[];
  /**
   * Holds each chunk of an event stream this long before passing it on, as a buffering proxy
   * on a slow link does (0: pass through at once). Other responses are never held.
   */
  streamLagMs: number;
  stop(): void;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business and not forwarded. */
const HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"];

export function wsRefusingProxy(target: string): WsRefusingProxy {
  const upstream = new URL(target);
  const proxy: WsRefusingProxy = { origin: "", refused: [], forwarded: [], streamLagMs: 0, stop: () => server.stop(true) };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0, // an event stream may be quiet for a while; Yingke's pings keep it honest
    async fetch(req) {
      const url = new URL(req.url);
      if ((req.headers.get("upgrade") ?? "").toLowerCase() === "websocket") {
        proxy.refused.push(url.pathname);
        return new Response("WebSocket is not allowed through this proxy", { status: 403, headers: { "content-type": "text/plain" } });
      }
      const headers = new Headers(req.headers);
      for (const h of HOP) headers.delete(h);
      headers.set("accept-encoding", "identity"); // pass bodies through byte for byte
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      proxy.forwarded.push(`${req.method} ${url.pathname}`);
      let res: Response;
      try {
        res = await fetch(new URL(url.pathname + url.search, upstream), {
          method: req.method,
          headers,
          body: hasBody ? await req.arrayBuffer() : undefined,
          redirect: "manual",
          signal: req.signal, // the browser going away closes the upstream stream too
        });
      } catch {
        return new Response("bad gateway", { status: 502 });
      }
      const out = new Headers(res.headers);
      for (const h of HOP) out.delete(h);
      out.delete("content-length");
      const lag = async (chunk: Uint8Array, c: TransformStreamDefaultController<Uint8Array>) => {
        if (proxy.streamLagMs > 0) await Bun.sleep(proxy.streamLagMs);
        c.enqueue(chunk);
      };
      const body = res.body && (res.headers.get("content-type") ?? "").startsWith("text/event-stream") ? res.body.pipeThrough(new TransformStream({ transform: lag })) : res.body;
      return new Response(body, { status: res.status, statusText: res.statusText, headers: out });
    },
  });
  proxy.origin = `http://127.0.0.1:${server.port}`;
  return proxy;
}
