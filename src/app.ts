import { Elysia } from "elysia";
import type { Services } from "./services.ts";
import { servesHttps } from "./platform/config.ts";
import { errorMapper } from "./http/errors.ts";
import { securityHeadersPlugin } from "./http/security-headers.ts";
import { requestLogging } from "./http/logging.ts";
import { requestContext, socketPeer, type PeerAddress } from "./http/request-context.ts";
import { accessGuard } from "./http/guard.ts";
import { systemRoutes } from "./http/system-routes.ts";
import { consoleAssets, staticAssets } from "./http/static.ts";
import { authRoutes } from "./auth/index.ts";
import { adminRoutes } from "./admin/index.ts";
import { agentSocket } from "./realtime/agent-socket.ts";

/**
 * The composition root: global plugins first (hooks apply only to routes registered after
 * them), then one plugin per domain. No listen() here, so tests drive it with app.handle().
 */
export function createApp(services: Services, opts: { peerAddress?: PeerAddress } = {}) {
  const https = servesHttps(services.config);
  return new Elysia({
    websocket: {
      idleTimeout: 120,
      maxPayloadLength: 64 * 1024,
      backpressureLimit: 1024 * 1024,
      closeOnBackpressureLimit: true,
    },
  })
    .use(securityHeadersPlugin({ https }))
    .use(errorMapper(services.logger))
    .use(requestContext(services, opts.peerAddress ?? socketPeer))
    .use(requestLogging(services.logger))
    .use(accessGuard(services.logger))
    .use(systemRoutes(services))
    .use(staticAssets())
    .use(consoleAssets())
    .use(authRoutes(services))
    .use(adminRoutes(services))
    .use(agentSocket(services));
}
export type App = ReturnType<typeof createApp>;
