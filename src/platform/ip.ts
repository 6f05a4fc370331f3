/**
 * IP parsing and CIDR matching, IPv4 and IPv6 alike (IPv4-mapped IPv6 is treated as IPv4 so
 * that `::ffff:10.0.0.1` from a dual-stack socket matches `10.0.0.0/8`). Addresses are compared
 * as 128-bit bigints; the lists involved are short, so clarity beats a radix tree here.
 */
export interface Cidr {
  text: string;
  base: bigint;
  bits: number; // prefix length within 128 bits
}

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

function parseV6(text: string): bigint | null {
  let address = text;
  let tail: bigint | null = null;
  const lastColon = address.lastIndexOf(":");
  if (address.includes(".")) {
    tail = parseV4(address.slice(lastColon + 1));
    if (tail === null) return null;
    address = address.slice(0, lastColon + 1) + "0:0";
  }
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail !== null) value = (value & ~0xffffffffn) | tail;
  return value;
}

/** Returns the address as a 128-bit value (IPv4 mapped into ::ffff:0:0/96), or null if invalid. */
export function parseIp(input: string): bigint | null {
  const text = input.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!text) return null;
  if (!text.includes(":")) {
    const v4 = parseV4(text);
    return v4 === null ? null : V4_MAPPED_PREFIX | v4;
  }
  return parseV6(text);
}

export function isIp(text: string) {
  return parseIp(text) !== null;
}

/** Canonical display form: IPv4-mapped addresses are shown as plain IPv4. */
export function normalizeIp(input: string): string {
  const value = parseIp(input);
  if (value === null) return input;
  if (value >> 32n === 0xffffn) {
    const v = Number(value & 0xffffffffn);
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
  }
  return input.trim().replace(/^\[|\]$/g, "").toLowerCase();
}

export function parseCidr(input: string): Cidr | null {
  const text = input.trim();
  const [addr, prefix, extra] = text.split("/");
  if (extra !== undefined) return null;
  const base = parseIp(addr);
  if (base === null) return null;
  const isV4 = !addr.includes(":");
  const max = isV4 ? 32 : 128;
  let bits = max;
  if (prefix !== undefined) {
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
    bits = Number(prefix);
  }
  const total = isV4 ? bits + 96 : bits;
  const mask = total === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - total)) - 1n);
  return { text, base: base & mask, bits: total };
}

export function cidrContains(cidr: Cidr, ip: string | bigint): boolean {
  const value = typeof ip === "bigint" ? ip : parseIp(ip);
  if (value === null) return false;
  const mask = cidr.bits === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - cidr.bits)) - 1n);
  return (value & mask) === cidr.base;
}

export function anyContains(list: Cidr[], ip: string): boolean {
  const value = parseIp(ip);
  return value !== null && list.some((c) => cidrContains(c, value));
}

/**
 * Parses a user-entered list (one entry per line or comma-separated). Returns the parsed list or
 * the first invalid entry so the caller can name it in the error.
 */
export function parseCidrList(text: string): { ok: true; list: Cidr[] } | { ok: false; bad: string } {
  const entries = text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  const list: Cidr[] = [];
  for (const e of entries) {
    const c = parseCidr(e);
    if (!c) return { ok: false, bad: e };
    list.push(c);
  }
  return { ok: true, list };
}

/**
 * The client's address: the socket peer, unless that peer is a trusted proxy; then walk
 * X-Forwarded-For from the right and take the first entry that is not itself trusted. Entries
 * left of that were written by the client and are never believed.
 */
export function clientIp(peer: string, forwardedFor: string | null | undefined, trusted: Cidr[]): string {
  const socketIp = normalizeIp(peer);
  if (!forwardedFor || !anyContains(trusted, socketIp)) return socketIp;
  const hops = forwardedFor.split(",").map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIp(hops[i])) return socketIp;
    const hop = normalizeIp(hops[i]);
    if (!anyContains(trusted, hop)) return hop;
  }
  return socketIp;
}
