import { readFileSync } from "node:fs";
// `type: "file"` makes `bun build --compile` embed both databases in the executable, so the
// appliance geolocates with no node_modules and no network (see ip2region.d.ts).
import v4Path from "ip2region/data/ip2region.db" with { type: "file" };
import v6Path from "ip2region/data/ipv6wry.db" with { type: "file" };

/**
 * Offline IP geolocation for the visitor list.
 *
 * Data: the `ip2region` npm package (MIT). IPv4 uses its ip2region.db (the classic ip2region
 * format: sorted [start, end, data pointer] blocks, records "国家|区域|省份|城市|ISP" with "0"
 * for unknown); IPv6 uses its ipv6wry.db (ZX IPv6 database, qqwry-style: sorted /64 prefixes
 * pointing at "国家\t省份\t城市\t区县" + ISP strings). We read the files with our own small
 * searchers rather than the package's classes because those are resolved relative to
 * __dirname at run time (which breaks inside the compiled binary) and the v4 one is async.
 *
 * Both files (~11 MB together) are read into memory once per process; a lookup is a binary
 * search plus a cached record decode, so it is synchronous and allocation-light.
 */
export interface GeoInfo {
  country: string;
  province: string;
  city: string;
  isp: string;
}

export interface GeoLookup {
  lookup(ip: string): GeoInfo;
}

export const LAN = "内网 LAN";
const CHINA = "中国";

const empty = (): GeoInfo => ({ country: "", province: "", city: "", isp: "" });
const lan = (): GeoInfo => ({ country: LAN, province: "", city: "", isp: "" });

/** Dotted-quad IPv4 to an unsigned 32-bit number, or -1. Hand-rolled: this is the hot path. */
export function parseIPv4(s: string): number {
  let n = 0, part = 0, digits = 0, dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // leading zero: ambiguous (octal), refuse
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      n = n * 256 + part; part = 0; digits = 0; dots++;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + part;
}

