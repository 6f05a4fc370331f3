import { Elysia } from "elysia";
import type { Logger } from "../platform/logger.ts";

/** One JSON line per request, written after the response so it carries the final status. */
export function requestLogging(logger: Logger) {
  return new Elysia({ name: "request-logging" })
    .onAfterResponse({ as: "global" }, (ctx) => {
      const c = ctx as typeof ctx & { requestId?: string; startedAt?: number; ip?: string; response?: unknown };
      const status = c.response instanceof Response ? c.response.status : Number(c.set.status ?? 200);
      const url = new URL(c.request.url);
      logger.info({
        requestId: c.requestId,
        method: c.request.method,
        path: url.pathname,
        status,
        ms: c.startedAt ? Math.round((performance.now() - c.startedAt) * 10) / 10 : undefined,
        ip: c.ip,
      }, "request");
    });
}
