import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { createTestApp } from "./harness.ts";
import { jsonApi, leaveWorld, sys } from "./leave-world.ts";
import { leaveExportSource } from "../src/leave/export-source.ts";
import { EXPORT_SOURCES } from "../src/exports/sources.ts";
import { maskAuditRows } from "../src/admin/audit-masking.ts";
import type { Principal } from "../src/auth/service.ts";

setDefaultTimeout(60_000);

/**
 * The leave-message inbox API (H2): filters, who sees which sites' messages, masking (X8),
 * type and note, replied by hand, deletion with its permission and audit, the sign-in summary,
 * and the "leave" export source.
 */
const DAY = 86_400_000;
const ymd = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const ids = (body: any) => body.rows.map((r: any) => r.content);

async function populated() {
  const w = leaveWorld();
  const { t } = w;
  // Spread over three days so the date filter has something to cut.
  t.clock.set(new Date(2026, 2, 10, 9, 0).getTime());
  const wang = await w.leave(w.retailSite.id, { name: "王女士", phone: "13812345678", email: "wang@example.test", content: "请回电 call me about 信用卡" });
  t.clock.advance(DAY);
  const li = await w.leave(w.retailSite.id, { name: "李先生", phone: "13900001111", content: "投诉：网点排队太久" });
  const corp = await w.leave(w.corporateSite.id, { name: "赵总", email: "zhao@corp.example.test", content: "对公开户咨询" });
  t.clock.advance(DAY);
  const open = await w.leave(w.openSite.id, { name: "Alice", email: "alice@example.test", content: "Hello, opening hours?" });
  return { ...w, wang, li, corp, open };
}

