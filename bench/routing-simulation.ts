/**
 * Routing distribution (docs/routing.md, docs/performance.md): 20 agents and 500 visitors per
 * mode through the real routing service on a real SQLite file, simulated time on the harness
 * clock (test/routing-sim.ts). Prints each agent's peak concurrent chats and chats today; the
 * point is the shape of the distribution, not speed. The same-run baseline is manual mode with
 * the same arrivals and durations: a random agent with room picks each chat.
 *
 *   node_modules/.bin/bun bench/routing-simulation.ts
 */
import { distributionTable, simulate } from "../test/routing-sim.ts";

for (const mode of ["manual", "service", "sales"] as const) {
  const started = performance.now();
  const r = await simulate(mode);
  console.log(distributionTable(r));
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s wall clock)\n`);
}
process.exit(0);
