import { createTestApp, type TestApp } from "./harness.ts";
import { cid } from "./frames.ts";
import { solidPng } from "./png.ts";
import type { AgentRow } from "../src/agents/service.ts";

/**
 * A small organisation with chat history (H1 tests): two departments with a site each, a group,
 * topics, agents of every reach, and chats made through the real services (visits with page
 * trails, messages through the group-commit writer and so the search index, files, evaluations,
 * ratings). Times are set by the test clock: chat n starts on day n of January 2026.
 */
export const sys = { id: null, name: "test" };
const DAY = 86_400_000;
export const JAN1 = new Date(2026, 0, 1, 9, 0, 0).getTime();

export interface ChatSpec {
  site: { id: number };
  visitorName?: string;
  agent?: AgentRow | null;
  groupId?: number | null;
  /** [from, text]; a visitor opens the chat with the first visitor line. */
  lines: ["v" | "a", string][];
  pages?: string[];
  /** An image the visitor sends after the lines. */
  image?: string;
  end?: boolean;
  rating?: number;
  evaluation?: { topicId?: number | null; verdict?: "valuable" | "invalid" | ""; note?: string };
  day: number;
}

export async function historyWorld(t: TestApp = createTestApp()) {
  const s = t.services;
  const retail = s.departments.create({ name: "零售" }, sys);
  const corporate = s.departments.create({ name: "对公" }, sys);
  const retailSite = s.sites.create({ name: "零售网站", allowed_origins: "https://retail.example.test", default_language: "zh-CN", department_id: retail.id }, sys);
  const corporateSite = s.sites.create({ name: "对公网站", allowed_origins: "https://corp.example.test", default_language: "zh-CN", department_id: corporate.id }, sys);
  const cards = s.groups.create(sys, { name: "信用卡组", department_id: retail.id });
  const topicCard = s.care.topics.create(sys, "信用卡");
  const topicComplaint = s.care.topics.create(sys, "投诉");

  async function agent(username: string, role: string, departmentId: number | null, displayName?: string) {
    const a = await t.createAgent(username, role);
    if (departmentId !== null) s.departments.setAgentDepartment(a.id, departmentId, sys);
    if (displayName) t.db.run("UPDATE agents SET display_name = ? WHERE id = ?", [displayName, a.id]);
    return s.agents.get(a.id)!;
  }

  async function chat(spec: ChatSpec) {
    t.clock.set(JAN1 + spec.day * DAY);
    const v = s.visitors.identify(spec.site.id, null).visitor;
    if (spec.visitorName) t.db.run("UPDATE visitors SET name = ? WHERE id = ?", [spec.visitorName, v.id]);
    const visitor = s.visitors.get(v.id)!;
    let visitId: number | null = null;
    for (const url of spec.pages ?? ["https://example.test/home"]) {
      visitId = (await s.visitors.recordPage(visitor, { url, title: url.split("/").pop() }, { ip: "203.0.113.45", userAgent: "Mozilla/5.0 Chrome/124" })).visitId;
      t.clock.advance(1000);
    }
    const ref = { id: visitor.id, site_id: visitor.site_id, name: visitor.name };
    let conversationId = 0;
    const send = async (from: "v" | "a", text: string) => {
      t.clock.advance(1000);
      if (from === "v") {
        const r = await s.chat.visitorSend(ref, { cid: cid(), body: text, visitId, route: () => ({ groupId: spec.groupId ?? null, requestedAgentId: null }) });
        conversationId = r.conversation.id;
        if (spec.agent && r.created) await s.chat.accept(spec.agent, conversationId);
      } else {
        await s.chat.agentSend(spec.agent!, conversationId, { cid: cid(), body: text });
      }
    };
    for (const [from, text] of spec.lines) await send(from, text);
    let file = null;
    if (spec.image) {
      file = await s.files.store({ name: spec.image, bytes: solidPng(4, 4, [200, 30, 30]) }, { siteId: visitor.site_id, conversationId, kind: "visitor", id: visitor.id });
      await s.chat.visitorSend(ref, { cid: cid(), body: file.name, fileId: file.id });
    }
    if (spec.end !== false) {
      t.clock.advance(60_000);
      await s.chat.end(conversationId, "agent");
    }
    // A page seen after the chat ended is not part of the trail at chat time.
    t.clock.advance(5000);
    await s.visitors.recordPage(visitor, { url: "https://example.test/after-the-chat", title: "after" }, { ip: "203.0.113.45", userAgent: "Mozilla/5.0 Chrome/124" });
    if (spec.rating) t.db.run("INSERT INTO conversation_ratings (conversation_id, agent_id, level, comment, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)", [conversationId, spec.agent?.id ?? null, spec.rating, t.clock.now(), t.clock.now()]);
    if (spec.evaluation) s.care.evaluations.save({ agentId: spec.agent?.id ?? 0, any: true }, conversationId, spec.evaluation);
    return { id: conversationId, visitorId: visitor.id, file };
  }

  return { t, s, retail, corporate, retailSite, corporateSite, cards, topicCard, topicComplaint, agent, chat };
}
export type HistoryWorld = Awaited<ReturnType<typeof historyWorld>>;

/** A signed-in agent calling the JSON API (CSRF token and same Origin as the console sends them). */
export async function apiAs(t: TestApp, username: string) {
  const b = t.browser();
  await b.signIn(username);
  await b.get("/account");
  const csrf = b.csrf();
  const call = async (method: string, path: string, json?: unknown) => {
    const r = await b.request(method, path, { json, headers: { accept: "application/json", "x-csrf-token": csrf } });
    const text = await r.text();
    return { status: r.status, body: text && r.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text, res: r };
  };
  return { b, call, get: (path: string) => call("GET", path) };
}
