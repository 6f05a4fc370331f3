import type { Services } from "../services.ts";
import { topics, type Hub } from "./hub.ts";

/**
 * Settings reach open widgets without a reload (M10): after a section is saved, every channel of
 * the site gets the whole new config in one `config` frame. Saves in the same tick (an admin
 * script saving several sections) are coalesced into one frame per site.
 */
export function wireVisitorConfig(s: Services, hub: Hub) {
  const pending = new Set<number>();
  s.events.subscribe("site.settings_changed", ({ siteId }) => {
    if (pending.size === 0) queueMicrotask(flush);
    pending.add(siteId);
  });
  function flush() {
    for (const siteId of pending) hub.publish(topics.site(siteId), { type: "config", config: s.siteSettings.widgetConfig(siteId) });
    pending.clear();
  }
}
