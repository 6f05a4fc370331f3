import { loopbackProxy, type LoopbackProxy } from "./loopback-proxy.ts";

/**
 * A reverse proxy on loopback that says which client address each request came from, as a
 * site's nginx does with X-Forwarded-For. Yingke trusts it (server.trusted_proxies =
 * 127.0.0.1), so a browser test can be "in Beijing" or "in Guangdong" (addresses the shipped
 * ip2region database places) by setting `clientIp`. HTTP and WebSocket (both channels) go
 * through with the browser's own headers (Origin, Cookie, Host).
 */
export interface ForwardingProxy extends LoopbackProxy {
  /** The address announced for the next requests and connections. */
  clientIp: string;
}

export function forwardingProxy(target: string, clientIp: string): ForwardingProxy {
  const proxy = loopbackProxy(target, {
    idleTimeout: 0,
    socketHeaders(req) {
      const headers: Record<string, string> = { "x-forwarded-for": forwarding.clientIp };
      for (const h of ["origin", "cookie", "user-agent"]) {
        const v = req.headers.get(h);
        if (v) headers[h] = v;
      }
      return headers;
    },
    requestHeaders: (headers) => headers.set("x-forwarded-for", forwarding.clientIp),
  });
  const forwarding = Object.assign(proxy, { clientIp });
  return forwarding;
}
