import type { Services } from "../services.ts";
import type { Principal } from "../auth/service.ts";
import { topics, type Conn, type Hub } from "./hub.ts";
import { createTeamChannel } from "./team-channel.ts";
import { SOCKET_ACTION_POLICY } from "../http/policy.ts";
import type { Permission } from "../auth/permissions.ts";
import type { SupervisionBoards } from "./supervision-recipients.ts";
import { joinVisitorView } from "./masked-frames.ts";

/** Close codes agents' clients act on: 4001 = signed out (go to /login), 4003 = refused. */
export const CLOSE_SIGNED_OUT = 4001;
export const CLOSE_REFUSED = 4003;
const RECHECK_MS = 30_000;

export interface AgentSocket {
  agentId: number;
  /** Counted toward availability (agents who can take chats). */
  counted: boolean;
  token: string;
  ip: string;
  conn: Conn;
}

/**
 * The agent's realtime channel, whatever carries it. The upgrade was already refused unless the
 * session is complete, the IP allowed and the Origin this host's; here the socket is closed the
 * moment the agent's sessions end or stop being valid.
 */
export function createAgentChannel(s: Services, hub: Hub, boards: SupervisionBoards) {
  const open = new Set<AgentSocket>();
  const team = createTeamChannel(s, hub);

  const each = (fn: (a: AgentSocket) => void) => [...open].forEach(fn);
  s.events.subscribe("agent.sessions_ended", ({ agentId, reason }) => each((a) => a.agentId === agentId && a.conn.close(CLOSE_SIGNED_OUT, reason)));
  s.events.subscribe("server.stopping", ({ reason }) => each((a) => a.conn.close(1001, reason)));

  // Idle expiry and policy changes (IP list, disablement) are caught by a periodic recheck.
  const timer = setInterval(() => each((a) => !s.auth.authenticate(a.token, a.ip) && a.conn.close(CLOSE_SIGNED_OUT, "session_expired")), RECHECK_MS);
  timer.unref?.();

  return {
    open(conn: Conn, principal: Principal, token: string, ip: string): AgentSocket {
      const agent = principal.agent;
      const counted = principal.permissions.has("chat.accept");
      const a: AgentSocket = { agentId: agent.id, counted, token, ip, conn };
      open.add(a);
      hub.subscribe(conn, topics.agent(agent.id));
      if (counted) {
        hub.subscribe(conn, topics.agents);
        joinVisitorView(hub, conn, principal.permissions);
        s.agents.availability.connected(agent.id, agent.service_status);
        s.autoBusy.refresh(agent.id);
      }
      boards.joinBoard(conn, principal);
      // `connected` comes first and once: clients (re)load their lists on it.
      hub.send(conn, { type: "connected", agentId: agent.id, status: agent.service_status, effective: s.agents.availability.effective(agent.id) ?? agent.service_status, serverTime: s.clock.now() });
      team.open(conn, principal);
      return a;
    },

    message(a: AgentSocket, text: string) {
      // Resolved per message, so a changed role counts from the agent's next action.
      const principal = s.auth.authenticate(a.token, a.ip);
      if (!principal) {
        a.conn.close(CLOSE_SIGNED_OUT, "session_expired");
        return;
      }
      let m: Record<string, unknown> | null = null;
      try {
        m = JSON.parse(text);
      } catch {
        m = null;
      }
      // The same rule as for routes, checked before any handler runs; unlisted actions fail closed.
      const action = typeof m?.type === "string" ? m.type : "";
      const policy = Object.hasOwn(SOCKET_ACTION_POLICY, action) ? SOCKET_ACTION_POLICY[action] : undefined;
      if (policy === undefined) {
        hub.send(a.conn, { type: "error", code: "unknown_action", action: action.slice(0, 64) });
        return;
      }
      if (policy !== "session" && !principal.permissions.has(policy as Permission)) {
        hub.send(a.conn, { type: "error", code: "forbidden", action });
        return;
      }
      if (m?.type === "ping") hub.send(a.conn, { type: "pong", serverTime: s.clock.now() });
      else if (m?.type === "typing") {
        const c = s.chat.get(Number(m.conversationId));
        if (c && s.chat.participants.isActive(c, a.agentId)) s.chat.typing(c.id, "agent", Boolean(m.on), s.agents.get(a.agentId)?.display_name ?? "", a.agentId);
      } else if (m?.type === "status") {
        try {
          const status = s.agents.setServiceStatus(a.agentId, m.status);
          const effective = s.agents.availability.effective(a.agentId) ?? status;
          hub.send(a.conn, { type: "status", status, effective, reason: effective !== status ? "limit" : "chosen" });
        } catch (e) {
          hub.send(a.conn, { type: "error", code: "invalid", message: (e as Error).message, field: "status" });
        }
      }
    },

    close(a: AgentSocket) {
      if (!open.delete(a)) return;
      hub.unsubscribeAll(a.conn);
      if (a.counted) s.agents.availability.disconnected(a.agentId);
      team.close(a.agentId);
    },
  };
}
export type AgentChannel = ReturnType<typeof createAgentChannel>;
