import { expect } from "bun:test";
import { randomBytes } from "node:crypto";
import { createTestApp, type TestApp } from "./harness.ts";

/**
 * A Yingke with two departments and three sites (零售 retail's, 对公 corporate's, and one of no
 * department), for the customer 360 tests. Visitors, visits, chats, leave messages and member
 * links are written straight into the real database, as the visitor side would have stored them,
 * so each test states exactly the history it reads back.
 */
const sys = { id: null, name: "test" };

export async function customerWorld(t: TestApp = createTestApp()) {
  const retail = t.services.departments.create({ name: "零售" }, sys);
  const corporate = t.services.departments.create({ name: "对公" }, sys);
  const site = (name: string, departmentId: number | null) => {
    const s = t.services.sites.create({ name, allowed_origins: `https://${randomBytes(4).toString("hex")}.example.test`, default_language: "zh-CN" }, sys);
    if (departmentId !== null) t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [departmentId, s.id]);
    return s;
  };
  const retailSite = site("零售网站", retail.id);
  const corporateSite = site("对公网站", corporate.id);
  const commonSite = site("官网", null);
  let clock = Date.UTC(2026, 0, 5, 2, 0, 0);
  const tick = () => (clock += 60_000);

  function visitor(siteId: number, f: { name?: string; phone?: string; email?: string; company?: string; note?: string; visits?: number } = {}) {
    const at = tick();
    const row = t.db.query(
      `INSERT INTO visitors (site_id, public_id, name, phone, email, company, note, visit_count, first_seen_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, public_id`,
    ).get(siteId, randomBytes(12).toString("base64url"), f.name ?? "", f.phone ?? "", f.email ?? "", f.company ?? "", f.note ?? "", f.visits ?? 1, at, at) as { id: number; public_id: string };
    return { id: row.id, publicId: row.public_id, siteId };
  }
  function visit(v: { id: number; siteId: number }, f: { ip?: string; province?: string; city?: string; device?: string; browser?: string; os?: string; engine?: string; keyword?: string } = {}) {
    const at = tick();
    t.db.run(
      `INSERT INTO visits (visitor_id, site_id, started_at, last_activity_at, ip, country, province, city, browser, os, device, search_engine, search_keyword, landing_url)
       VALUES (?, ?, ?, ?, ?, '中国', ?, ?, ?, ?, ?, ?, ?, 'https://shop.example.test/')`,
      [v.id, v.siteId, at, at, f.ip ?? "203.0.113.7", f.province ?? "", f.city ?? "", f.browser ?? "", f.os ?? "", f.device ?? "", f.engine ?? "", f.keyword ?? ""],
    );
    t.db.run("UPDATE visitors SET last_seen_at = ? WHERE id = ?", [at, v.id]);
  }
  function member(v: { id: number; siteId: number }, memberId: string, name: string) {
    t.db.run("INSERT INTO visitor_members (visitor_id, site_id, member_id, member_name, signed_ts, verified_at) VALUES (?, ?, ?, ?, ?, ?)", [v.id, v.siteId, memberId, name, 1, tick()]);
  }
  /** An ended chat: the visitor's lines and the agent's replies, alternating. */
  function chat(v: { id: number; siteId: number }, agentId: number | null, lines: string[], f: { rating?: number; topic?: string; verdict?: string } = {}) {
    const start = tick();
    const c = t.db.query(
      "INSERT INTO conversations (site_id, visitor_id, status, agent_id, created_at, accepted_at, ended_at, ended_by) VALUES (?, ?, 'ended', ?, ?, ?, ?, 'agent') RETURNING id",
    ).get(v.siteId, v.id, agentId, start, start, start + 30_000) as { id: number };
    lines.forEach((body, i) => {
      const fromVisitor = i % 2 === 0;
      t.db.run(
        "INSERT INTO messages (conversation_id, seq, cid, sender_kind, sender_id, sender_name, kind, body, created_at) VALUES (?, ?, ?, ?, ?, '', 'text', ?, ?)",
        [c.id, i + 1, `c${c.id}-${i}`, fromVisitor ? "visitor" : "agent", fromVisitor ? v.id : agentId, body, start + i],
      );
    });
    if (f.rating) t.db.run("INSERT INTO conversation_ratings (conversation_id, agent_id, level, comment, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)", [c.id, agentId, f.rating, start, start]);
    if (f.topic || f.verdict) {
      const topicId = f.topic ? t.services.care.topics.create(sys, f.topic).id : null;
      t.db.run("INSERT INTO conversation_evaluations (conversation_id, topic_id, verdict, note, agent_id, updated_at) VALUES (?, ?, ?, '', ?, ?)", [c.id, topicId, f.verdict ?? "", agentId, start]);
    }
    return c.id;
  }
  function leave(v: { id: number; siteId: number }, content: string, f: { name?: string; phone?: string; email?: string } = {}) {
    const row = t.db.query(
      "INSERT INTO leave_messages (site_id, visitor_id, cid, name, phone, email, content, page_url, ip, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'https://shop.example.test/contact', '198.51.100.23', ?) RETURNING id",
    ).get(v.siteId, v.id, randomBytes(6).toString("hex"), f.name ?? "", f.phone ?? "", f.email ?? "", content, tick()) as { id: number };
    return row.id;
  }
  function prechat(v: { id: number; siteId: number }, conversationId: number, questionType: string, custom: { id: string; label: string; value: string }[]) {
    t.db.run("INSERT INTO prechat_answers (site_id, visitor_id, conversation_id, question_type, question_type_label, custom, created_at) VALUES (?, ?, ?, 'q', ?, ?, ?)", [v.siteId, v.id, conversationId, questionType, JSON.stringify(custom), tick()]);
  }
  function block(v: { id: number; siteId: number }, reason: string, lifted = false) {
    t.db.run("INSERT INTO visitor_blocks (site_id, visitor_id, ip_cidr, mode, reason, created_at, lifted_at) VALUES (?, ?, '203.0.113.7', 'refuse_chat', ?, ?, ?)", [v.siteId, v.id, reason, tick(), lifted ? tick() : null]);
  }

  /** A signed-in agent; `get` returns status and JSON body. */
  async function agent(username: string, role: string, departmentId: number | null = null) {
    const row = await t.createAgent(username, role);
    if (departmentId !== null) t.services.departments.setAgentDepartment(row.id, departmentId, sys);
    const b = t.browser();
    expect((await b.signIn(username)).status).toBe(303);
    const get = async (path: string) => {
      const res = await b.get(path, { accept: "application/json" });
      return { status: res.status, body: (await res.json()) as any };
    };
    const search = async (q: string, extra = "") => {
      const r = await get(`/api/customers/search?q=${encodeURIComponent(q)}${extra}`);
      expect(r.status).toBe(200);
      return r.body as { customers: any[]; next: number | null };
    };
    return { row, id: row.id, get, search, profile: (visitorId: number) => get(`/api/customers/visitors/${visitorId}`) };
  }
  function role(id: string, permissions: string[]) {
    t.services.roles.create({ id, name: id, permissions }, sys, null);
  }

  return { t, retail, corporate, retailSite, corporateSite, commonSite, visitor, visit, member, chat, leave, prechat, block, agent, role };
}
