import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { VERSION } from "../platform/version.ts";

/** Monitoring and the root redirect. /healthz stays cheap: one trivial query. */
export function systemRoutes(s: Services) {
  return new Elysia({ name: "system-routes" })
    .get("/healthz", ({ set }) => {
      let databaseOk = false;
      try {
        databaseOk = (s.db.query("SELECT 1 AS ok").get() as { ok: number }).ok === 1;
      } catch {
        databaseOk = false;
      }
      if (!databaseOk) set.status = 503;
      return {
        status: databaseOk ? "ok" : "degraded",
        version: VERSION,
        uptimeSeconds: Math.floor((s.clock.now() - s.startedAt) / 1000),
        database: databaseOk ? "ok" : "error",
      };
    })
    .get("/", () => new Response(null, { status: 303, headers: { location: "/console" } }));
}
