import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import type { Services } from "../services.ts";
import { servesHttps } from "../platform/config.ts";
import { clientIp, parseCidr } from "../platform/ip.ts";
import { cookieNames, parseCookies } from "../platform/cookies.ts";
import { sameOrigin } from "../http/guard.ts";
import { CLOSE_TOO_SLOW, WsConn, sendOnWebSocket, type ServerFrame } from "./hub.ts";
import { MAX_FRAME_BYTES, VisitorSession, type VisitorSessions } from "./visitor-session.ts";
import type { SiteRow } from "../sites/service.ts";
import type { AgentChannel, AgentSocket } from "./agent-channel.ts";
import { siteForRequest } from "./visitor-site.ts";

/**
 * Both WebSocket channels on Bun's own handlers rather than a framework wrapper: each socket
 * carries only a few fields, which keeps thousands of idle visitor connections cheap (see
 * docs/performance.md). The upgrade applies the same rules as the HTTP routes: the visitor
 * channel only from the site's allowed origins; the agent channel only with a complete session,
 * an allowed IP and this host's Origin.
 */
export type SocketData =
  | { kind: "visitor"; siteId: number; token: string | null; ip: string; ua: string }
  | WsVisitorSession
  | { kind: "agent"; token: string; ip: string; socket?: AgentSocket };

/**
 * A visitor's WebSocket once open: the session is the socket's data and its connection in one
 * object (the upgrade's little record is dropped), so an idle socket holds one object of ours.
 */
class WsVisitorSession extends VisitorSession {
  constructor(
    readonly ws: ServerWebSocket<SocketData>,
    site: SiteRow,
    ip: string,
    userAgent: string,
  ) {
    super(site, ip, userAgent);
  }
  send(frame: ServerFrame): boolean {
    return sendOnWebSocket(this.ws, frame);
  }
  close(code: number, reason: string) {
    this.ws.close(code, reason);
  }
}

export const WS_PATHS = ["/ws/visitor", "/ws/agent"] as const;

const refuse = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { "content-type": "application/json; charset=utf-8" } });

export function createSockets(s: Services, visitors: VisitorSessions, agents: AgentChannel) {
  const trusted = s.config.server.trusted_proxies.map((t) => parseCidr(t)!);
  const names = cookieNames(servesHttps(s.config));

  function upgrade(request: Request, server: Server<SocketData>, path: string, peer: string): Response | undefined {
    const ip = clientIp(peer, request.headers.get("x-forwarded-for"), trusted);
    let data: SocketData;
    if (path === "/ws/visitor") {
      const url = new URL(request.url);
      const found = siteForRequest(s, request, url.searchParams.get("site"));
      if ("status" in found) return refuse(found.status, found.status === 404 ? "not_found" : "bad_origin", found.message);
      data = { kind: "visitor", siteId: found.site.id, token: url.searchParams.get("token"), ip, ua: request.headers.get("user-agent") ?? "" };
    } else {
      if (!sameOrigin(request)) return refuse(403, "bad_origin", "Origin not allowed");
      const token = parseCookies(request.headers.get("cookie"))[names.session];
      const principal = token ? s.auth.authenticate(token, ip) : null;
      if (!principal) return refuse(401, "unauthorized", "Sign-in required / 请先登录");
      if (principal.pending) return refuse(403, "sign_in_incomplete", "Finish signing in first / 请先完成登录步骤");
      data = { kind: "agent", token: token!, ip };
    }
    return server.upgrade(request, { data }) ? undefined : refuse(400, "bad_request", "expected a WebSocket upgrade");
  }

  const websocket: WebSocketHandler<SocketData> = {
    maxPayloadLength: MAX_FRAME_BYTES,
    idleTimeout: 120,
    backpressureLimit: 1024 * 1024,
    closeOnBackpressureLimit: true,
    open(ws) {
      const d = ws.data;
      if (d instanceof WsVisitorSession) return; // open runs once, before any session exists
      if (d.kind === "visitor") {
        const site = s.sites.get(d.siteId);
        if (!site || site.disabled) return ws.close(4003, "site disabled");
        const session = visitors.open(new WsVisitorSession(ws, site, d.ip, d.ua), d.token);
        ws.data = session;
        // The token went out in `connected`; a WebSocket session needs it no more. Small idle sockets.
        session.token = "";
        return;
      }
      const principal = s.auth.authenticate(d.token, d.ip);
      if (!principal || principal.pending) return ws.close(4003, "unauthorized");
      d.socket = agents.open(new WsConn(ws as ServerWebSocket<unknown>), principal, d.token, d.ip);
    },
    async message(ws, message) {
      const d = ws.data;
      const text = typeof message === "string" ? message : Buffer.from(message).toString("utf8");
      if (d instanceof WsVisitorSession) {
        const replies = await visitors.handle(d, text);
        for (const r of replies) if (!d.send(r)) ws.close(CLOSE_TOO_SLOW, "too slow; reconnect and resume");
      } else if (d.kind === "agent" && d.socket) agents.message(d.socket, text);
    },
    close(ws) {
      const d = ws.data;
      if (d instanceof WsVisitorSession) visitors.close(d);
      else if (d.kind === "agent" && d.socket) agents.close(d.socket);
    },
  };

  return { upgrade, websocket };
}
export type Sockets = ReturnType<typeof createSockets>;
