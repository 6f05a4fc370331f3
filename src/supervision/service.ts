import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import type { AgentsService } from "../agents/service.ts";
import type { DepartmentsService } from "../agents/departments.ts";
import type { AuthService } from "../auth/service.ts";
import type { ChatService, ConversationRow } from "../chat/service.ts";
import type { VisitorsService } from "../visitors/service.ts";
import type { SitesService } from "../sites/service.ts";
import type { TeamService } from "../team/service.ts";
import { departmentInScope } from "../auth/permissions.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import { takeoverText, validCid } from "../chat/model.ts";
import { createWhisperRepo } from "./repo.ts";
import { createWatchers } from "./watchers.ts";
import { WHISPER_MAX, whisperView, type Supervisor, type WhisperRow } from "./model.ts";

export type { Supervisor };

export interface SupervisionDeps {
  db: Database;
  clock: Clock;
  events: EventBus;
  writer: GroupCommitWriter;
  audit: AuditService;
  agents: AgentsService;
  departments: DepartmentsService;
  auth: AuthService;
  chat: ChatService;
  visitors: VisitorsService;
  sites: SitesService;
  team: TeamService;
}

/**
 * Supervision (A20): the live board of agents and their chats, watching a chat, whispers (agents
 * only), take over, end any chat and signing an agent out. A department admin reaches only
 * their own department's agents and chats; anything else answers 404, as if it did not exist.
 * Every action is audited.
 */
