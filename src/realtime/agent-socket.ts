import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import { sameOrigin } from "../http/guard.ts";

/** Close codes agents' clients act on: 4001 = signed out (go to /login), 4003 = refused. */
export const CLOSE_SIGNED_OUT = 4001;
export const CLOSE_REFUSED = 4003;
const RECHECK_MS = 30_000;

type AgentWs = { data: RequestScope; raw: ServerWebSocket<unknown>; close(code?: number, reason?: string): void };
interface OpenSocket {
  token: string | undefined;
  ip: string;
}

/**
 * The agent's realtime channel. The access guard has already required a full session and the
 * IP allowlist for the upgrade; here the Origin must be this host (no cross-site WebSocket
 * hijacking), and the socket is closed the moment the agent's sessions end or stop being valid.
 */
export function agentSocket(s: Services) {
  // Keyed by Bun's socket object: Elysia hands each callback a fresh wrapper around it.
  const open = new Map<number, Map<ServerWebSocket<unknown>, OpenSocket>>();

  const closeAll = (agentId: number, reason: string) => {
    for (const raw of open.get(agentId)?.keys() ?? []) raw.close(CLOSE_SIGNED_OUT, reason);
  };
  s.events.subscribe("agent.sessions_ended", ({ agentId, reason }) => closeAll(agentId, reason));
  s.events.subscribe("server.stopping", ({ reason }) => {
    for (const sockets of open.values()) for (const raw of sockets.keys()) raw.close(1001, reason);
  });

  // Idle expiry and policy changes (IP list, disablement) are caught by a periodic recheck.
  const timer = setInterval(() => {
    for (const sockets of open.values()) {
      for (const [raw, o] of sockets) {
        if (!s.auth.authenticate(o.token, o.ip)) raw.close(CLOSE_SIGNED_OUT, "session_expired");
      }
    }
  }, RECHECK_MS);
  timer.unref?.();

  return new Elysia({ name: "agent-socket" }).ws("/ws/agent", {
    beforeHandle({ request, set }) {
      if (!sameOrigin(request)) {
        set.status = 403;
        return { error: { code: "bad_origin", message: "Origin not allowed" } };
      }
    },
    open(ws) {
      const w = ws as unknown as AgentWs;
      const principal = w.data.principal;
      if (!principal || principal.pending || !s.auth.authenticate(w.data.sessionToken, w.data.ip)) {
        w.close(CLOSE_REFUSED, "unauthorized");
        return;
      }
      const id = principal.agent.id;
      if (!open.has(id)) open.set(id, new Map());
      open.get(id)!.set(w.raw, { token: w.data.sessionToken, ip: w.data.ip });
      ws.subscribe(`agent:${id}`);
      ws.send(JSON.stringify({ type: "connected", agentId: id, serverTime: s.clock.now() }));
    },
    message(ws, message) {
      const w = ws as unknown as AgentWs;
      if (!s.auth.authenticate(w.data.sessionToken, w.data.ip)) {
        w.close(CLOSE_SIGNED_OUT, "session_expired");
        return;
      }
      const m = message as { type?: string } | null;
      if (m?.type === "ping") ws.send(JSON.stringify({ type: "pong", serverTime: s.clock.now() }));
    },
    close(ws) {
      const w = ws as unknown as AgentWs;
      const id = w.data.principal?.agent.id;
      if (id !== undefined) {
        open.get(id)?.delete(w.raw);
        if (!open.get(id)?.size) open.delete(id);
      }
    },
  });
}
