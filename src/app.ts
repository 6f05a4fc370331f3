import { Elysia } from "elysia";
import type { Services } from "./services.ts";
import { servesHttps } from "./platform/config.ts";
import { errorMapper } from "./http/errors.ts";
import { securityHeadersPlugin } from "./http/security-headers.ts";
import { requestLogging } from "./http/logging.ts";
import { requestContext, type PeerAddress } from "./http/request-context.ts";
import { peerOf } from "./http/peers.ts";
import { accessGuard } from "./http/guard.ts";
import { systemRoutes } from "./http/system-routes.ts";
import { consoleAssets, staticAssets, widgetAssets } from "./http/static.ts";
import { authRoutes } from "./auth/index.ts";
import { adminRoutes } from "./admin/index.ts";
import { createRealtime } from "./realtime/index.ts";
import { visitorRoutes } from "./realtime/visitor-routes.ts";
import { consoleApi } from "./realtime/console-api.ts";
import { chatRoutes } from "./chat/index.ts";
import { leaveRoutes } from "./leave/index.ts";
import { fileRoutes } from "./files/index.ts";
import { kbRoutes } from "./kb/index.ts";
import { teamRoutes } from "./team/index.ts";
import { collabRoutes } from "./chat/collab/index.ts";
import { outreachRoutes } from "./outreach/index.ts";
import { careRoutes } from "./care/index.ts";
import { preferencesRoutes } from "./agents/preferences/index.ts";
import { supervisionRoutes } from "./supervision/index.ts";
import { siteImageRoutes } from "./files/site-images/index.ts";
import { customerRoutes } from "./customers/index.ts";
import { exportRoutes } from "./exports/index.ts";

/**
 * The composition root: global plugins first (hooks apply only to routes registered after
 * them), then one plugin per domain. No listen() here, so tests drive it with app.handle().
 */
export function createApp(services: Services, opts: { peerAddress?: PeerAddress } = {}) {
  const https = servesHttps(services.config);
  const realtime = createRealtime(services);
  const app = new Elysia()
    .use(securityHeadersPlugin({ https }))
    .use(errorMapper(services.logger))
    .use(requestContext(services, opts.peerAddress ?? peerOf))
    .use(requestLogging(services.logger))
    .use(accessGuard(services.logger))
    .use(systemRoutes(services))
    .use(staticAssets())
    .use(consoleAssets())
    .use(widgetAssets())
    .use(authRoutes(services))
    .use(adminRoutes(services))
    .use(sitesAndChat(services))
    .use(visitorRoutes(services, realtime.visitors))
    .use(teamRoutes(services))
    .use(preferencesRoutes(services))
    .use(supervisionRoutes(services))
    .use(customerRoutes(services))
    .use(siteImageRoutes(services))
    .use(exportRoutes(services));
  // WebSockets are served by the realtime layer's own handlers (http/server.ts), beside the app.
  return Object.assign(app, { realtime });
}
export type App = ReturnType<typeof createApp>;

/** The agent-facing APIs of the visitor side, grouped so the root stays readable. */
function sitesAndChat(services: Services) {
  return new Elysia({ name: "visitor-side-apis" }).use(consoleApi(services)).use(chatRoutes(services)).use(leaveRoutes(services)).use(fileRoutes(services))
    .use(kbRoutes(services)).use(collabRoutes(services)).use(outreachRoutes(services))
    .use(careRoutes(services));
}
