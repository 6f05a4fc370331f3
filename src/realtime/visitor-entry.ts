import type { Services } from "../services.ts";
import { topics, type Hub } from "./hub.ts";

/**
 * Live entry status (V24): when an agent connects, leaves, changes status or reaches the chat
 * limit, or a site's or group's settings change, every site that offers a choice of groups or agents gets an `entry` frame — but only
 * if what its widget shows actually changed. Several events fire for one action (a connect
 * flips availability and presence), so they are coalesced into one check per tick.
 */
export function wireVisitorEntry(s: Services, hub: Hub) {
  const last = new Map<number, string>();
  let queued = false;

  function check() {
    queued = false;
    for (const site of s.sites.list()) {
      const offer = site.disabled ? null : s.sites.entry.offer(site);
      if (!offer) {
        // The site stopped offering a choice: widgets still showing the list drop it.
        if (last.delete(site.id)) hub.publish(topics.site(site.id), { type: "entry", kind: site.entry_choice, options: [] });
        continue;
      }
      const text = JSON.stringify(offer);
      if (last.get(site.id) === text) continue;
      last.set(site.id, text);
      hub.publish(topics.site(site.id), { type: "entry", ...offer });
    }
  }
  const soon = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(check);
  };

  s.events.subscribe("agents.availability", soon);
  s.events.subscribe("team.presence", soon);
  s.events.subscribe("agent.status", soon);
  s.events.subscribe("agent.changed", soon);
  s.events.subscribe("site.changed", soon);
  s.events.subscribe("group.changed", soon);
}