describe("leave inbox: list, filters, scope and masking", () => {
  it("shows each agent the messages of the sites they serve, newest first, masked without visitor.contact", async () => {
    const w = await populated();
    const amy = await w.agent("amy", "agent", w.retail.id);
    const ben = await w.agent("ben", "agent", w.corporate.id);
    const cal = await w.agent("cal", "agent", null);
    const sue = await w.agent("sue", "supervisor", null);
    const rita = await w.agent("rita", "department_admin", w.retail.id);

    const amyList = (await amy.api("GET", "/api/leave-messages")).body;
    expect(ids(amyList)).toEqual(["Hello, opening hours?", "投诉：网点排队太久", "请回电 call me about 信用卡"]);
    expect(amyList.total).toBe(3);
    expect(ids((await ben.api("GET", "/api/leave-messages")).body)).toEqual(["Hello, opening hours?", "对公开户咨询"]);
    expect((await cal.api("GET", "/api/leave-messages")).body.total).toBe(4);
    expect((await sue.api("GET", "/api/leave-messages")).body.total).toBe(4);
    // A department-scoped role reaches its department's sites only (and the open one, which everyone serves).
    expect(ids((await rita.api("GET", "/api/leave-messages")).body)).toEqual(["Hello, opening hours?", "投诉：网点排队太久", "请回电 call me about 信用卡"]);

    // X8: an agent without visitor.contact sees the phone and email masked, the IP too without visitor.full_ip.
    const mine = amyList.rows.find((r: any) => r.id === w.wang.id);
    expect(mine).toMatchObject({ name: "王女士", phone: "138****5678", email: "w***@example.test", ip: "203.0.*.*", siteName: "retail", replied: false, canEmail: true, typeId: null, note: "" });
    const full = (await sue.api("GET", `/api/leave-messages/${w.wang.id}`)).body.message;
    expect(full).toMatchObject({ phone: "13812345678", email: "wang@example.test", ip: "203.0.113.9" });
    expect((await amy.api("GET", `/api/leave-messages/${w.wang.id}`)).body.message.email).toBe("w***@example.test");

    // Another department's message is not there at all for amy: 404, as for an unknown id.
    expect((await amy.api("GET", `/api/leave-messages/${w.corp.id}`)).status).toBe(404);
    expect((await amy.api("PUT", `/api/leave-messages/${w.corp.id}`, { note: "x" })).status).toBe(404);
    expect((await amy.api("GET", "/api/leave-messages/999999")).status).toBe(404);
    // Asking for another department's site filters to nothing rather than leaking it.
    expect((await amy.api("GET", `/api/leave-messages?site=${w.corporateSite.id}`)).body.total).toBe(0);

    // Without leave.read: refused, list and summary alike.
    w.t.services.roles.create({ id: "chat_only", name: "Chat only", permissions: ["chat.accept"] }, sys, null);
    const nora = await w.agent("nora", "chat_only");
    expect((await nora.api("GET", "/api/leave-messages")).status).toBe(403);
    expect((await nora.api("GET", "/api/leave-messages/summary")).status).toBe(403);
    expect((await nora.api("GET", `/api/leave-messages/${w.open.id}`)).status).toBe(403);
  });

  it("filters by site, state, type, date range and words, and pages", async () => {
    const w = await populated();
    const sue = await w.agent("sue", "supervisor");
    const amy = await w.agent("amy", "agent");
    const q = async (a: typeof sue, query: string) => {
      const r = await a.api("GET", `/api/leave-messages?${query}`);
      expect(r.status).toBe(200);
      return ids(r.body);
    };
    expect(await q(sue, `site=${w.retailSite.id}`)).toEqual(["投诉：网点排队太久", "请回电 call me about 信用卡"]);

    // Words: every word must match name, company or content (any case); Chinese substrings work.
    expect(await q(sue, "q=信用卡")).toEqual(["请回电 call me about 信用卡"]);
    expect(await q(sue, `q=${encodeURIComponent("CALL 王")}`)).toEqual(["请回电 call me about 信用卡"]);
    expect(await q(sue, `q=${encodeURIComponent("call 李")}`)).toEqual([]);
    expect(await q(sue, "q=%25")).toEqual([]);
    // Contact details are searched only for an agent who may see them (no probing of masked data).
    expect(await q(sue, "q=13812345678")).toEqual(["请回电 call me about 信用卡"]);
    expect(await q(sue, "q=zhao%40corp")).toEqual(["对公开户咨询"]);
    expect(await q(amy, "q=13812345678")).toEqual([]);

    // Dates: both days included.
    const day1 = ymd(w.wang.created_at);
    const day2 = ymd(w.li.created_at);
    expect(await q(sue, `from=${day2}&to=${day2}`)).toEqual(["对公开户咨询", "投诉：网点排队太久"]);
    expect(await q(sue, `to=${day1}`)).toEqual(["请回电 call me about 信用卡"]);
    expect(await q(sue, `from=${day2}`)).toHaveLength(3);

    // Type and state.
    const complaint = w.t.services.leave.types.create(sys, "投诉 Complaint");
    expect((await sue.api("PUT", `/api/leave-messages/${w.li.id}`, { typeId: complaint.id })).status).toBe(200);
    expect((await sue.api("PUT", `/api/leave-messages/${w.open.id}`, { replied: true })).status).toBe(200);
    expect(await q(sue, `type=${complaint.id}`)).toEqual(["投诉：网点排队太久"]);
    expect(await q(sue, "type=none")).toEqual(["Hello, opening hours?", "对公开户咨询", "请回电 call me about 信用卡"]);
    expect(await q(sue, "state=replied")).toEqual(["Hello, opening hours?"]);
    expect(await q(sue, `state=unreplied&site=${w.retailSite.id}&type=${complaint.id}`)).toEqual(["投诉：网点排队太久"]);

    // Pages of two, newest first.
    const p1 = (await sue.api("GET", "/api/leave-messages?limit=2&page=1")).body;
    const p2 = (await sue.api("GET", "/api/leave-messages?limit=2&page=2")).body;
    expect([p1.total, p1.page, p2.page]).toEqual([4, 1, 2]);
    expect([...ids(p1), ...ids(p2)]).toEqual(["Hello, opening hours?", "对公开户咨询", "投诉：网点排队太久", "请回电 call me about 信用卡"]);

    // Bad filters name their field.
    for (const [query, field] of [["state=maybe", "state"], ["type=abc", "type"], ["from=2026-13-01", "from"], ["site=-1", "site"], [`from=${day2}&to=${day1}`, "to"]]) {
      const r = await sue.api("GET", `/api/leave-messages?${query}`);
      expect([r.status, r.body.error.field]).toEqual([422, field]);
    }
  });
});