/** IPv6 text (with "::", an IPv4 tail, a zone or brackets) to eight 16-bit groups, or null. */
export function parseIPv6(input: string): number[] | null {
  let s = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (s.indexOf(":") < 0) return null;
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes(".")) { // ::ffff:1.2.3.4
        const v4 = parseIPv4(item);
        if (v4 < 0) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) out.push(parseInt(item, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

/** Loopback, RFC 1918, link-local, CGNAT (RFC 6598) and "this network" never reach the DB. */
function isPrivateV4(n: number): boolean {
  const a = n >>> 24, b = (n >>> 16) & 0xff;
  return a === 10 || a === 127 || a === 0 ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

const decoder = new TextDecoder("utf-8");
const orEmpty = (s: string | undefined) => (!s || s === "0" ? "" : s);

// Municipalities and autonomous regions: the v4 data says "北京"/"广西", the v6 data
// "北京市"/"广西区"; normalise v6 to the v4 spelling so reports group them together.
function provinceName(p: string): string {
  if (/^(北京|天津|上海|重庆)市$/.test(p)) return p.slice(0, -1);
  if (/^(内蒙古|广西|宁夏|新疆|西藏)(区|自治区|.*自治区)$/.test(p)) return p.match(/^(内蒙古|广西|宁夏|新疆|西藏)/)![1];
  if (/^(香港|澳门)(特别行政区)?$/.test(p)) return p.slice(0, 2);
  return p;
}

/** v6 ISP strings are long ("中国电信公众宽带"); keep the carrier name the v4 data uses. */
function ispName(s: string): string {
  const m = s.match(/^中国(电信|联通|移动|铁通|广电)/);
  if (m) return m[1];
  if (/CERNET|教育网/.test(s)) return "教育网";
  return s.length > 40 ? s.slice(0, 40) : s;
}

function createV4(buf: Uint8Array) {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const first = view.getUint32(0, true);
  const count = (view.getUint32(4, true) - first) / 12 + 1;
  const cache = new Map<number, GeoInfo>(); // few thousand distinct records; decode each once
  return (ip: number): GeoInfo => {
    let lo = 0, hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const o = first + mid * 12;
      if (ip < view.getUint32(o, true)) hi = mid - 1;
      else if (ip > view.getUint32(o + 4, true)) lo = mid + 1;
      else {
        const d = view.getUint32(o + 8, true);
        let info = cache.get(d);
        if (!info) {
          const ptr = d & 0xffffff, len = d >>> 24;
          // Each record starts with a 4-byte city id we do not use.
          const f = decoder.decode(buf.subarray(ptr + 4, ptr + len)).split("|");
          const country = orEmpty(f[0]);
          info = country === CHINA
            ? { country, province: orEmpty(f[2]), city: orEmpty(f[3]), isp: orEmpty(f[4]) }
            : { country, province: "", city: "", isp: "" };
          cache.set(d, info);
        }
        return { ...info };
      }
    }
    return empty();
  };
}

function createV6(buf: Uint8Array) {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (decoder.decode(buf.subarray(0, 4)) !== "IPDB") throw new Error("ipv6wry.db: bad header");
  const offLen = buf[6];
  const count = Number(view.getBigUint64(8, true));
  const indexStart = Number(view.getBigUint64(16, true));
  const entry = 8 + offLen;
  const readOff = (o: number) => (offLen === 3 ? buf[o] | (buf[o + 1] << 8) | (buf[o + 2] << 16) : view.getUint32(o, true));
  const cstr = (o: number) => decoder.decode(buf.subarray(o, buf.indexOf(0, o)));
  // qqwry-style redirects: 1 = the whole record lives elsewhere, 2 = this string does.
  const area = (o: number): string => (buf[o] === 1 || buf[o] === 2 ? area(readOff(o + 1)) : cstr(o));
  const record = (o: number): [string, string] => {
    if (buf[o] === 1) return record(readOff(o + 1));
    const next = buf[o] === 2 ? o + 1 + offLen : buf.indexOf(0, o) + 1;
    return [area(o), area(next)];
  };
  const cache = new Map<number, GeoInfo>();
  // `hi`/`lo` are the two 32-bit halves of the address's /64 prefix, the key the DB sorts by.
  return (hi: number, lo: number): GeoInfo => {
    let l = 0, r = count; // find the last prefix <= ours
    while (r - l > 1) {
      const m = (l + r) >>> 1;
      const o = indexStart + m * entry;
      const kHi = view.getUint32(o + 4, true), kLo = view.getUint32(o, true);
      if (hi < kHi || (hi === kHi && lo < kLo)) r = m; else l = m;
    }
    const recOff = readOff(indexStart + l * entry + 8);
    let info = cache.get(recOff);
    if (!info) {
      const [place, net] = record(recOff);
      const f = place.split("\t");
      // "IANA保留地址", "全球" (anycast) and the like name no place: report unknown.
      const country = f[0].startsWith("IANA") || f[0] === "全球" ? "" : f[0].trim();
      const province = provinceName(f[1] ?? "");
      // In municipalities the third field is a district; v4 gives the city as "北京市".
      const city = province !== f[1] && /^(北京|天津|上海|重庆)$/.test(province) ? f[1] : f[2] ?? "";
      info = country === CHINA
        ? { country, province, city, isp: ispName(net.trim()) }
        : { country, province: "", city: "", isp: "" };
      cache.set(recOff, info);
    }
    return { ...info };
  };
}

let shared: { v4: (ip: number) => GeoInfo; v6: (hi: number, lo: number) => GeoInfo } | null = null;

function databases() {
  // readFileSync works on /$bunfs paths inside the compiled binary as well as on disk.
  shared ??= { v4: createV4(readFileSync(v4Path)), v6: createV6(readFileSync(v6Path)) };
  return shared;
}

/** Builds the lookup; the databases are loaded on first call and shared by all instances. */
export function createGeoLookup(): GeoLookup {
  const db = databases();
  const v4 = (n: number) => (isPrivateV4(n) ? lan() : db.v4(n));
  return {
    lookup(ip: string): GeoInfo {
      const s = (ip ?? "").trim();
      const n = parseIPv4(s);
      if (n >= 0) return v4(n);
      const g = parseIPv6(s);
      if (!g) return empty();
      const word = (i: number) => ((g[i] << 16) | g[i + 1]) >>> 0;
      if (g.every((x, i) => (i < 7 ? x === 0 : x <= 1))) return g[7] === 1 ? lan() : empty(); // ::1, ::
      if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return v4(word(6)); // v4-mapped/compatible
      if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfe80) return lan(); // ULA, link-local
      if (g[0] === 0x2002) return v4(word(1)); // 6to4 embeds the client's IPv4
      if (g[0] === 0x2001 && g[1] === 0) return v4(~word(6) >>> 0); // Teredo: client IPv4, inverted
      return db.v6(word(0), word(2));
    },
  };
}

let places: { countries: Set<string>; provinces: Set<string>; cities: Set<string> } | null = null;

/**
 * Every country, (Chinese) province and city name the IPv4 database can give, for checking the
 * region names an administrator types (M5 service regions). One pass over the index (~0.1 s,
 * the first time only); the v6 names are normalised to these spellings by the lookup.
 */
export function knownPlaces(): { countries: ReadonlySet<string>; provinces: ReadonlySet<string>; cities: ReadonlySet<string> } {
  if (places) return places;
  const buf = new Uint8Array(readFileSync(v4Path));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const first = view.getUint32(0, true);
  const count = (view.getUint32(4, true) - first) / 12 + 1;
  const seen = new Set<number>();
  const found = { countries: new Set<string>([LAN]), provinces: new Set<string>(), cities: new Set<string>() };
  for (let i = 0; i < count; i++) {
    const d = view.getUint32(first + i * 12 + 8, true);
    if (seen.has(d)) continue;
    seen.add(d);
    const ptr = d & 0xffffff, len = d >>> 24;
    const f = decoder.decode(buf.subarray(ptr + 4, ptr + len)).split("|");
    if (orEmpty(f[0])) found.countries.add(f[0]);
    if (f[0] === CHINA && orEmpty(f[2])) found.provinces.add(f[2]);
    if (f[0] === CHINA && orEmpty(f[3])) found.cities.add(f[3]);
  }
  return (places = found);
}
