/**
 * Which agents can take a chat right now: connected to the console (at least one socket) and
 * in the "online" service status. In memory, because it is about live connections; the status
 * itself is stored with the agent. Reports when "anyone available" flips, so widgets can show
 * online/offline live (V3). An "online" agent whose owned chats reached their limit counts as busy
 * (auto-busy, A2) until one ends or moves on; the stored status stays what the agent chose.
 */
export type ServiceStatus = "online" | "busy" | "away" | "invisible";
export const SERVICE_STATUSES: ServiceStatus[] = ["online", "busy", "away", "invisible"];

export function createAvailability(onChange: (available: boolean) => void) {
  const sockets = new Map<number, number>();
  const statuses = new Map<number, ServiceStatus>();
  const atLimit = new Set<number>();
  let last = false;

  const effective = (id: number): ServiceStatus | undefined => {
    const s = statuses.get(id);
    return s === "online" && atLimit.has(id) ? "busy" : s;
  };
  const compute = () => [...sockets.keys()].some((id) => effective(id) === "online");
  const check = () => {
    const now = compute();
    if (now !== last) {
      last = now;
      onChange(now);
    }
  };

  return {
    connected(agentId: number, status: ServiceStatus) {
      sockets.set(agentId, (sockets.get(agentId) ?? 0) + 1);
      statuses.set(agentId, status);
      check();
    },
    disconnected(agentId: number) {
      const n = (sockets.get(agentId) ?? 1) - 1;
      if (n <= 0) sockets.delete(agentId);
      else sockets.set(agentId, n);
      check();
    },
    setStatus(agentId: number, status: ServiceStatus) {
      statuses.set(agentId, status);
      check();
    },
    /** Auto-busy: true when the agent's active owned chats reached their limit. */
    setAtLimit(agentId: number, reached: boolean) {
      if (reached) atLimit.add(agentId);
      else atLimit.delete(agentId);
      check();
    },
    atLimit: (agentId: number) => atLimit.has(agentId),
    /** The status routing and colleagues see: the chosen one, or "busy" at the chat limit. */
    effective,
    isConnected: (agentId: number) => sockets.has(agentId),
    available: () => compute(),
    connectedAgents: () => [...sockets.keys()],
    onlineAgents: () => [...sockets.keys()].filter((id) => effective(id) === "online"),
  };
}
export type Availability = ReturnType<typeof createAvailability>;
