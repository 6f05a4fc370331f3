import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { AuditService } from "../audit/service.ts";
import type { AgentsService } from "../agents/service.ts";
import type { GroupsService } from "../agents/groups.ts";
import type { ChatService } from "./service.ts";
import type { ConversationRow, MessageRow } from "./repo.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import { NOTE_MAX, type Requester, type TransferRow } from "./collab-model.ts";
import { takeoverText } from "./model.ts";

export interface TransferDeps {
  db: Database;
  clock: Clock;
  events: EventBus;
  writer: GroupCommitWriter;
  audit: AuditService;
  agents: AgentsService;
  groups: GroupsService;
  chat: ChatService;
  timeoutMs: number;
}

/**
 * Transfer (A8): the owner (or a holder of chat.takeover) offers an active chat to one online
 * agent or to a group's online members; the first to accept becomes the owner and the former
 * owner stops taking part. No answer by the deadline leaves the chat where it was. Every write
 * goes through the chat writer, so the owner change and the event message commit together and
 * two accepts are serialised: exactly one finds the transfer still pending.
 */
export function createTransferService(deps: TransferDeps) {
  const { db, clock, events, writer, agents, groups, chat } = deps;
  const byId = db.prepare("SELECT * FROM transfers WHERE id = ?");
  const pendingFor = db.prepare("SELECT * FROM transfers WHERE conversation_id = ? AND status = 'pending'");
  const allPending = db.prepare("SELECT * FROM transfers WHERE status = 'pending'");
  const insert = db.prepare("INSERT INTO transfers (conversation_id, from_agent_id, to_agent_id, to_group_id, note, created_at, deadline_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *");
  const answer = db.prepare("UPDATE transfers SET status = ?, answered_at = ?, answered_by = ? WHERE id = ? AND status = 'pending'");
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Group members who said no; when every candidate has, the transfer is declined. */
  const declined = new Map<number, Set<number>>();

  /** Can this agent be offered a chat now? Connected, online and below the limit (or invisible, if the requester may see them). */
  const offerable = (agentId: number, seeInvisible: boolean) => {
    if (!agents.availability.isConnected(agentId)) return false;
    const status = agents.availability.effective(agentId);
    return status === "online" || (seeInvisible && status === "invisible");
  };
  const groupCandidates = (t: Pick<TransferRow, "to_group_id" | "from_agent_id">, seeInvisible: boolean) =>
    t.to_group_id === null ? [] : groups.memberIds(t.to_group_id).filter((id) => id !== t.from_agent_id && offerable(id, seeInvisible));
  const candidatesOf = (t: TransferRow) => (t.to_agent_id !== null ? [t.to_agent_id] : groupCandidates(t, true));
  const mustGet = (id: number) => {
    const t = byId.get(id) as TransferRow | null;
    if (!t) throw notFound("转接请求不存在 / transfer not found");
    return t;
  };

  function schedule(t: TransferRow) {
    clearTimeout(timers.get(t.id));
    const timer = setTimeout(() => void expireDue().catch(() => {}), Math.max(0, t.deadline_at - clock.now()) + 20);
    timer.unref?.();
    timers.set(t.id, timer);
  }

  /** Ends a pending transfer without an owner change (declined, expired, withdrawn). */
  async function close(id: number, status: "declined" | "expired" | "withdrawn", by: number | null) {
    const t = await writer.write(() => {
      if (answer.run(status, clock.now(), by, id).changes !== 1) return null;
      const row = byId.get(id) as TransferRow;
      deps.audit.record({ id: by, name: by ? (agents.get(by)?.username ?? "") : "system" }, { action: `chat.transfer_${status}`, targetType: "conversation", targetId: row.conversation_id, detail: { transfer: id } });
      return row;
    });
    if (!t) return null;
    clearTimeout(timers.get(id));
    timers.delete(id);
    const candidates = candidatesOf(t);
    declined.delete(id);
    events.publish("transfer.ended", { transfer: t, notify: [t.from_agent_id ?? 0, ...(t.to_agent_id ? [t.to_agent_id] : [])].filter(Boolean), withdrawnFrom: t.to_group_id ? candidates : [] });
    return t;
  }

  /** Transfers past their deadline return to the original agent (also run at start-up). */
  async function expireDue(): Promise<number> {
    const due = (allPending.all() as TransferRow[]).filter((t) => t.deadline_at <= clock.now());
    for (const t of due) await close(t.id, "expired", null);
    return due.length;
  }

  // Transfers still pending from before a restart get their timers back; overdue ones expire.
  for (const t of allPending.all() as TransferRow[]) schedule(t);

  // A chat that ends while a transfer is pending takes the transfer with it.
  events.subscribe("chat.conversation", ({ conversation }) => {
    if (conversation.status !== "ended") return;
    const t = pendingFor.get(conversation.id) as TransferRow | null;
    if (t) void close(t.id, "withdrawn", null).catch(() => {});
  });

  return {
    get: (id: number) => byId.get(id) as TransferRow | null,
    pendingFor: (conversationId: number) => pendingFor.get(conversationId) as TransferRow | null,
    expireDue,

    /** Online agents and groups the requester may hand a chat to, with live counts. */
    targets(requester: Requester) {
      const seeInvisible = requester.permissions.has("chat.invisible");
      const list = agents.availability
        .connectedAgents()
        .filter((id) => id !== requester.id && offerable(id, seeInvisible))
        .map((id) => agents.get(id))
        .filter((a) => a && !a.disabled)
        .map((a) => ({ id: a!.id, name: a!.display_name, status: agents.availability.effective(a!.id) ?? "online", chats: chat.activeFor(a!.id).length, maxChats: a!.max_chats }));
      const groupList = groups.list().map((g) => ({ id: g.id, name: g.name, online: groupCandidates({ to_group_id: g.id, from_agent_id: requester.id }, seeInvisible).length }));
      return { agents: list, groups: groupList };
    },

    async request(requester: Requester, conversationId: number, input: { toAgentId?: unknown; toGroupId?: unknown; note?: unknown }): Promise<TransferRow> {
      const conversation = chat.get(conversationId);
      if (!conversation) throw notFound("对话不存在 / conversation not found");
      if (conversation.status !== "active") throw new AppError(409, "not_active", "只能转接进行中的对话 / only an active chat can be transferred");
      if (conversation.agent_id !== requester.id && !requester.permissions.has("chat.takeover")) throw forbidden("只有接待该对话的客服可以转接 / only the chat's owner can transfer it");
      const note = typeof input.note === "string" ? input.note.trim() : "";
      if (note.length > NOTE_MAX) throw invalid(`备注最多 ${NOTE_MAX} 字 / the note has at most ${NOTE_MAX} characters`, "note");
      const seeInvisible = requester.permissions.has("chat.invisible");
      const toAgent = input.toAgentId === undefined || input.toAgentId === null || input.toAgentId === "" ? null : Number(input.toAgentId);
      const toGroup = input.toGroupId === undefined || input.toGroupId === null || input.toGroupId === "" ? null : Number(input.toGroupId);
      if ((toAgent === null) === (toGroup === null)) throw invalid("请选择一位客服或一个分组 / choose one agent or one group", "toAgentId");
      const from = conversation.agent_id;
      let recipients: number[];
      if (toAgent !== null) {
        if (!Number.isInteger(toAgent) || toAgent === from || !offerable(toAgent, seeInvisible)) throw invalid("该客服不在线或不能接待 / that agent is not online to take chats", "toAgentId");
        recipients = [toAgent];
      } else {
        if (!Number.isInteger(toGroup) || !groups.get(toGroup!)) throw invalid("分组不存在 / group not found", "toGroupId");
        recipients = groupCandidates({ to_group_id: toGroup, from_agent_id: from }, seeInvisible);
        if (!recipients.length) throw invalid("该分组没有在线客服 / nobody in that group is online", "toGroupId");
      }
      const now = clock.now();
      const t = await writer.write(() => {
        if (pendingFor.get(conversationId)) throw conflict("该对话已有待处理的转接 / a transfer of this chat is already pending");
        const row = insert.get(conversationId, from, toAgent, toGroup, note, now, now + deps.timeoutMs) as TransferRow;
        deps.audit.record({ id: requester.id, name: requester.username, ip: requester.ip }, { action: "chat.transfer_request", targetType: "conversation", targetId: conversationId, detail: { transfer: row.id, from, toAgent, toGroup, note } });
        return row;
      });
      schedule(t);
      events.publish("transfer.requested", { transfer: t, conversation, recipients });
      return t;
    },

    /** The first candidate to accept becomes the owner; any later accept gets 409. */
    async accept(agent: Requester, id: number) {
      const t = mustGet(id);
      if (t.status === "pending" && t.deadline_at <= clock.now()) await close(id, "expired", null);
      const allowed = t.to_agent_id !== null ? t.to_agent_id === agent.id : t.to_group_id !== null && groups.memberIds(t.to_group_id).includes(agent.id) && agent.id !== t.from_agent_id;
      if (!allowed) throw forbidden("这个转接不是给您的 / this transfer is not addressed to you");
      const now = clock.now();
      const result = await writer.write((): { transfer: TransferRow; conversation: ConversationRow; message: MessageRow } => {
        const current = byId.get(id) as TransferRow;
        if (current.status !== "pending") throw conflict(current.status === "accepted" ? "已被其他客服接受 / another agent accepted it first" : "转接已结束 / the transfer is over");
        const conversation = chat.get(t.conversation_id);
        if (!conversation || conversation.status !== "active" || conversation.agent_id !== t.from_agent_id) throw conflict("对话已变化，转接无效 / the chat changed; the transfer no longer applies");
        answer.run("accepted", now, agent.id, id);
        chat.participants.changeOwner(conversation.id, t.from_agent_id, agent.id, now);
        const message = chat.repo.append(conversation.id, {
          cid: `sys-transfer-${id}`, sender_kind: "system", sender_id: null, sender_name: "", kind: "event",
          body: JSON.stringify({ event: "transferred", name: agent.display_name, text: takeoverText(agent.display_name) }), file_id: null,
        }, now)!;
        deps.audit.record({ id: agent.id, name: agent.username, ip: agent.ip }, { action: "chat.transfer_accept", targetType: "conversation", targetId: conversation.id, detail: { transfer: id, from: t.from_agent_id, to: agent.id } });
        return { transfer: byId.get(id) as TransferRow, conversation: chat.get(conversation.id)!, message };
      });
      clearTimeout(timers.get(id));
      timers.delete(id);
      declined.delete(id);
      const others = t.to_group_id !== null ? groups.memberIds(t.to_group_id).filter((a) => a !== agent.id && a !== t.from_agent_id) : [];
      events.publish("chat.conversation", { conversation: result.conversation });
      events.publish("chat.message", { conversation: result.conversation, message: result.message });
      events.publish("chat.participants", { conversation: result.conversation, removed: t.from_agent_id ? [t.from_agent_id] : [] });
      events.publish("transfer.ended", { transfer: result.transfer, notify: [t.from_agent_id ?? 0, agent.id].filter(Boolean), withdrawnFrom: others });
      return result;
    },

    /** A direct target's "no" ends the transfer; in a group, it ends when every candidate said no. */
    async decline(agent: Requester, id: number): Promise<TransferRow> {
      const t = mustGet(id);
      const candidate = t.to_agent_id !== null ? t.to_agent_id === agent.id : t.to_group_id !== null && groups.memberIds(t.to_group_id).includes(agent.id);
      if (!candidate) throw forbidden("这个转接不是给您的 / this transfer is not addressed to you");
      if (t.status !== "pending") throw conflict("转接已结束 / the transfer is over");
      if (t.to_group_id !== null) {
        const no = declined.get(id) ?? new Set<number>();
        no.add(agent.id);
        declined.set(id, no);
        if (groupCandidates(t, true).some((c) => !no.has(c))) return t;
      }
      return (await close(id, "declined", agent.id)) ?? mustGet(id);
    },
  };
}
export type TransferService = ReturnType<typeof createTransferService>;
