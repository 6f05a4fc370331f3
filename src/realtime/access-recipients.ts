import type { Services } from "../services.ts";
import type { Hub } from "./hub.ts";
import { cidrContains, parseCidr, type Cidr } from "../platform/ip.ts";
import { BLOCKED_MESSAGE, CLOSE_BLOCKED, accessMode } from "./visitor-blocks.ts";

/**
 * Rules that are not about one visitor reach the visitors already on a site: an IP/CIDR block
 * (M7) added or lifted, and a change of the site's service regions (M5) or identity (V25)
 * settings. Each visitor on the site (from the range) is told what applies now, all rules
 * considered, by their current visit's address: `blocked` (hide also closes the channel) or
 * `unblocked`. Enforcement never depends on this — every chat frame is checked anyway.
 */
export function wireAccessRecipients(s: Services, hub: Hub) {
  function tellVisitors(siteId: number | null, cidr: Cidr | null, onlyBlocked: boolean) {
    for (const site of s.sites.list()) {
      if (siteId !== null && siteId !== site.id) continue;
      for (const v of s.visitors.online(site.id)) {
        const ip = v.goneAt === null ? s.visitors.visit(v.visitId)?.ip : undefined;
        if (!ip || (cidr && !cidrContains(cidr, ip))) continue;
        const mode = accessMode(s, v.visitorId, ip, site.id);
        if (!mode) {
          if (!onlyBlocked) hub.toVisitor(v.visitorId, { type: "unblocked" });
          continue;
        }
        hub.toVisitor(v.visitorId, { type: "blocked", mode, message: BLOCKED_MESSAGE });
        if (mode === "hide") hub.closeVisitor(v.visitorId, CLOSE_BLOCKED, "blocked");
      }
    }
  }
  s.events.subscribe("care.range_blocked", ({ block }) => {
    const cidr = parseCidr(block.ip_cidr ?? "");
    if (cidr) tellVisitors(block.site_id, cidr, true);
  });
  s.events.subscribe("care.range_lifted", ({ block }) => {
    const cidr = parseCidr(block.ip_cidr ?? "");
    if (cidr) tellVisitors(block.site_id, cidr, false);
  });
  s.events.subscribe("site.settings_changed", ({ siteId, section }) => {
    if (section === "regions" || section === "identity") tellVisitors(siteId, null, false);
  });
}