describe("leave inbox: type, note, replied by hand, delete", () => {
  it("sets a type and a note (who and when), marks replied and back, all audited; needs leave.reply", async () => {
    const w = await populated();
    const amy = await w.agent("amy", "agent", w.retail.id);
    const [enquiry, complaint] = ["咨询 Enquiry", "投诉 Complaint"].map((n) => w.t.services.leave.types.create(sys, n));
    w.t.services.leave.types.setDisabled(sys, enquiry.id, true);

    const types = (await amy.api("GET", "/api/leave-types")).body.types;
    expect(types).toEqual([{ id: enquiry.id, name: "咨询 Enquiry", disabled: true }, { id: complaint.id, name: "投诉 Complaint", disabled: false }]);

    w.t.clock.advance(5000);
    let r = await amy.api("PUT", `/api/leave-messages/${w.li.id}`, { typeId: complaint.id, note: "已电话联系，客户同意下周再来 <b>ok</b>" });
    expect(r.status).toBe(200);
    expect(r.body.message).toMatchObject({ typeId: complaint.id, typeName: "投诉 Complaint", note: "已电话联系，客户同意下周再来 <b>ok</b>", noteBy: amy.row.id, noteByName: "amy name", noteAt: w.t.clock.now(), replied: false });
    r = await amy.api("PUT", `/api/leave-messages/${w.li.id}`, { replied: true });
    expect(r.body.message).toMatchObject({ replied: true, repliedBy: amy.row.id, repliedByName: "amy name", repliedAt: w.t.clock.now() });
    expect((await amy.api("GET", "/api/leave-messages/summary")).body.unanswered).toBe(2);
    r = await amy.api("PUT", `/api/leave-messages/${w.li.id}`, { replied: false, typeId: null });
    expect(r.body.message).toMatchObject({ replied: false, repliedAt: null, typeId: null });

    // Refused: a disabled or unknown type, a note too long, replied not a boolean.
    for (const [body, field] of [[{ typeId: enquiry.id }, "typeId"], [{ typeId: 9999 }, "typeId"], [{ typeId: "1" }, "typeId"], [{ note: "长".repeat(2001) }, "note"], [{ replied: "yes" }, "replied"]] as const) {
      const bad = await amy.api("PUT", `/api/leave-messages/${w.li.id}`, body);
      expect([bad.status, bad.body.error.field]).toEqual([422, field]);
    }
    // A message keeps a type that was disabled after it was given.
    expect((await amy.api("PUT", `/api/leave-messages/${w.wang.id}`, { typeId: complaint.id })).status).toBe(200);
    w.t.services.leave.types.setDisabled(sys, complaint.id, true);
    expect((await amy.api("PUT", `/api/leave-messages/${w.wang.id}`, { typeId: complaint.id, note: "n" })).status).toBe(200);

    const audit = w.t.db.query("SELECT actor_id, action, target_id, detail FROM audit_log WHERE action = 'leave.update' ORDER BY id").all() as any[];
    expect(audit.map((a) => [a.actor_id, a.target_id, Object.keys(JSON.parse(a.detail).changes).sort().join("+")])).toEqual([
      [amy.row.id, String(w.li.id), "note+type"], [amy.row.id, String(w.li.id), "replied"], [amy.row.id, String(w.li.id), "replied+type"],
      [amy.row.id, String(w.wang.id), "type"], [amy.row.id, String(w.wang.id), "note"],
    ]);

    // leave.read alone may look but not change.
    w.t.services.roles.create({ id: "reader", name: "Reader", permissions: ["leave.read"] }, sys, null);
    const rea = await w.agent("rea", "reader");
    expect((await rea.api("GET", `/api/leave-messages/${w.li.id}`)).status).toBe(200);
    expect((await rea.api("PUT", `/api/leave-messages/${w.li.id}`, { note: "x" })).status).toBe(403);
    expect((await rea.api("POST", `/api/leave-messages/${w.li.id}/reply`, { body: "x" })).status).toBe(403);
  });

  it("deletes only with leave.delete, and the audit entry keeps what was deleted (masked for readers without visitor.contact)", async () => {
    const w = await populated();
    const amy = await w.agent("amy", "agent", w.retail.id);
    const sue = await w.agent("sue", "supervisor");
    expect((await amy.api("DELETE", `/api/leave-messages/${w.wang.id}`)).status).toBe(403);
    // leave.delete without leave.read reaches no message: it cannot delete what it may not read.
    w.t.services.roles.create({ id: "deleter", name: "Deleter", permissions: ["leave.delete"] }, sys, null);
    const del = await w.agent("del", "deleter");
    expect((await del.api("DELETE", `/api/leave-messages/${w.wang.id}`)).status).toBe(404);
    expect(w.t.db.query("SELECT count(*) AS n FROM leave_messages WHERE id = ?").get(w.wang.id)).toEqual({ n: 1 });

    w.t.db.run("INSERT INTO leave_replies (message_id, agent_id, to_address, subject, body, status, created_at) VALUES (?, ?, 'wang@example.test', 's', 'b', 'sent', 1)", [w.wang.id, sue.row.id]);
    const r = await sue.api("DELETE", `/api/leave-messages/${w.wang.id}`);
    expect(r.status).toBe(200);
    expect((await sue.api("GET", `/api/leave-messages/${w.wang.id}`)).status).toBe(404);
    expect(w.t.db.query("SELECT count(*) AS n FROM leave_replies WHERE message_id = ?").get(w.wang.id)).toEqual({ n: 0 });
    expect((await sue.api("DELETE", `/api/leave-messages/${w.wang.id}`)).status).toBe(404);

    const entry = w.t.db.query("SELECT * FROM audit_log WHERE action = 'leave.delete'").get() as any;
    expect(entry).toMatchObject({ actor_id: sue.row.id, target_type: "leave_message", target_id: String(w.wang.id) });
    expect(JSON.parse(entry.detail)).toMatchObject({ siteId: w.retailSite.id, name: "王女士", phone: "13812345678", email: "wang@example.test", content: "请回电 call me about 信用卡", replies: 1, replied: false });
    // The audit page shows it masked to an auditor without visitor.contact; the stored entry is complete.
    const [shown] = maskAuditRows([entry], new Set(["audit.read"]));
    expect(JSON.parse(shown.detail)).toMatchObject({ phone: "138****5678", email: "w***@example.test", content: "请回电 call me about 信用卡" });
    expect(w.t.services.audit.verify().ok).toBe(true);
  });
});

