import type { Services } from "../services.ts";
import { maskKey, maskRights, visitorMask, type MaskPermissions, type MaskRights } from "../platform/masking.ts";
import { topics, type Conn, type Hub } from "./hub.ts";

/**
 * Realtime frames that carry visitor IPs or contact details (X8). A broadcast to every agent
 * cannot go out as one frame: each agent's socket also joins one "visitor view" topic for its
 * combination of visitor.full_ip / visitor.contact, and such a frame is published once per
 * combination that has listeners (at most four), each masked for it. The frame is built and
 * masked once per event, never per socket. Frames for named agents are masked per recipient.
 */
const ALL_RIGHTS: MaskRights[] = [false, true].flatMap((fullIp) => [false, true].map((contact) => ({ fullIp, contact })));

/** The topic an agent socket joins beside topics.agents, for visitor-data broadcasts. */
export const visitorViewTopic = (rights: MaskRights) => `${topics.agents}:view:${maskKey(rights)}`;

export function joinVisitorView(hub: Hub, conn: Conn, permissions: MaskPermissions) {
  hub.subscribe(conn, visitorViewTopic(maskRights(permissions)));
}

/**
 * Publishes a frame with visitor data to every agent (where topics.agents used to carry it),
 * masked per view. `build` runs at most once, and only when somebody listens.
 */
export function publishToAllAgents(hub: Hub, build: () => object) {
  let frame: object | null = null;
  for (const rights of ALL_RIGHTS) {
    const topic = visitorViewTopic(rights);
    if (!hub.hasSubscribers(topic)) continue;
    frame ??= build();
    hub.publish(topic, visitorMask(rights)(frame));
  }
}

/** Sends a frame with visitor data to named agents, each masked by that agent's own permissions. */
export function publishToAgentsMasked(s: Services, hub: Hub, agentIds: Iterable<number>, frame: object) {
  const byView = new Map<string, object>();
  for (const id of agentIds) {
    const agent = s.agents.get(id);
    // An agent that no longer exists sees nothing in full.
    const rights = agent ? maskRights(s.auth.permissionsOf(agent)) : { fullIp: false, contact: false };
    const key = maskKey(rights);
    let masked = byView.get(key);
    if (!masked) byView.set(key, (masked = visitorMask(rights)(frame)));
    hub.publish(topics.agent(id), masked);
  }
}
