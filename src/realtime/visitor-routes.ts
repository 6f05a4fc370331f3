import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import type { Services } from "../services.ts";
import type { SiteRow } from "../sites/service.ts";
import type { RequestScope } from "../auth/model.ts";
import { randomToken } from "../platform/ids.ts";
import { AppError } from "../platform/errors.ts";
import type { Conn, Hub } from "./hub.ts";
import { createVisitorSessions, MAX_FRAME_BYTES, type VisitorSession } from "./visitor-session.ts";

const SSE_PING_MS = 25_000;
/** Bytes an SSE client may lag behind before it is cut off (and resumes). */
const SSE_MAX_QUEUED = 1024 * 1024;

/** The site named in the request, if it exists, is enabled and the Origin is one of its own. */
export function siteForRequest(s: Services, request: Request, siteKey: unknown): { site: SiteRow; origin: string } | { status: number; message: string } {
  const site = s.sites.byKey(String(siteKey ?? ""));
  if (!site || site.disabled) return { status: 404, message: "unknown site" };
  const origin = request.headers.get("origin");
  if (!origin || !s.sites.originAllowed(site, origin)) return { status: 403, message: "this page's origin is not allowed for the site" };
  return { site, origin };
}

export const corsHeaders = (origin: string) => ({
  "access-control-allow-origin": origin,
  "access-control-allow-methods": "GET, POST",
  "access-control-allow-headers": "content-type",
  "access-control-max-age": "600",
  vary: "Origin",
});

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });

