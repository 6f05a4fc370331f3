/**
 * Trusted member identity (V25): the host page names its signed-in member, signed by its own
 * server with the site secret (docs/identity.md), either as a global set before the snippet
 *
 *   window.yingkeIdentity = { memberId: "M-1001", name: "王小明", ts: 1714550400, sig: "…64 hex…" };
 *
 * or as data attributes on the snippet's script element (data-member-id, data-member-name,
 * data-member-ts, data-member-sig). The widget only passes the claim on; the server checks it.
 * Read at every `connected`, so a page that sets the global later (a single-page app after
 * sign-in) is picked up on the next connection.
 */
import type { ClientFrame } from "./frames.ts";

type Claim = { memberId?: unknown; name?: unknown; ts?: unknown; sig?: unknown };

/**
 * The `identify` frame to send after `connected`: the page's claim; an empty one when the page
 * names nobody but the server still counts the visitor as verified (signed out meanwhile); or
 * null when there is nothing to say.
 */
export function identityFrame(anchor: Element | null, verified: boolean): ClientFrame | null {
  const g = (window as unknown as { yingkeIdentity?: Claim }).yingkeIdentity;
  const a = (k: string) => anchor?.getAttribute(`data-member-${k}`) ?? undefined;
  const c: Claim = g && typeof g == "object" ? g : { memberId: a("id"), name: a("name"), ts: a("ts"), sig: a("sig") };
  if (c.memberId != null && c.memberId !== "") return { type: "identify", memberId: String(c.memberId), name: c.name == null ? "" : String(c.name), ts: c.ts, sig: String(c.sig ?? "") };
  return verified ? { type: "identify" } : null;
}
