import type { AgentLoad, AssignMode } from "./model.ts";

/**
 * The mode's choice among available agents (docs/routing.md, Modes). Pure, so the simulation
 * and unit tests check exactly what the service does.
 * - service: fewest current chats; ties: longest idle since the last assignment, then lowest id.
 * - sales: fewest chats accepted today; ties: fewest current, then longest idle, then lowest id.
 * `preferred` (the requested agent, else the visitor's previous agent) wins when available.
 */
export function pickAgent(mode: Exclude<AssignMode, "manual">, loads: AgentLoad[], preferred: (number | null)[] = []): AgentLoad | null {
  for (const id of preferred) {
    const hit = id === null ? undefined : loads.find((l) => l.agentId === id);
    if (hit) return hit;
  }
  const byIdle = (a: AgentLoad, b: AgentLoad) => a.lastAssignedAt - b.lastAssignedAt || a.agentId - b.agentId;
  const order =
    mode === "service"
      ? (a: AgentLoad, b: AgentLoad) => a.current - b.current || byIdle(a, b)
      : (a: AgentLoad, b: AgentLoad) => a.today - b.today || a.current - b.current || byIdle(a, b);
  return [...loads].sort(order)[0] ?? null;
}

/** The start of the server-local day containing `now` (sales mode counts "today" from here). */
export function localDayStart(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
