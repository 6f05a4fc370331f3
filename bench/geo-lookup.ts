/**
 * Offline IP geolocation speed: lookups/second over random public-looking IPv4 addresses (and a
 * smaller IPv6 run), beside a plain Map lookup of as many string keys measured in the same run,
 * so the figure reads as "how many Map.get()s does one geo lookup cost". Also prints the
 * one-off database load time.
 *
 *   node_modules/.bin/bun bench/geo-lookup.ts [count=100000] [rounds=5]
 */
import { createGeoLookup } from "../src/visitors/geo.ts";

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 5);

// Deterministic pseudo-random addresses so runs compare; xorshift32.
let seed = 0x9e3779b9;
function rand32(): number {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed;
}
const v4 = Array.from({ length: count }, () => {
  const n = rand32();
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
});
// Chinese carrier prefixes, so the IPv6 run exercises real records rather than one gap.
const v6Prefixes = ["240e", "2408", "2409", "2400", "2001", "2a01", "2600"];
const v6 = Array.from({ length: count }, (_, i) => {
  const h = () => (rand32() & 0xffff).toString(16);
  return `${v6Prefixes[i % v6Prefixes.length]}:${h()}:${h()}:${h()}::${h()}`;
});

let started = performance.now();
const geo = createGeoLookup();
const loadMs = performance.now() - started;

const map = new Map<string, number>(v4.map((ip, i) => [ip, i]));

// Keeps results observable so the JIT cannot drop the work.
let sink = 0;

function measure(label: string, fn: () => void): number {
  fn(); // warm-up round: JIT and record caches
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  const perSecond = (count / best) * 1000;
  console.log(`${label.padEnd(36)} ${Math.round(perSecond).toLocaleString("en-US").padStart(14)} /s  (best of ${rounds}: ${best.toFixed(1)} ms for ${count.toLocaleString("en-US")})`);
  return perSecond;
}

console.log(`database load (first createGeoLookup): ${loadMs.toFixed(1)} ms`);
const baseline = measure("baseline: Map.get of 100k string keys", () => {
  for (let i = 0; i < count; i++) sink += map.get(v4[i]) ?? 0;
});
const geoV4 = measure("geo.lookup IPv4", () => {
  for (let i = 0; i < count; i++) sink += geo.lookup(v4[i]).country.length;
});
const geoV6 = measure("geo.lookup IPv6", () => {
  for (let i = 0; i < count; i++) sink += geo.lookup(v6[i]).country.length;
});
console.log(`IPv4 lookup costs ${(baseline / geoV4).toFixed(1)} Map.get()s; IPv6 ${(baseline / geoV6).toFixed(1)}.`);
if (sink === -1) console.log(sink);
