import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { GroupCommitWriter } from "../store/writer.ts";
import type { AuditService } from "../audit/service.ts";
import type { AgentsService } from "../agents/service.ts";
import type { ChatService } from "./service.ts";
import type { ConversationRow, MessageRow } from "./repo.ts";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors.ts";
import type { GuestInvitationRow, Requester } from "./collab-model.ts";

const joinedText = (name: string) => `${name} 加入了对话 / ${name} joined`;
const leftText = (name: string) => `${name} 离开了对话 / ${name} left`;

/**
 * Three-way chat (A9): the owner invites an online colleague, who joins as a guest and may
 * leave again; the owner cannot leave (they transfer or end). Join and leave are event messages
 * in the conversation, so the visitor and every participant see them.
 */
export function createGuestService(deps: { db: Database; clock: Clock; events: EventBus; writer: GroupCommitWriter; audit: AuditService; agents: AgentsService; chat: ChatService; timeoutMs: number }) {
  const { db, clock, events, writer, agents, chat } = deps;
  const byId = db.prepare("SELECT * FROM guest_invitations WHERE id = ?");
  const pendingTo = db.prepare("SELECT * FROM guest_invitations WHERE conversation_id = ? AND to_agent_id = ? AND status = 'pending'");
  const pendingIn = db.prepare("SELECT * FROM guest_invitations WHERE conversation_id = ? AND status = 'pending'");
  const insert = db.prepare("INSERT INTO guest_invitations (conversation_id, from_agent_id, to_agent_id, created_at, deadline_at) VALUES (?, ?, ?, ?, ?) RETURNING *");
  const answer = db.prepare("UPDATE guest_invitations SET status = ?, answered_at = ? WHERE id = ? AND status = 'pending'");

  const eventMessage = (conversationId: number, cid: string, body: object, now: number) =>
    chat.repo.append(conversationId, { cid, sender_kind: "system", sender_id: null, sender_name: "", kind: "event", body: JSON.stringify(body), file_id: null }, now)!;

  async function close(id: number, status: "declined" | "expired" | "withdrawn") {
    const inv = await writer.write(() => (answer.run(status, clock.now(), id).changes === 1 ? (byId.get(id) as GuestInvitationRow) : null));
    if (inv) events.publish("guest.answered", { invitation: inv });
    return inv;
  }

  // Invitations into a chat that ended or changed hands no longer stand.
  events.subscribe("chat.participants", ({ conversation }) => {
    for (const inv of pendingIn.all(conversation.id) as GuestInvitationRow[]) if (inv.from_agent_id !== conversation.agent_id) void close(inv.id, "withdrawn").catch(() => {});
  });
  events.subscribe("chat.conversation", ({ conversation }) => {
    if (conversation.status === "ended") for (const inv of pendingIn.all(conversation.id) as GuestInvitationRow[]) void close(inv.id, "withdrawn").catch(() => {});
  });

  return {
    get: (id: number) => byId.get(id) as GuestInvitationRow | null,

    async invite(owner: Requester, conversationId: number, input: { agentId?: unknown }): Promise<GuestInvitationRow> {
      const conversation = chat.get(conversationId);
      if (!conversation) throw notFound("对话不存在 / conversation not found");
      if (conversation.status !== "active") throw new AppError(409, "not_active", "只能邀请同事加入进行中的对话 / colleagues can join only an active chat");
      if (conversation.agent_id !== owner.id) throw forbidden("只有接待该对话的客服可以邀请同事 / only the chat's owner can invite colleagues");
      const to = Number(input.agentId);
      const seeInvisible = owner.permissions.has("chat.invisible");
      const status = agents.availability.effective(to);
      const online = Number.isInteger(to) && to !== owner.id && agents.availability.isConnected(to) && (status === "online" || status === "busy" || (seeInvisible && status === "invisible"));
      if (!online) throw invalid("该同事不在线 / that colleague is not online", "agentId");
      if (chat.participants.isActive(conversation, to)) throw conflict("该同事已在对话中 / that colleague is already in the chat", "agentId");
      const now = clock.now();
      const inv = await writer.write(() => {
        if (pendingTo.get(conversationId, to)) throw conflict("已邀请该同事，请等待回复 / already invited; waiting for the answer", "agentId");
        const row = insert.get(conversationId, owner.id, to, now, now + deps.timeoutMs) as GuestInvitationRow;
        deps.audit.record({ id: owner.id, name: owner.username, ip: owner.ip }, { action: "chat.guest_invite", targetType: "conversation", targetId: conversationId, detail: { invitation: row.id, to } });
        return row;
      });
      const timer = setTimeout(() => void close(inv.id, "expired").catch(() => {}), deps.timeoutMs + 20);
      timer.unref?.();
      events.publish("guest.invited", { invitation: inv, conversation });
      return inv;
    },

    async accept(agent: Requester, id: number) {
      const inv = byId.get(id) as GuestInvitationRow | null;
      if (!inv || inv.to_agent_id !== agent.id) throw notFound("邀请不存在 / invitation not found");
      const now = clock.now();
      const result = await writer.write((): { conversation: ConversationRow; message: MessageRow } => {
        const current = byId.get(id) as GuestInvitationRow;
        if (current.status !== "pending" || current.deadline_at <= now) throw conflict("邀请已失效 / the invitation is no longer open");
        const conversation = chat.get(inv.conversation_id);
        if (!conversation || conversation.status !== "active") throw conflict("对话已结束 / the chat has ended");
        answer.run("accepted", now, id);
        chat.participants.addGuest(conversation.id, agent.id, now);
        const message = eventMessage(conversation.id, `sys-guest-${id}`, { event: "guest_joined", name: agent.display_name, text: joinedText(agent.display_name) }, now);
        deps.audit.record({ id: agent.id, name: agent.username, ip: agent.ip }, { action: "chat.guest_join", targetType: "conversation", targetId: conversation.id, detail: { invitation: id } });
        return { conversation, message };
      });
      events.publish("chat.message", result);
      events.publish("chat.participants", { conversation: result.conversation, removed: [] });
      events.publish("guest.answered", { invitation: byId.get(id) as GuestInvitationRow });
      return result;
    },

    async decline(agent: Requester, id: number) {
      const inv = byId.get(id) as GuestInvitationRow | null;
      if (!inv || inv.to_agent_id !== agent.id) throw notFound("邀请不存在 / invitation not found");
      const closed = await close(id, "declined");
      if (!closed) throw conflict("邀请已失效 / the invitation is no longer open");
      return closed;
    },

    /** A guest leaves; the owner cannot (they transfer or end the chat instead). */
    async leave(agent: Requester, conversationId: number) {
      const conversation = chat.get(conversationId);
      if (!conversation) throw notFound("对话不存在 / conversation not found");
      if (conversation.agent_id === agent.id) throw invalid("接待客服不能离开对话，请转接或结束 / the owner cannot leave; transfer or end the chat", "conversationId");
      const now = clock.now();
      const message = await writer.write(() => {
        if (!chat.participants.isGuest(conversationId, agent.id) || !chat.participants.leave(conversationId, agent.id, now)) throw forbidden("您不在该对话中 / you are not in this chat");
        if (conversation.status === "ended") return null;
        return eventMessage(conversationId, `sys-left-${agent.id}-${now}`, { event: "guest_left", name: agent.display_name, text: leftText(agent.display_name) }, now);
      });
      if (message) events.publish("chat.message", { conversation, message });
      events.publish("chat.participants", { conversation, removed: [agent.id] });
    },
  };
}
export type GuestService = ReturnType<typeof createGuestService>;
