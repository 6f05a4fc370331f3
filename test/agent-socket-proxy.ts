import { loopbackProxy, type LoopbackProxy } from "./loopback-proxy.ts";

/**
 * A reverse proxy for the console's browser tests that can break the agent's WebSocket the way
 * a network does (`cut()`, `refuse`; test/loopback-proxy.ts). Plain HTTP goes through
 * untouched, keeping the browser's Host, so Yingke sees a same-origin console.
 */
export type AgentSocketProxy = LoopbackProxy;

export function agentSocketProxy(target: string): AgentSocketProxy {
  const upstream = new URL(target);
  return loopbackProxy(target, {
    // Yingke checks that the Origin names its own host, as the browser's did for the proxy.
    socketHeaders: (req) => ({ cookie: req.headers.get("cookie") ?? "", origin: upstream.origin }),
  });
}