/** Visitor channel transports: WebSocket, and the SSE + POST fallback carrying the same frames. */
export function visitorRoutes(s: Services, hub: Hub) {
  const sessions = createVisitorSessions(s, hub);
  const wsSessions = new Map<ServerWebSocket<unknown>, VisitorSession>();
  const streams = new Map<string, VisitorSession>();
  const scope = (ctx: unknown) => ctx as RequestScope & { query: Record<string, string | undefined>; request: Request };

  return new Elysia({ name: "visitor-routes" })
    .ws("/ws/visitor", {
      beforeHandle(ctx) {
        const c = scope(ctx);
        const found = siteForRequest(s, c.request, c.query.site);
        if ("status" in found) return json({ error: { code: found.status === 404 ? "not_found" : "bad_origin", message: found.message } }, found.status);
      },
      open(ws) {
        const data = ws.data as unknown as RequestScope & { query: Record<string, string | undefined>; request: Request };
        const found = siteForRequest(s, data.request, data.query.site);
        if ("status" in found) return ws.close(4003, found.message);
        const raw = (ws as unknown as { raw: ServerWebSocket<unknown> }).raw;
        const conn: Conn = {
          id: randomToken(9),
          // 0 means Bun dropped the frame; -1 means it is queued under backpressure (Bun closes
          // the socket itself once the backpressure limit is passed).
          send: (frame) => raw.send(JSON.stringify(frame)) !== 0,
          close: (code, reason) => raw.close(code, reason),
        };
        wsSessions.set(raw, sessions.open(found.site, data.query.token, { ip: data.ip, userAgent: data.userAgent }, conn));
      },
      async message(ws, message) {
        const raw = (ws as unknown as { raw: ServerWebSocket<unknown> }).raw;
        const session = wsSessions.get(raw);
        if (!session) return;
        const replies = await sessions.handle(session, typeof message === "string" ? message : message);
        for (const r of replies) hub.send(session.conn, r);
      },
      close(ws) {
        const raw = (ws as unknown as { raw: ServerWebSocket<unknown> }).raw;
        const session = wsSessions.get(raw);
        if (session) sessions.close(session);
        wsSessions.delete(raw);
      },
    })
    .get("/rt/visitor/stream", (ctx) => {
      const c = scope(ctx);
      const found = siteForRequest(s, c.request, c.query.site);
      if ("status" in found) return json({ error: { code: "refused", message: found.message } }, found.status);
      const streamId = randomToken(18);
      const encoder = new TextEncoder();
      let session: VisitorSession | null = null;
      let ping: ReturnType<typeof setInterval> | undefined;
      let closed = false;
      // Runs once, whichever side ends the stream first.
      const finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        streams.delete(streamId);
        if (session) sessions.close(session);
      };
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const conn: Conn = {
            id: streamId,
            send(frame) {
              if (closed || (controller.desiredSize ?? 0) < 0) return false;
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(frame)}\n\n`));
              return true;
            },
            close(code, reason) {
              if (closed) return;
              try {
                controller.enqueue(encoder.encode(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`));
                controller.close();
              } catch {
                /* the client already went away */
              }
              finish();
            },
          };
          session = sessions.open(found.site, c.query.token, { ip: c.ip, userAgent: c.userAgent }, conn, { stream: streamId });
          streams.set(streamId, session);
          ping = setInterval(() => {
            if (!closed) controller.enqueue(encoder.encode(": ping\n\n"));
          }, SSE_PING_MS);
        },
        cancel: finish,
      }, { highWaterMark: SSE_MAX_QUEUED, size: (chunk) => chunk?.byteLength ?? 0 });
      return new Response(stream, {
        headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no", ...corsHeaders(found.origin) },
      });
    })
    .options("/rt/visitor/frames", (ctx) => preflight(s, scope(ctx)))
    .post("/rt/visitor/frames", async (ctx) => {
      const c = scope(ctx);
      const session = streams.get(String(c.query.stream ?? ""));
      const origin = c.request.headers.get("origin") ?? "";
      if (!session || !s.sites.originAllowed(session.site, origin)) return json([{ type: "error", code: "no_stream", message: "open the stream first" }], 404);
      if (c.query.token !== session.token) return json([{ type: "error", code: "unauthorized", message: "token does not match the stream" }], 403, corsHeaders(origin));
      const text = await c.request.text();
      if (text.length > MAX_FRAME_BYTES) return json([{ type: "error", code: "frame_too_large", message: "a frame is at most 64 KB" }], 413, corsHeaders(origin));
      return json(await sessions.handle(session, text), 200, corsHeaders(origin));
    }, { parse: "none" })
    .options("/rt/visitor/files", (ctx) => preflight(s, scope(ctx)))
    .post("/rt/visitor/files", async (ctx) => {
      const c = scope(ctx);
      const found = siteForRequest(s, c.request, c.query.site);
      if ("status" in found) return json({ error: { code: "refused", message: found.message } }, found.status);
      const cors = corsHeaders(found.origin);
      const visitor = s.visitors.verifyToken(found.site.id, c.query.token);
      if (!visitor) return json({ error: { code: "unauthorized", message: "invalid visitor token" } }, 403, cors);
      const declared = Number(c.request.headers.get("content-length") ?? 0);
      if (declared > s.files.limits.maxBytes + 64 * 1024) return json({ error: { code: "too_large", message: "file too large", field: "file" } }, 413, cors);
      try {
        const upload = (c as unknown as { body: { file?: unknown } }).body?.file;
        if (!(upload instanceof Blob)) return json({ error: { code: "invalid", message: "no file", field: "file" } }, 422, cors);
        const open = s.chat.openFor(visitor.id);
        const f = await s.files.store({ name: (upload as File).name ?? "file", bytes: new Uint8Array(await upload.arrayBuffer()) }, { siteId: found.site.id, conversationId: open?.id ?? null, kind: "visitor", id: visitor.id });
        return json({ id: f.id, name: f.name, size: f.size, mime: f.mime, isImage: f.is_image === 1 }, 200, cors);
      } catch (e) {
        if (e instanceof AppError) return json({ error: { code: e.code, message: e.message, field: e.field } }, e.status, cors);
        throw e;
      }
    });
}

function preflight(s: Services, c: { request: Request; query: Record<string, string | undefined> }) {
  const origin = c.request.headers.get("origin") ?? "";
  const allowed = s.sites.list().some((site) => !site.disabled && s.sites.originAllowed(site, origin));
  return new Response(null, { status: allowed ? 204 : 403, headers: allowed ? corsHeaders(origin) : {} });
}
export { preflight };
