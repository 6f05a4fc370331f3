import type { Services } from "../src/services.ts";
import type { ConversationRow } from "../src/chat/service.ts";
import { createTestApp, type TestApp } from "./harness.ts";

export const ADMIN = { id: null, name: "test" };
let seq = 0;

/**
 * A routing test world over the real services: a site, agents made "online at the console"
 * through the same availability calls the agent socket makes, and chats opened the way the
 * visitor channel opens them (group / requested agent set at open, as site binding will).
 */
export async function routingWorld(opts: { mode?: "manual" | "service" | "sales"; timeout?: number; prefer?: boolean; t?: TestApp } = {}) {
  const t = opts.t ?? createTestApp();
  const s: Services = t.services;
  const site = s.sites.create({ name: "Bank", allowed_origins: "http://bank.example.test", default_language: "zh-CN" }, ADMIN);
  const setMode = (mode: "manual" | "service" | "sales", siteId = site.id, extra: { timeout?: number; prefer?: boolean } = {}) =>
    s.routing.saveAll(ADMIN, { [siteId]: { assign_mode: mode, offer_timeout_seconds: String(extra.timeout ?? opts.timeout ?? 30), prefer_previous_agent: (extra.prefer ?? opts.prefer ?? true) ? "1" : "" } }, {});
  if (opts.mode) setMode(opts.mode);

  async function agent(name: string, o: { online?: boolean; max?: number } = {}) {
    const a = await t.createAgent(name);
    if (o.max !== undefined) t.db.run("UPDATE agents SET max_chats = ? WHERE id = ?", [o.max, a.id]);
    if (o.online !== false) online(a.id);
    return a;
  }
  /** Console connected with status online (what agent-channel.open does). */
  function online(agentId: number) {
    s.agents.setServiceStatus(agentId, "online");
    s.agents.availability.connected(agentId, "online");
    s.autoBusy.refresh(agentId);
  }

  /** A visitor writes and a waiting chat opens (optionally for a group / a requested agent). */
  async function chat(o: { groupId?: number; requestedAgentId?: number; siteId?: number; visitorId?: number } = {}): Promise<ConversationRow> {
    const siteId = o.siteId ?? site.id;
    const visitorId = o.visitorId ?? s.visitors.identify(siteId, null).visitor.id;
    const now = t.clock.now();
    const c = await s.writer.write(() => {
      const row = s.chat.repo.create(siteId, visitorId, null, now);
      t.db.run("UPDATE conversations SET group_id = ?, requested_agent_id = ? WHERE id = ?", [o.groupId ?? null, o.requestedAgentId ?? null, row.id]);
      s.chat.repo.append(row.id, { cid: `c${++seq}`, sender_kind: "visitor", sender_id: visitorId, sender_name: "访客", kind: "text", body: "你好", file_id: null }, now);
      return s.chat.get(row.id)!;
    });
    s.events.publish("chat.conversation", { conversation: c });
    await s.routing.settle();
    return c;
  }
  const offerOf = (conversationId: number) => s.routing.pendingOffer(conversationId);
  const ref = (id: number) => ({ id, display_name: s.agents.get(id)!.display_name });
  const accept = async (agentId: number, conversationId: number) => {
    const r = await s.chat.accept(ref(agentId), conversationId, (c) => s.routing.checkAccept(agentId, c));
    await s.routing.settle();
    return r;
  };
  const end = async (conversationId: number) => {
    await s.chat.end(conversationId, "agent");
    await s.routing.settle();
  };
  return { t, s, site, setMode, agent, online, chat, offerOf, accept, end, ref };
}
