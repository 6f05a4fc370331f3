import { invalid } from "../platform/errors.ts";
import { createGeoLookup, knownPlaces, LAN, type GeoInfo, type GeoLookup } from "./geo.ts";

/**
 * Service regions (M5): a site serves only the listed regions (allow-list) or everyone but them
 * (deny-list). Regions are the names the visitor list shows (src/visitors/geo.ts): a country
 * ("中国", "美国"), a province ("广东", "北京") or a city ("深圳"); one line may combine them
 * ("广东 深圳" = Shenzhen in Guangdong). Suffixes are optional: "广东省" and "广东" are the same.
 * "内网" (or "LAN") names the organisation's own network. An address with no known region never
 * matches a line: under an allow-list it is outside, under a deny-list inside.
 */
export const REGION_MODES = ["off", "allow", "deny"] as const;
export type RegionMode = (typeof REGION_MODES)[number];
/** What visitors outside the served regions get: the leave-message form only, or no widget at all. */
export const OUTSIDE_ACTIONS = ["leave", "hide"] as const;
export type OutsideAction = (typeof OUTSIDE_ACTIONS)[number];

export interface RegionSettings {
  mode: RegionMode;
  /** One region per entry, as the administrator wrote it (checked against the database). */
  regions: string[];
  outside: OutsideAction;
}

export const REGION_DEFAULTS: RegionSettings = { mode: "off", regions: [], outside: "leave" };
export const MAX_REGIONS = 200;
const MAX_REGION_LINE = 60;

// Longest first, so "广西壮族自治区" loses the whole suffix rather than only "区".
const SUFFIXES = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟"];
const LAN_KEYS = ["内网", "lan"];

/** The comparable form of a place name: no administrative suffix, ASCII lower-cased. */
export function regionKey(name: string): string {
  const t = name.trim().toLowerCase();
  for (const s of SUFFIXES) if (t.endsWith(s) && t.length - s.length >= 2) return t.slice(0, -s.length);
  return t;
}

/** The keys a visitor's place answers to. */
function placeKeys(p: GeoInfo): Set<string> {
  if (p.country === LAN) return new Set(LAN_KEYS);
  return new Set([p.country, p.province, p.city].filter(Boolean).map(regionKey));
}

let known: Set<string> | null = null;
function knownKeys(): Set<string> {
  if (known) return known;
  const k = knownPlaces();
  known = new Set([...k.countries, ...k.provinces, ...k.cities].filter((n) => n !== LAN).map(regionKey));
  for (const l of LAN_KEYS) known.add(l);
  return known;
}

const tokens = (line: string) => line.trim().split(/\s+/).filter(Boolean);

/**
 * The administrator's list (one region per line; commas and 、 also separate) checked against
 * the region database: an unknown name is refused with the name, so a typo cannot silently
 * leave a region unserved.
 */
export function parseRegions(text: string, field = "regions"): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/[\n\r,，;；、]+/)) {
    const line = tokens(raw).join(" ");
    if (!line) continue;
    if (line.length > MAX_REGION_LINE) throw invalid(`地区“${line.slice(0, 20)}…”过长 / the region "${line.slice(0, 20)}…" is too long`, field);
    const unknown = tokens(line).find((t) => !knownKeys().has(regionKey(t)));
    if (unknown !== undefined) {
      throw invalid(`“${unknown}”不是已知的地区名（国家、省份或城市，如 广东 深圳；同一行的多个名称用空格分开） / "${unknown}" is not a known region: use a country, province or city name such as 广东 深圳, with spaces between names on one line`, field);
    }
    if (!lines.some((l) => l.toLowerCase() === line.toLowerCase())) lines.push(line);
  }
  if (lines.length > MAX_REGIONS) throw invalid(`最多 ${MAX_REGIONS} 个地区 / at most ${MAX_REGIONS} regions`, field);
  return lines;
}

/** Whether one region line names this place (every name on the line must fit). */
export function regionMatches(line: string, place: GeoInfo): boolean {
  const keys = placeKeys(place);
  const t = tokens(line);
  return t.length > 0 && t.every((name) => keys.has(regionKey(name)));
}

/** Whether a visitor at `place` is outside the regions the site serves. */
export function outsideRegions(settings: RegionSettings, place: GeoInfo): boolean {
  if (settings.mode === "off") return false;
  const listed = settings.regions.some((line) => regionMatches(line, place));
  return settings.mode === "allow" ? !listed : listed;
}

/**
 * Per site and address: null (served), "leave" (only the leave-message form) or "hide" (no
 * widget). Asked when a channel opens and on every chat frame, so it is a geo lookup (binary
 * search, cached record) and a few set lookups.
 */
export function createRegionsService(deps: { settings: (siteId: number) => RegionSettings; geo?: GeoLookup }) {
  let geo = deps.geo ?? null;
  const placeOf = (ip: string) => (geo ??= createGeoLookup()).lookup(ip);
  const settingsOf = (siteId: number): RegionSettings => {
    try {
      return { ...REGION_DEFAULTS, ...deps.settings(siteId) };
    } catch {
      return REGION_DEFAULTS;
    }
  };
  return {
    settings: settingsOf,
    placeOf,
    parse: parseRegions,
    restriction(siteId: number, ip: string): OutsideAction | null {
      const s = settingsOf(siteId);
      if (s.mode === "off") return null;
      return outsideRegions(s, placeOf(ip)) ? s.outside : null;
    },
  };
}
export type RegionsService = ReturnType<typeof createRegionsService>;
