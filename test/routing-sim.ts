import { localDayStart } from "../src/routing/pick.ts";
import { routingWorld } from "./routing-world.ts";

/** One assignment as the simulation saw it: the chosen agent's and everyone's current chats before. */
export interface Assignment {
  agentId: number;
  currentBefore: Map<number, number>;
  todayBefore: Map<number, number>;
}
/** "manual": the same-run baseline — no routing; a random agent under the limit picks each chat. */
export type SimMode = "service" | "sales" | "manual";
export interface SimResult {
  mode: SimMode;
  agents: { id: number; name: string; concurrentMax: number; today: number }[];
  assignments: Assignment[];
  /** Largest spread (max − min) of concurrent chats after each assignment in the opening wave. */
  openingSpread: number;
  openingSize: number;
}

/** Deterministic pseudo-random numbers (the same run every time). */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * The routing simulation (docs/routing.md, docs/performance.md): `agents` agents online with the
 * default limit of 8, `visitors` visitors arriving every 4–16 s of simulated time (harness clock),
 * each chat lasting 1–20 minutes. The first wave (`agents` × 3 visitors) arrives before any chat
 * ends. Every offer is accepted at once by its agent, through the real accept path.
 */
export async function simulate(mode: SimMode, o: { agents?: number; visitors?: number; seed?: number } = {}): Promise<SimResult> {
  const nAgents = o.agents ?? 20;
  const nVisitors = o.visitors ?? 500;
  const rnd = lcg(o.seed ?? 42);
  const w = await routingWorld({ mode });
  w.s.routing.stop();
  w.t.clock.set(localDayStart(Date.now()) + 8 * 3_600_000);
  const agents = [];
  for (let i = 0; i < nAgents; i++) agents.push(await w.agent(`agent${String(i + 1).padStart(2, "0")}`));
  const ids = agents.map((a) => a.id);
  const concurrentMax = new Map(ids.map((id) => [id, 0]));
  const today = new Map(ids.map((id) => [id, 0]));
  const current = () => new Map(ids.map((id) => [id, w.s.chat.activeFor(id).length]));
  const assignments: Assignment[] = [];
  const ends: { at: number; id: number }[] = [];
  const opening = nAgents * 3;
  // Manual mode: whoever happens to click first, i.e. a random agent with room for another chat.
  // Its own random stream, so arrivals and durations are the same as in the routed modes.
  const pickRnd = lcg((o.seed ?? 42) + 1);
  const randomTaker = (load: Map<number, number>) => {
    const free = ids.filter((id) => load.get(id)! < 8);
    return free[Math.floor(pickRnd() * free.length)];
  };
  let openingSpread = 0;

  for (let i = 0; i < nVisitors; i++) {
    const arriveAt = w.t.clock.now() + (i < opening ? 1_000 : 4_000 + Math.floor(rnd() * 12_000));
    // Chats that end before this arrival end first, in time order.
    ends.sort((a, b) => a.at - b.at);
    while (ends.length && ends[0].at <= arriveAt) {
      const e = ends.shift()!;
      w.t.clock.set(e.at);
      await w.end(e.id);
    }
    w.t.clock.set(arriveAt);
    const currentBefore = current();
    const todayBefore = new Map(today);
    const c = await w.chat();
    const taker = mode === "manual" ? randomTaker(currentBefore) : w.offerOf(c.id)?.agent_id;
    if (taker === undefined) throw new Error(`visitor ${i} was not offered to anyone`);
    assignments.push({ agentId: taker, currentBefore, todayBefore });
    await w.accept(taker, c.id);
    today.set(taker, today.get(taker)! + 1);
    const now = current();
    concurrentMax.set(taker, Math.max(concurrentMax.get(taker)!, now.get(taker)!));
    if (i < opening) openingSpread = Math.max(openingSpread, Math.max(...now.values()) - Math.min(...now.values()));
    ends.push({ at: arriveAt + 60_000 + Math.floor(rnd() * 19 * 60_000), id: c.id });
  }
  return {
    mode,
    agents: agents.map((a) => ({ id: a.id, name: a.username, concurrentMax: concurrentMax.get(a.id)!, today: today.get(a.id)! })),
    assignments,
    openingSpread,
    openingSize: opening,
  };
}

export function distributionTable(r: SimResult): string {
  const lines = [`${r.mode} mode: ${r.assignments.length} chats, ${r.agents.length} agents`, "agent      concurrent max  chats today"];
  for (const a of r.agents) lines.push(`${a.name.padEnd(10)} ${String(a.concurrentMax).padStart(14)}  ${String(a.today).padStart(11)}`);
  const totals = r.agents.map((a) => a.today);
  const peaks = r.agents.map((a) => a.concurrentMax);
  lines.push(`chats today: min ${Math.min(...totals)}, max ${Math.max(...totals)}; concurrent max: min ${Math.min(...peaks)}, max ${Math.max(...peaks)}`);
  return lines.join("\n");
}
