import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { sameOrigin } from "../http/guard.ts";
import { randomToken } from "../platform/ids.ts";
import { topics, type Conn, type Hub } from "./hub.ts";

/** Close codes agents' clients act on: 4001 = signed out (go to /login), 4003 = refused. */
export const CLOSE_SIGNED_OUT = 4001;
export const CLOSE_REFUSED = 4003;
const RECHECK_MS = 30_000;

interface AgentConn {
  agentId: number;
  /** Counted toward availability (agents who can take chats). */
  counted: boolean;
  token: string | undefined;
  ip: string;
  conn: Conn;
}

/**
 * The agent's realtime channel. The access guard has already required a full session and the
 * IP allowlist for the upgrade; here the Origin must be this host (no cross-site WebSocket
 * hijacking), and the socket is closed the moment the agent's sessions end or stop being valid.
 */
export function agentSocket(s: Services, hub: Hub) {
  // Keyed by Bun's socket object: Elysia hands each callback a fresh wrapper around it.
  const open = new Map<ServerWebSocket<unknown>, AgentConn>();

  const each = (fn: (raw: ServerWebSocket<unknown>, a: AgentConn) => void) => {
    for (const [raw, a] of [...open]) fn(raw, a);
  };
  s.events.subscribe("agent.sessions_ended", ({ agentId, reason }) => each((raw, a) => a.agentId === agentId && raw.close(CLOSE_SIGNED_OUT, reason)));
  s.events.subscribe("server.stopping", ({ reason }) => each((raw) => raw.close(1001, reason)));

  // Idle expiry and policy changes (IP list, disablement) are caught by a periodic recheck.
  const timer = setInterval(() => each((raw, a) => !s.auth.authenticate(a.token, a.ip) && raw.close(CLOSE_SIGNED_OUT, "session_expired")), RECHECK_MS);
  timer.unref?.();

  const rawOf = (ws: unknown) => (ws as { raw: ServerWebSocket<unknown> }).raw;

  return new Elysia({ name: "agent-socket" }).ws("/ws/agent", {
    beforeHandle({ request, set }) {
      if (!sameOrigin(request)) {
        set.status = 403;
        return { error: { code: "bad_origin", message: "Origin not allowed" } };
      }
    },
    open(ws) {
      const data = ws.data as unknown as RequestScope;
      const principal = s.auth.authenticate(data.sessionToken, data.ip);
      const raw = rawOf(ws);
      if (!principal || principal.pending) {
        raw.close(CLOSE_REFUSED, "unauthorized");
        return;
      }
      const agent = principal.agent;
      const conn: Conn = { id: randomToken(9), send: (f) => raw.send(JSON.stringify(f)) !== 0, close: (code, reason) => raw.close(code, reason) };
      const counted = principal.permissions.has("chat.accept");
      open.set(raw, { agentId: agent.id, counted, token: data.sessionToken, ip: data.ip, conn });
      hub.subscribe(conn, topics.agent(agent.id));
      if (counted) {
        hub.subscribe(conn, topics.agents);
        s.agents.availability.connected(agent.id, agent.service_status);
      }
      hub.send(conn, { type: "connected", agentId: agent.id, status: agent.service_status, serverTime: s.clock.now() });
    },
    message(ws, message) {
      const a = open.get(rawOf(ws));
      if (!a) return;
      if (!s.auth.authenticate(a.token, a.ip)) {
        a.conn.close(CLOSE_SIGNED_OUT, "session_expired");
        return;
      }
      const m = (typeof message === "string" ? safeParse(message) : message) as Record<string, unknown> | null;
      if (m?.type === "ping") hub.send(a.conn, { type: "pong", serverTime: s.clock.now() });
      else if (m?.type === "typing") {
        const c = s.chat.get(Number(m.conversationId));
        if (c && c.agent_id === a.agentId) s.chat.typing(c.id, "agent", Boolean(m.on), s.agents.get(a.agentId)?.display_name ?? "");
      } else if (m?.type === "status") {
        try {
          const status = s.agents.setServiceStatus(a.agentId, m.status);
          hub.send(a.conn, { type: "status", status });
        } catch (e) {
          hub.send(a.conn, { type: "error", code: "invalid", message: (e as Error).message, field: "status" });
        }
      }
    },
    close(ws) {
      const raw = rawOf(ws);
      const a = open.get(raw);
      if (!a) return;
      open.delete(raw);
      hub.unsubscribeAll(a.conn);
      if (a.counted) s.agents.availability.disconnected(a.agentId);
    },
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
