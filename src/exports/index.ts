import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";

const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Export jobs (X4): start one, follow its progress, download the finished file, cancel or remove
 * it. Every route needs data.export (ROUTE_POLICY); the source's own permission is checked when
 * the job starts, and a job is visible to its owner only (anyone else gets 404).
 */
export function exportRoutes(s: Services) {
  const scope = (ctx: unknown) => ctx as RequestScope & { params: { id: string }; body: Record<string, unknown> | undefined };
  return new Elysia({ name: "export-routes" })
    .post("/api/exports", (ctx) => {
      const c = scope(ctx);
      const p = c.principal!;
      const body = c.body ?? {};
      const job = s.exportJobs.start(p, { id: p.agent.id, name: p.agent.username, ip: c.ip }, body);
      ctx.set.status = 202;
      return job;
    })
    .get("/api/exports/:id", (ctx) => {
      const c = scope(ctx);
      return s.exportJobs.get(c.principal!, c.params.id);
    })
    .get("/api/exports/:id/file", (ctx) => {
      const c = scope(ctx);
      const f = s.exportJobs.file(c.principal!, c.params.id);
      return new Response(Bun.file(f.path), {
        headers: {
          "content-type": f.contentType,
          "content-disposition": attachment(f.asciiName, f.filename),
          "cache-control": "private, no-store",
          "x-content-type-options": "nosniff",
          // An HTML export opened on our origin must not run anything or load anything.
          "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
        },
      });
    })
    .delete("/api/exports/:id", async (ctx) => {
      const c = scope(ctx);
      await s.exportJobs.remove(c.principal!, c.params.id);
      return new Response(null, { status: 204 });
    });
}
