/**
 * Data masking (X8): the ONE place that decides how a visitor's IP address, phone number and
 * email address look to someone without `visitor.full_ip` / `visitor.contact`. Every view and
 * every export that carries visitor data to an agent passes it through `visitorMask(permissions)`
 * (docs/security.md). It lives in platform because every layer calls it (domains, realtime,
 * admin exports) and it depends on nothing; permissions are passed in as a plain set of names.
 *
 * A masked value is never a partial parse error: input that is not recognisable is masked
 * entirely rather than shown, so odd data cannot leak by failing to match a pattern.
 */

/** The permission names this module reads (src/auth/permissions.ts; masking.test.ts checks them). */
export const FULL_IP_PERMISSION = "visitor.full_ip";
export const CONTACT_PERMISSION = "visitor.contact";

const STARS = "***";

/** IPv4 keeps its first two octets (203.0.*.*), IPv6 its first two groups (2001:db8::*). */
export function maskIp(ip: string | null | undefined): string {
  const raw = (ip ?? "").trim();
  if (!raw) return "";
  // A block's "203.0.113.0/24" masks like its address; the prefix length says nothing personal.
  const text = raw.split("/")[0].split("%")[0];
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  const v4 = mapped ? mapped[1] : text;
  const octets = v4.split(".");
  if (octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return `${Number(octets[0])}.${Number(octets[1])}.*.*`;
  const groups = ipv6Groups(text);
  if (groups) return `${groups[0]}:${groups[1]}::*`;
  return "*";
}

/** The eight groups of an IPv6 address (lower case, no leading zeros), or null if it is not one. */
function ipv6Groups(text: string): string[] | null {
  if (!text.includes(":") || (text.match(/::/g)?.length ?? 0) > 1) return null;
  const [head, tail = null] = text.split("::") as [string, string?];
  const part = (s: string) => (s ? s.split(":") : []);
  let left = part(head);
  let right = tail === null ? [] : part(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) stands for two groups.
  const last = (tail === null ? left : right).at(-1) ?? "";
  if (last.includes(".")) {
    if (maskIp(last) === "*") return null;
    const [a, b, c, d] = last.split(".").map(Number);
    const v4 = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (tail === null) left = [...left.slice(0, -1), ...v4];
    else right = [...right.slice(0, -1), ...v4];
  }
  const missing = 8 - left.length - right.length;
  if (tail === null ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...Array(tail === null ? 0 : missing).fill("0"), ...right];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.map((g) => parseInt(g, 16).toString(16));
}

/**
 * A Chinese mobile number (11 digits starting 13–19, optionally +86) keeps its first three and
 * last four digits (138****5678); any other number its first three and last two. Separators are
 * dropped, a leading "+" kept. Numbers too short to mask that way are hidden completely.
 */
export function maskPhone(phone: string | null | undefined): string {
  const raw = (phone ?? "").trim();
  if (!raw) return "";
  const plus = raw.startsWith("+") ? "+" : "";
  const digits = raw.replace(/\D/g, "");
  const mobile = /^(?:0{0,2}86)?(1[3-9]\d{9})$/.exec(digits);
  // "+1 415…" is not a Chinese mobile even though its digits would fit one.
  if (mobile && (!plus || digits.startsWith("86"))) {
    const prefix = digits.length > 11 ? "+86 " : "";
    const m = mobile[1];
    return `${prefix}${m.slice(0, 3)}****${m.slice(7)}`;
  }
  if (digits.length < 6) return STARS;
  return `${plus}${digits.slice(0, 3)}${"*".repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** The local part keeps its first character (a***@example.com); the domain stays. */
export function maskEmail(email: string | null | undefined): string {
  const raw = (email ?? "").trim();
  if (!raw) return "";
  const at = raw.lastIndexOf("@");
  if (at <= 0 || at === raw.length - 1) return STARS;
  return `${[...raw.slice(0, at)][0]}${STARS}@${raw.slice(at + 1)}`;
}

/** Field names (any case, snake or camel) whose string values are IPs, phone numbers, emails. */
const IP_KEY = /^(ip|ip_?cidr|last_?ip|ip_?address|remote_?ip)$/i;
const PHONE_KEY = /^(phone|mobile|tel|telephone|phone_?number|contact_?phone)$/i;
const EMAIL_KEY = /^(email|e_?mail|mail|email_?address|contact_?email)$/i;

type Masker = (value: string) => string;

export interface MaskPermissions {
  has(permission: string): boolean;
}

/** What a viewer may see in full; the flags behind a mask. */
export interface MaskRights {
  fullIp: boolean;
  contact: boolean;
}

export const maskRights = (permissions: MaskPermissions): MaskRights => ({
  fullIp: permissions.has(FULL_IP_PERMISSION),
  contact: permissions.has(CONTACT_PERMISSION),
});

/** A short stable key per combination of rights, e.g. to group recipients of one frame. */
export const maskKey = (r: MaskRights): string => `${r.fullIp ? "ip" : "-"}${r.contact ? "contact" : "-"}`;

export type VisitorMask = <T>(value: T) => T;

/**
 * The mask for a viewer holding `permissions` (a Principal's permission set, or rights flags).
 * It returns a masked deep copy of any visitor-shaped value — rows, lists, panels, frames, leave
 * messages, form answers — and never changes its input. Fields are found by name at any depth:
 * `ip`, `phone`, `email` and their variants, and answers shaped `{field: "phone", value: "…"}`.
 * A viewer with both permissions gets the identity function: nothing is copied.
 */
export function visitorMask(permissions: MaskPermissions | MaskRights): VisitorMask {
  const r = "has" in permissions ? maskRights(permissions) : permissions;
  if (r.fullIp && r.contact) return (value) => value;
  // Field names repeat across rows (a list of 5,000 has ~25 distinct ones): decide each once.
  const decided = new Map<string, Masker | null>();
  const forKey = (key: string): Masker | null => {
    let m = decided.get(key);
    if (m !== undefined) return m;
    m = !r.fullIp && IP_KEY.test(key) ? maskIp : !r.contact && PHONE_KEY.test(key) ? maskPhone : !r.contact && EMAIL_KEY.test(key) ? maskEmail : null;
    decided.set(key, m);
    return m;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value !== "object" || depth > 16) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    // Every other object is walked as a record (as JSON would serialise it), so a row of an
    // unexpected class is still masked rather than passed through.
    if (value instanceof Date || ArrayBuffer.isView(value)) return value;
    const src = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    // A form answer names its field in a sibling: {field: "phone", value: "13812345678"}.
    const named = src.field ?? src.key ?? src.name;
    const answer = typeof named === "string" && typeof src.value === "string" ? forKey(named) : null;
    for (const [k, v] of Object.entries(src)) {
      const m = typeof v === "string" ? forKey(k) : null;
      if (m) out[k] = m(v as string);
      else if (k === "value" && answer) out[k] = answer(v as string);
      else out[k] = walk(v, depth + 1);
    }
    return out;
  };
  return (value) => walk(value, 0) as typeof value;
}
