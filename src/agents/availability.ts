/**
 * Which agents can take a chat right now: connected to the console (at least one socket) and
 * in the "online" service status. In memory, because it is about live connections; the status
 * itself is stored with the agent. Reports when "anyone available" flips, so widgets can show
 * online/offline live (V3).
 */
export type ServiceStatus = "online" | "busy" | "away" | "invisible";
export const SERVICE_STATUSES: ServiceStatus[] = ["online", "busy", "away", "invisible"];

export function createAvailability(onChange: (available: boolean) => void) {
  const sockets = new Map<number, number>();
  const statuses = new Map<number, ServiceStatus>();
  let last = false;

  const compute = () => [...sockets.keys()].some((id) => statuses.get(id) === "online");
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
    isConnected: (agentId: number) => sockets.has(agentId),
    available: () => compute(),
    onlineAgents: () => [...sockets.keys()].filter((id) => statuses.get(id) === "online"),
  };
}
export type Availability = ReturnType<typeof createAvailability>;