describe("leave inbox: since you last signed in", () => {
  it("counts unanswered messages and those that arrived after the agent's previous sign-in", async () => {
    const w = leaveWorld(createTestApp());
    await w.leave(w.retailSite.id, { name: "甲", phone: "13800000001", content: "第一条" });
    // The first sign-in ever has no previous one: nothing is "new since".
    const first = await w.agent("amy", "agent", w.retail.id);
    let s = (await first.api("GET", "/api/leave-messages/summary")).body;
    expect(s).toEqual({ unanswered: 1, newSinceLastSignIn: 0, lastSignInAt: null });
    const signedInAt = w.t.clock.now();

    w.t.clock.advance(60_000);
    await w.leave(w.retailSite.id, { name: "乙", phone: "13800000002", content: "第二条" });
    await w.leave(w.corporateSite.id, { name: "丙", phone: "13800000003", content: "别的部门" });
    w.t.clock.advance(60_000);
    await w.leave(w.openSite.id, { name: "丁", email: "d@example.test", content: "第三条" });
    // The same session still counts from the sign-in before it.
    expect((await first.api("GET", "/api/leave-messages/summary")).body.newSinceLastSignIn).toBe(0);

    // Signing in again (another browser): the previous sign-in is the first one.
    w.t.clock.advance(60_000);
    const again = w.t.browser();
    expect((await again.signIn("amy")).status).toBe(303);
    s = (await jsonApi(again)("GET", "/api/leave-messages/summary")).body;
    expect(s).toEqual({ unanswered: 3, newSinceLastSignIn: 2, lastSignInAt: signedInAt });
    expect(w.t.db.query("SELECT count(*) AS n FROM sessions WHERE agent_id = ? AND previous_login_at IS NULL").get(first.row.id)).toEqual({ n: 1 });
  });
});

