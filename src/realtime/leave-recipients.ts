import type { Services } from "../services.ts";
import type { Principal } from "../auth/service.ts";
import type { AgentRow } from "../agents/service.ts";
import { leaveSiteIds } from "../leave/scope.ts";
import { messageView } from "../leave/model.ts";
import { visitorMask } from "../platform/masking.ts";
import { topics, type Hub } from "./hub.ts";

/**
 * Who hears of leave messages (H2): only agents online now who may read the message's site
 * (leave.read and the site among the ones they serve, src/leave/scope.ts). A new message
 * reaches them as `leave_new` — masked for each agent (X8) — with their own unanswered count;
 * an edit, reply or deletion as `leave_changed`, and `leave_counts` when the unanswered count
 * moved. Counts are per site set, asked once for every agent sharing it.
 */
export function wireLeaveRecipients(s: Services, hub: Hub) {
  const names = {
    site: (id: number) => s.sites.get(id)?.name ?? "",
    agent: (id: number | null) => (id === null ? null : (s.agents.get(id)?.display_name ?? null)),
  };
  /** Online agents who may read a message of this site, with the sites they read. */
  function readers(siteId: number): { agent: AgentRow; principal: Principal; siteIds: number[] }[] {
    const out = [];
    for (const agent of s.agents.list()) {
      if (agent.disabled || !hub.hasSubscribers(topics.agent(agent.id))) continue;
      // The same shape the routes see: permissions and data scope as of now.
      const principal = { agent, permissions: s.auth.permissionsOf(agent), scope: s.auth.scopeOf(agent) } as Principal;
      const siteIds = leaveSiteIds(s, principal);
      if (siteIds?.includes(siteId)) out.push({ agent, principal, siteIds });
    }
    return out;
  }
  const counter = () => {
    const memo = new Map<string, number>();
    return (siteIds: number[]) => {
      const key = siteIds.join(",");
      let n = memo.get(key);
      if (n === undefined) memo.set(key, (n = s.leave.inbox.unanswered(siteIds)));
      return n;
    };
  };

  s.events.subscribe("leave.created", ({ message }) => {
    const stored = s.leave.inbox.stored(message.id);
    if (!stored) return;
    const view = messageView(stored, names);
    const unanswered = counter();
    for (const r of readers(message.site_id)) {
      hub.publish(topics.agent(r.agent.id), { type: "leave_new", message: visitorMask(r.principal.permissions)(view), unanswered: unanswered(r.siteIds) });
    }
  });

  s.events.subscribe("leave.changed", ({ message, action, countChanged }) => {
    const unanswered = counter();
    for (const r of readers(message.site_id)) {
      const to = topics.agent(r.agent.id);
      hub.publish(to, { type: "leave_changed", id: message.id, siteId: message.site_id, action, replied: message.replied_at !== null });
      if (countChanged) hub.publish(to, { type: "leave_counts", unanswered: unanswered(r.siteIds) });
    }
  });
}
