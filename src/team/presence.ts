import type { AgentsService } from "../agents/service.ts";
import type { EventBus } from "../events/bus.ts";
import type { Presence } from "./model.ts";

/**
 * Colleagues' presence (A19): an agent is offline unless a console socket is open; otherwise
 * their service status. "invisible" shows as offline to colleagues who may not go invisible
 * themselves (chat.invisible), so hiding works against exactly the people it is meant for.
 * Kept in memory like availability: it is about live connections, and every agent socket counts
 * here (availability counts only agents who take chats).
 */
export function createPresence(deps: { agents: AgentsService; events: EventBus }) {
  const sockets = new Map<number, number>();
  const last = new Map<number, Presence>();

  const actual = (agentId: number): Presence => {
    if (!sockets.has(agentId)) return "offline";
    const agent = deps.agents.get(agentId);
    return !agent || agent.disabled ? "offline" : agent.service_status;
  };
  /** Publishes only real changes, so a status save that changes nothing sends no frames. */
  const check = (agentId: number) => {
    const now = actual(agentId);
    if (last.get(agentId) === now) return;
    last.set(agentId, now);
    deps.events.publish("team.presence", { agentId });
  };
  deps.events.subscribe("agent.changed", ({ agentId }) => check(agentId));

  return {
    connected(agentId: number) {
      sockets.set(agentId, (sockets.get(agentId) ?? 0) + 1);
      check(agentId);
    },
    disconnected(agentId: number) {
      const n = (sockets.get(agentId) ?? 1) - 1;
      if (n <= 0) sockets.delete(agentId);
      else sockets.set(agentId, n);
      check(agentId);
    },
    isConnected: (agentId: number) => sockets.has(agentId),
    /** The presence of `agentId` as a viewer sees it. */
    as(agentId: number, viewerSeesInvisible: boolean): Presence {
      const p = actual(agentId);
      return p === "invisible" && !viewerSeesInvisible ? "offline" : p;
    },
    /** Every enabled agent with their presence, for one viewer. */
    list(viewerSeesInvisible: boolean) {
      return deps.agents
        .list()
        .filter((a) => !a.disabled)
        .map((a) => ({ id: a.id, username: a.username, displayName: a.display_name, status: this.as(a.id, viewerSeesInvisible) }));
    },
  };
}
export type PresenceTracker = ReturnType<typeof createPresence>;