describe("leave export source", () => {
  it("is registered, needs leave.read, applies the filter and the agent's sites, masks, and reads lazily", async () => {
    const w = await populated();
    expect(EXPORT_SOURCES.filter((x) => x.key === "leave")).toEqual([leaveExportSource]);
    expect(leaveExportSource.requires).toEqual(["leave.read"]);
    const principal = async (username: string, role: string, dept: number | null) => {
      const row = await w.t.createAgent(username, role);
      if (dept !== null) w.t.services.departments.setAgentDepartment(row.id, dept, sys);
      const agent = w.t.services.agents.get(row.id)!;
      return { agent, permissions: w.t.services.auth.permissionsOf(agent), scope: w.t.services.auth.scopeOf(agent) } as Principal;
    };
    const amy = await principal("amy", "agent", w.retail.id);
    const table = leaveExportSource.open(w.t.services, amy, { q: "信用卡" });
    expect(table.header).toContain("电话 Phone");
    expect(table.total).toBe(1);
    const rows = [...table.rows];
    expect(rows).toHaveLength(1);
    const col = (name: string) => table.header.findIndex((h) => h.includes(name));
    expect(rows[0][col("Phone")]).toBe("138****5678");
    expect(rows[0][col("Email")]).toBe("w***@example.test");
    expect(rows[0][col("Site")]).toBe("retail");
    expect(rows[0][col("State")]).toBe("未回复 Unreplied");
    expect(rows[0].every((c) => typeof c === "string")).toBe(true);

    const all = leaveExportSource.open(w.t.services, amy, {});
    expect([...all.rows].map((r) => r[col("Message")])).toEqual(["Hello, opening hours?", "投诉：网点排队太久", "请回电 call me about 信用卡"]);
    const sue = await principal("sue", "supervisor", null);
    const full = [...leaveExportSource.open(w.t.services, sue, { site: String(w.retailSite.id) }).rows];
    expect(full.map((r) => r[col("Phone")])).toEqual(["13900001111", "13812345678"]);

    // Lazy: nothing is read until rows are pulled; a message deleted before that is not exported.
    const lazy = leaveExportSource.open(w.t.services, sue, {});
    w.t.db.run("DELETE FROM leave_messages WHERE id = ?", [w.open.id]);
    expect([...lazy.rows]).toHaveLength(3);

    expect(() => leaveExportSource.open(w.t.services, sue, { state: "maybe" })).toThrow(expect.objectContaining({ status: 422, field: "state" }));
    w.t.services.roles.create({ id: "chat_only", name: "Chat only", permissions: ["chat.accept"] }, sys, null);
    const nora = await principal("nora", "chat_only", null);
    expect(() => leaveExportSource.open(w.t.services, nora, {})).toThrow(expect.objectContaining({ status: 403 }));
  });
});
