import type { Server } from "bun";
import type { App } from "../app.ts";
import { rememberPeer } from "./peers.ts";
import { WS_PATHS } from "../realtime/sockets.ts";
import { keepHelperThreadsLow } from "../platform/helper-threads.ts";

export interface ListenOptions {
  port: number;
  hostname: string;
  tls?: { cert: ReturnType<typeof Bun.file>; key: ReturnType<typeof Bun.file> };
  /**
   * Lower the runtime's helper threads below the event loop (platform/helper-threads.ts).
   * Default: yes. `false` or a narrower list of thread names only to measure their effect.
   */
  lowerHelperThreads?: boolean | readonly string[];
}

export interface RunningServer {
  server: Server<unknown>;
  port: number;
  /** Stops accepting; with closeActive, open connections are closed too. */
  stop(closeActive?: boolean): Promise<void>;
}

/**
 * The one listening server: WebSocket upgrades go to the realtime layer's own Bun handlers,
 * every other request to the Elysia app. Used by `yingke serve`, the tests and the benchmarks.
 */
export function startServer(app: App, opts: ListenOptions): RunningServer {
  const { sockets, hub } = app.realtime;
  const server = Bun.serve({
    port: opts.port,
    hostname: opts.hostname,
    ...(opts.tls ? { tls: opts.tls } : {}),
    fetch(request, srv) {
      const peer = srv.requestIP(request)?.address ?? "";
      const path = pathOf(request.url);
      if ((WS_PATHS as readonly string[]).includes(path) && request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        return sockets.upgrade(request, srv, path, peer);
      }
      rememberPeer(request, peer);
      return app.handle(request);
    },
    websocket: sockets.websocket,
  });
  hub.attach(server);
  const helpers = opts.lowerHelperThreads;
  const stopLowering = helpers === false ? () => {} : keepHelperThreadsLow(undefined, Array.isArray(helpers) ? helpers : undefined);
  return {
    server,
    port: server.port!,
    async stop(closeActive = true) {
      stopLowering();
      await server.stop(closeActive);
    },
  };
}

/** The path of an absolute request URL without building a URL object on every request. */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.indexOf("?", start);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}
