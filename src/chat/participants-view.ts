import type { Services } from "../services.ts";
import { notFound } from "../platform/errors.ts";

/** The participants of a conversation as the console shows them. */
export function participantsView(s: Pick<Services, "chat" | "agents">, conversationId: number) {
  const c = s.chat.get(conversationId);
  if (!c) throw notFound("对话不存在 / conversation not found");
  const guests = new Set(s.chat.participants.rows(c.id).filter((r) => r.role === "guest").map((r) => r.agent_id));
  return {
    conversationId: c.id,
    ownerId: c.agent_id,
    participants: s.chat.participants.activeAgentIds(c).map((id) => ({ agentId: id, name: s.agents.get(id)?.display_name ?? "", role: guests.has(id) && id !== c.agent_id ? "guest" : "owner" })),
  };
}

