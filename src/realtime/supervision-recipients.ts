import type { Services } from "../services.ts";
import type { DataScope } from "../auth/permissions.ts";
import type { Principal } from "../auth/service.ts";
import { whisperView } from "../supervision/model.ts";
import { topics, type Conn, type Hub } from "./hub.ts";
import { messageFrame } from "./frames.ts";

/** Supervisors' board topics: the whole organisation, or one department (a department admin's). */
export const supervisionTopics = {
  all: "supervise:all",
  department: (id: number) => `supervise:dept:${id}`,
  /** The topic a supervisor's socket joins, or null when their scope reaches nobody. */
  of: (scope: DataScope) => (scope.kind === "all" ? "supervise:all" : scope.departmentId === null ? null : `supervise:dept:${scope.departmentId}`),
};

/**
 * Supervision frames (A20). `supervision_agent` carries one agent's row of the board whenever
 * their status, connection, chats or watchers change; rows changed by several events in one turn
 * go out once. It reaches organisation-wide supervisors and the agent's own department's admins
 * only. `whisper` goes to the chat's agents and watchers, never to a visitor topic.
 */
export function wireSupervisionRecipients(s: Services, hub: Hub) {
  const pending = new Set<number>();

  function flush() {
    const ids = [...pending];
    pending.clear();
    for (const agentId of ids) {
      const targets = boardsOf(agentId);
      if (!targets.length) continue;
      const frame = { type: "supervision_agent", agentId, agent: s.supervision.agentRow(agentId) };
      for (const topic of targets) hub.publish(topic, frame);
    }
  }
  // Departments whose board someone joined. Without any, an agent's department is not worth a
  // query: chat.message asks on every message. Entries go once their board has nobody left.
  const departmentBoards = new Set<number>();
  const anyDepartmentBoard = () => {
    for (const id of departmentBoards) if (!hub.hasSubscribers(supervisionTopics.department(id))) departmentBoards.delete(id);
    return departmentBoards.size > 0;
  };
  /** The board topics that show this agent and have someone looking. */
  const boardsOf = (agentId: number) => {
    const targets = hub.hasSubscribers(supervisionTopics.all) ? [supervisionTopics.all] : [];
    const dept = anyDepartmentBoard() ? s.supervision.agentDepartment(agentId) : null;
    if (dept !== null && hub.hasSubscribers(supervisionTopics.department(dept))) targets.push(supervisionTopics.department(dept));
    return targets;
  };
  const changed = (...agentIds: (number | null | undefined)[]) => {
    const before = pending.size;
    for (const id of agentIds) if (id) pending.add(id);
    if (before === 0 && pending.size > 0) queueMicrotask(flush);
  };
  const chatAgents = (conversationId: number) => {
    const c = s.chat.get(conversationId);
    return c ? s.chat.participants.activeAgentIds(c) : [];
  };

  s.events.subscribe("team.presence", ({ agentId }) => changed(agentId));
  s.events.subscribe("agent.changed", ({ agentId }) => changed(agentId));
  s.events.subscribe("agent.status", ({ agentId }) => changed(agentId));
  s.events.subscribe("chat.conversation", ({ conversation }) => changed(conversation.agent_id, ...chatAgents(conversation.id)));
  s.events.subscribe("chat.participants", ({ conversation, removed }) => changed(...chatAgents(conversation.id), ...removed));
  s.events.subscribe("supervision.watchers", ({ conversationId }) => changed(...chatAgents(conversationId)));
  // The board shows each chat's last message time; only worth building when someone looks.
  s.events.subscribe("chat.message", ({ conversation }) => {
    // flush() asks boardsOf() which boards show this agent; here only whether any board is open.
    if (conversation.agent_id && (hub.hasSubscribers(supervisionTopics.all) || anyDepartmentBoard())) changed(conversation.agent_id);
  });

  // The former owner no longer gets the chat's messages, but does see why it became read only.
  s.events.subscribe("supervision.takeover", ({ conversation, message, from }) => {
    if (from) hub.publish(topics.agent(from), { ...messageFrame(message, null), siteId: conversation.site_id, visitorId: conversation.visitor_id });
  });

  s.events.subscribe("chat.whisper", ({ conversation, whisper }) => {
    const frame = { type: "whisper", ...whisperView(whisper) };
    for (const id of s.supervision.audience(s.chat.get(conversation.id) ?? conversation)) hub.publish(topics.agent(id), frame);
  });

  return {
    /** Puts a supervisor's socket on the board their scope reaches, if any. */
    joinBoard(conn: Conn, principal: Principal) {
      if (!principal.permissions.has("chat.monitor")) return;
      const topic = supervisionTopics.of(principal.scope);
      if (!topic) return;
      hub.subscribe(conn, topic);
      if (principal.scope.kind !== "all" && principal.scope.departmentId !== null) departmentBoards.add(principal.scope.departmentId);
    },
  };
}
export type SupervisionBoards = ReturnType<typeof wireSupervisionRecipients>;
