/**
 * Diagnostic for bench/idle-memory.ts: a JSC heap snapshot of this process, with every live cell
 * counted under "<holder class>.<edge name> → <class>" (its first incoming edge), so two censuses
 * taken before and after N connections show which fields hold what each connection keeps.
 */
import { readFileSync } from "node:fs";

export function heapCensus(): Record<string, [count: number, bytes: number]> {
  const snap = Bun.generateHeapSnapshot() as unknown as {
    nodes: number[]; nodeClassNames: string[]; edges: number[]; edgeTypes: string[]; edgeNames: string[];
  };
  const { nodes, nodeClassNames, edges, edgeTypes, edgeNames } = snap;
  const classOf = new Map<number, string>();
  const sizeOf = new Map<number, number>();
  for (let i = 0; i < nodes.length; i += 4) {
    classOf.set(nodes[i], nodeClassNames[nodes[i + 2]]);
    sizeOf.set(nodes[i], nodes[i + 1]);
  }
  const holder = new Map<number, string>();
  for (let i = 0; i < edges.length; i += 4) {
    const to = edges[i + 1];
    if (holder.has(to)) continue;
    const type = edgeTypes[edges[i + 2]];
    const name = type === "Index" ? "[i]" : type === "Internal" ? "(internal)" : edgeNames[edges[i + 3]];
    holder.set(to, `${classOf.get(edges[i])}.${name}`);
  }
  const out: Record<string, [number, number]> = {};
  for (const [id, cls] of classOf) {
    const key = `${holder.get(id) ?? "(root)"} → ${cls}`;
    const e = (out[key] ??= [0, 0]);
    e[0]++;
    e[1] += sizeOf.get(id) ?? 0;
  }
  return out;
}

/** Groups that grew by at least half a cell per connection, largest growth in bytes first. */
export function censusGrowth(before: Record<string, [number, number]>, after: Record<string, [number, number]>, n: number) {
  return Object.entries(after)
    .map(([k, [c, b]]) => [k, (c - (before[k]?.[0] ?? 0)) / n, (b - (before[k]?.[1] ?? 0)) / n] as const)
    .filter(([, c]) => c >= 0.5)
    .sort((a, b) => b[2] - a[2]);
}

