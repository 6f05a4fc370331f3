import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { randomToken } from "../platform/ids.ts";
import { AppError } from "../platform/errors.ts";
import { frameText, type Conn, type ServerFrame } from "./hub.ts";
import { MAX_FRAME_BYTES, VisitorSession, type VisitorSessions } from "./visitor-session.ts";
import type { SiteRow } from "../sites/service.ts";
import { corsHeaders, preflight, siteForRequest } from "./visitor-site.ts";
import { BLOCKED_MESSAGE, accessMode } from "./visitor-blocks.ts";

const SSE_PING_MS = 25_000;
/** Bytes an SSE client may lag behind before it is cut off (and resumes). */
const SSE_MAX_QUEUED = 1024 * 1024;

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });

/** A visitor channel over the HTTP fallback: frames go to its event stream. */
class StreamVisitorSession extends VisitorSession {
  constructor(
    site: SiteRow,
    ip: string,
    userAgent: string,
    private readonly sink: Conn,
  ) {
    super(site, ip, userAgent);
  }
  send(frame: ServerFrame): boolean {
    return this.sink.send(frame);
  }
  close(code: number, reason: string) {
    this.sink.close(code, reason);
  }
}

/** The visitor channel's HTTP fallback (SSE + POST, the same frames as the WebSocket) and uploads. */
export function visitorRoutes(s: Services, sessions: VisitorSessions) {
  const streams = new Map<string, VisitorSession>();
  const scope = (ctx: unknown) => ctx as RequestScope & { query: Record<string, string | undefined>; request: Request };

  return new Elysia({ name: "visitor-routes" })
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
          const sink: Conn = {
            send(frame) {
              if (closed || (controller.desiredSize ?? 0) < 0) return false;
              controller.enqueue(encoder.encode(`data: ${frameText(frame)}\n\n`));
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
          session = sessions.open(new StreamVisitorSession(found.site, c.ip, c.userAgent, sink), c.query.token, { stream: streamId });
          if (closed) return; // refused at once (a hidden visitor): nothing to keep
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
      if (accessMode(s, visitor.id, c.ip, found.site.id)) return json({ error: { code: "blocked", message: BLOCKED_MESSAGE } }, 403, cors);
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

