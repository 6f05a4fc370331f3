/** Small numeric helpers shared by the benchmarks. */

/** The q-quantile (0..1) of values, nearest-rank on a sorted copy. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: quantile(s, 0.5), p90: quantile(s, 0.9), p99: quantile(s, 0.99), p999: quantile(s, 0.999), max: s[s.length - 1] ?? NaN, mean };
}

export const ms = (v: number, digits = 2) => `${v.toFixed(digits)} ms`;
export const int = (v: number) => Math.round(v).toLocaleString("en-US");

export function verdict(pass: boolean) {
  return pass ? "PASS" : "MISS";
}

export const today = () => new Date().toISOString().slice(0, 10);