export function createSupervisionService(deps: SupervisionDeps) {
  const { chat, agents, events, clock } = deps;
  const whispers = createWhisperRepo(deps.db);
  const watchers = createWatchers();
  const actor = (s: Supervisor): Actor => ({ id: s.agent.id, name: s.agent.username, ip: s.ip });

  const mustHave = (s: Supervisor, permission: string) => {
    if (!s.permissions.has(permission)) throw forbidden();
  };
  const conversationInScope = (s: Supervisor, c: ConversationRow) => departmentInScope(s.scope, deps.departments.ofConversation(c));
  /** A chat the supervisor may supervise, or 404 (also for chats outside their department). */
  function reachable(s: Supervisor, conversationId: number): ConversationRow {
    const c = chat.get(conversationId);
    if (!c || !conversationInScope(s, c)) throw notFound("对话不存在 / conversation not found");
    return c;
  }
  function reachableAgent(s: Supervisor, agentId: number) {
    const a = agents.get(agentId);
    if (!a || !departmentInScope(s.scope, a.department_id ?? null)) throw notFound("客服不存在 / agent not found");
    return a;
  }

  // A chat that ended has nothing left to watch. Dropped after the current publish finishes, so
  // the "ended" message that follows the status change still reaches the watchers.
  events.subscribe("chat.conversation", ({ conversation }) => {
    if (conversation.status === "ended") queueMicrotask(() => watchers.drop(conversation.id));
  });
  events.subscribe("agent.sessions_ended", ({ agentId }) => watchers.removeAgent(agentId));
  events.subscribe("team.presence", ({ agentId }) => {
    if (!deps.team.presence.isConnected(agentId)) for (const id of watchers.removeAgent(agentId)) events.publish("supervision.watchers", { conversationId: id });
  });

  /** One chat as a row of the board. */
  function chatRow(c: ConversationRow, agentId: number) {
    const last = chat.lastMessage(c.id);
    return {
      id: c.id, role: c.agent_id === agentId ? "owner" : "guest", status: c.status,
      visitorId: c.visitor_id, visitorName: deps.visitors.get(c.visitor_id)?.name ?? "",
      siteId: c.site_id, siteName: deps.sites.get(c.site_id)?.name ?? "",
      createdAt: c.created_at, acceptedAt: c.accepted_at,
      /** How long the visitor waited before an agent took the chat. */
      waitedMs: Math.max(0, (c.accepted_at ?? clock.now()) - c.created_at),
      lastMessageAt: last?.created_at ?? null, lastMessageFrom: last?.sender_kind ?? null,
      watchers: watchers.of(c.id),
    };
  }

  /** One agent as a row of the board: chosen and effective status, connection and current chats. */
  function agentRow(agentId: number) {
    const a = agents.get(agentId);
    if (!a || a.disabled) return null;
    const connected = deps.team.presence.isConnected(a.id);
    return {
      id: a.id, username: a.username, displayName: a.display_name, departmentId: a.department_id ?? null, role: a.role_id,
      status: a.service_status, connected,
      effective: connected ? (agents.availability.effective(a.id) ?? a.service_status) : "offline",
      maxChats: a.max_chats,
      chats: chat.mineActive(a.id).map((c) => chatRow(c, a.id)),
    };
  }

  return {
    watchers,
    agentRow,
    /** Which supervisors' scope a row belongs to: the department of the agent (null = none). */
    agentDepartment: (agentId: number) => deps.departments.agentDepartment(agentId),
    /** Agents and watchers of a chat: everyone who gets its live frames (never the visitor). */
    audience(c: ConversationRow): number[] {
      return [...new Set([...chat.participants.activeAgentIds(c), ...watchers.of(c.id)])];
    },

    board(s: Supervisor) {
      mustHave(s, "chat.monitor");
      const rows = agents.list().filter((a) => !a.disabled && departmentInScope(s.scope, a.department_id ?? null)).map((a) => agentRow(a.id)!);
      return { serverTime: clock.now(), agents: rows };
    },

    /** Starts watching: returns the chat as it is now; from here its frames come live. */
    monitor(s: Supervisor, conversationId: number) {
      mustHave(s, "chat.monitor");
      const c = reachable(s, conversationId);
      if (c.status === "ended") throw new AppError(409, "ended", "对话已结束 / the conversation has ended");
      if (watchers.add(c.id, s.agent.id)) {
        deps.audit.record(actor(s), { action: "supervision.monitor", targetType: "conversation", targetId: c.id, detail: { agent: c.agent_id } });
        events.publish("supervision.watchers", { conversationId: c.id });
      }
      return { conversation: c, messages: chat.messagesAfter(c.id, 0, 1000), whispers: whispers.list(c.id).map(whisperView), watching: true };
    },

    unmonitor(s: Supervisor, conversationId: number) {
      mustHave(s, "chat.monitor");
      const c = reachable(s, conversationId);
      if (watchers.remove(c.id, s.agent.id)) events.publish("supervision.watchers", { conversationId: c.id });
      return { watching: false };
    },

    /** Its agents may read a chat's whispers, and so may whoever can watch it. */
    listWhispers(s: Supervisor, conversationId: number) {
      const c = chat.get(conversationId);
      if (!c) throw notFound("对话不存在 / conversation not found");
      if (c.agent_id !== s.agent.id && !chat.participants.isActive(c, s.agent.id)) {
        mustHave(s, "chat.monitor");
        reachable(s, c.id);
      }
      return { conversationId: c.id, whispers: whispers.list(c.id).map(whisperView) };
    },

    /**
     * A whisper from a supervisor (chat.whisper) or from one of the chat's agents answering.
     * Stored apart from messages and sent only to the chat's agents and watchers.
     */
    async whisper(s: Supervisor, conversationId: number, input: { cid?: unknown; body?: unknown }) {
      const c = chat.get(conversationId);
      if (!c) throw notFound("对话不存在 / conversation not found");
      const participant = chat.participants.isActive(c, s.agent.id);
      if (!participant && c.agent_id !== s.agent.id) {
        if (!s.permissions.has("chat.whisper")) throw forbidden("只有对话的客服或有悄悄话权限的主管可以发送悄悄话 / only the chat's agents or a supervisor may whisper");
        reachable(s, c.id);
      }
      if (c.status === "ended") throw new AppError(409, "ended", "对话已结束 / the conversation has ended");
      if (!validCid(input.cid)) throw invalid("cid must be 1–64 letters, digits, _ or -", "cid");
      const body = typeof input.body === "string" ? input.body.trim() : "";
      if (!body) throw invalid("悄悄话不能为空 / the whisper is empty", "body");
      if (body.length > WHISPER_MAX) throw invalid(`悄悄话最多 ${WHISPER_MAX} 字 / a whisper has at most ${WHISPER_MAX} characters`, "body");
      const cid = input.cid;
      const now = clock.now();
      // Through the chat writer, so after_seq is read in order with the messages around it.
      const r = await deps.writer.write((): { whisper: WhisperRow; conversation: ConversationRow; duplicate: boolean } => {
        const conversation = chat.get(conversationId)!;
        const stored = whispers.byCid(conversationId, cid);
        if (stored) return { whisper: stored, conversation, duplicate: true };
        if (conversation.status === "ended") throw new AppError(409, "ended", "对话已结束 / the conversation has ended");
        const whisper = whispers.insert({ conversation_id: conversationId, after_seq: chat.lastSeq(conversationId), cid, sender_id: s.agent.id, sender_name: s.agent.display_name, body, created_at: now })!;
        deps.audit.record(actor(s), { action: "supervision.whisper", targetType: "conversation", targetId: conversationId, detail: { whisper: whisper.id, asParticipant: participant } });
        return { whisper, conversation, duplicate: false };
      });
      if (!r.duplicate) events.publish("chat.whisper", { conversation: r.conversation, whisper: r.whisper });
      return { whisper: whisperView(r.whisper), duplicate: r.duplicate };
    },

    /**
     * The supervisor becomes the chat's owner, as after an accepted transfer: the previous owner
     * stops taking part (read only from now on) and the visitor sees who took over.
     */
    async takeover(s: Supervisor, conversationId: number) {
      mustHave(s, "chat.takeover");
      const c = reachable(s, conversationId);
      if (c.status !== "active") throw new AppError(409, "not_active", "只能接管进行中的对话 / only an active chat can be taken over");
      if (c.agent_id === s.agent.id) throw conflict("您已经在接待该对话 / this chat is already yours");
      const now = clock.now();
      const result = await deps.writer.write(() => {
        const current = chat.get(conversationId)!;
        const from = current.agent_id;
        if (current.status !== "active" || !chat.participants.changeOwner(conversationId, from, s.agent.id, now)) throw conflict("对话已变化，请刷新 / the chat changed; refresh");
        const message = chat.repo.append(conversationId, {
          cid: `sys-takeover-${conversationId}-${now}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event",
          body: JSON.stringify({ event: "transferred", name: s.agent.display_name, text: takeoverText(s.agent.display_name) }), file_id: null,
        }, now)!;
        deps.audit.record(actor(s), { action: "supervision.takeover", targetType: "conversation", targetId: conversationId, detail: { from, to: s.agent.id } });
        return { conversation: chat.get(conversationId)!, message, from };
      });
      // Now a participant: watching as well would send every frame twice.
      watchers.remove(conversationId, s.agent.id);
      events.publish("chat.conversation", { conversation: result.conversation });
      events.publish("chat.message", { conversation: result.conversation, message: result.message });
      events.publish("chat.participants", { conversation: result.conversation, removed: result.from !== null ? [result.from] : [] });
      events.publish("supervision.takeover", { conversation: result.conversation, message: result.message, from: result.from });
      return { conversation: result.conversation, previousAgentId: result.from };
    },

    /** Ends a chat that is not the supervisor's own (chat.end_any); audited. */
    async endAny(s: Supervisor, conversationId: number) {
      const existing = chat.get(conversationId);
      if (!existing) throw notFound("对话不存在 / conversation not found");
      if (!s.permissions.has("chat.end_any")) throw forbidden("只能结束自己接待的对话 / you can end only your own conversations");
      const c = reachable(s, conversationId);
      const ended = await chat.end(c.id, "agent");
      if (c.status !== "ended") deps.audit.record(actor(s), { action: "supervision.end", targetType: "conversation", targetId: c.id, detail: { agent: c.agent_id } });
      return ended;
    },

    /** Ends every session of another agent: their consoles close with 4001 and go to sign-in. */
    signOut(s: Supervisor, agentId: number) {
      mustHave(s, "agents.signout");
      const target = reachableAgent(s, agentId);
      if (target.id === s.agent.id) throw invalid("不能用这种方式让自己下线，请点击退出 / you cannot sign yourself out this way; use Sign out", "agentId");
      deps.db.transaction(() => {
        deps.auth.repo.log({ at: clock.now(), username: target.username, agent_id: target.id, ip: s.ip, user_agent: (s.userAgent ?? "").slice(0, 400), result: "logout", reason: "signed_out_by_supervisor" });
        deps.audit.record(actor(s), { action: "supervision.signout", targetType: "agent", targetId: target.id, detail: { username: target.username } });
      }).immediate();
      events.publish("agent.sessions_ended", { agentId: target.id, reason: "signed_out_by_supervisor" });
      return { agentId: target.id, signedOut: true };
    },
  };
}
export type SupervisionService = ReturnType<typeof createSupervisionService>;
