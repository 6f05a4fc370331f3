import { beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import { historyCorpus, type HistoryCorpus } from "./history-corpus.ts";
import { apiAs } from "./history-world.ts";
import { historyExport, transcriptsExport } from "../src/history/export-sources.ts";
import { EXPORT_SOURCES } from "../src/exports/sources.ts";
import type { Principal } from "../src/auth/service.ts";

setDefaultTimeout(60_000);

/**
 * A chat's detail in history (H1): transcript with files and readable events, the trail at
 * chat time, visitor details masked by permission (X8), pre-chat answers, evaluation and rating,
 * notes; re-evaluation with history.evaluate (audited); the history and transcripts exports.
 */
let w: HistoryCorpus;
type Api = Awaited<ReturnType<typeof apiAs>>;
const as: Record<string, Api> = {};

beforeAll(async () => {
  w = await historyCorpus();
  w.t.db.run("UPDATE visitors SET phone = '13812345678', email = 'zhangsan@example.com' WHERE id = ?", [w.c1.visitorId]);
  w.t.db.run(
    "INSERT INTO prechat_answers (site_id, visitor_id, conversation_id, question_type_label, custom, created_at) VALUES (?, ?, ?, '信用卡业务', ?, ?)",
    [w.retailSite.id, w.c1.visitorId, w.c1.id, JSON.stringify([{ id: "card", label: "卡号后四位", value: "8888" }]), w.t.clock.now()],
  );
  for (const name of ["amy", "sue", "rita"]) as[name] = await apiAs(w.t, name);
});

const principalOf = (username: string): Principal => {
  const agent = w.s.agents.list().find((a) => a.username === username)!;
  const { token } = w.s.auth.sessions.create(agent.id, "active", "127.0.0.1", "test");
  return w.s.auth.authenticate(token, "127.0.0.1")!;
};

describe("history detail", () => {
  it("shows the transcript with files and readable system events, never their stored JSON", async () => {
    const d = (await as.amy.get(`/api/history/${w.c1.id}`)).body;
    expect(d.conversation).toMatchObject({ id: w.c1.id, siteName: "零售网站", visitorName: "张三", agentName: "艾米", groupName: "信用卡组", status: "ended", endedBy: "agent" });
    expect(d.transcript.map((m: any) => [m.from, m.text])).toEqual([
      ["visitor", "我想办理信用卡，年费怎么算？"],
      ["system", "艾米 接入了对话 / 艾米 joined the chat"],
      ["agent", "您好，信用卡首年免年费。"],
      ["visitor", "好的谢谢"],
      ["visitor", "账单截图.png"],
      ["system", "客服结束了对话 / The agent ended the chat"],
    ]);
    const image = d.transcript[4].file;
    expect(image).toMatchObject({ name: "账单截图.png", isImage: true, url: `/files/${w.c1.file!.id}`, thumbUrl: `/files/${w.c1.file!.id}/thumb` });
    expect(JSON.stringify(d.transcript)).not.toContain('{\\"event');
  });

  it("shows the visitor's trail at chat time: the chat's visit up to its end", async () => {
    const d = (await as.amy.get(`/api/history/${w.c1.id}`)).body;
    expect(d.trail.map((p: any) => p.url)).toEqual(["https://retail.example.test/home", "https://retail.example.test/cards"]);
    expect(w.s.visitors.trail(d.visit.id).map((p) => p.url)).toContain("https://example.test/after-the-chat");
  });

  it("masks IP, phone and email for an agent without visitor.full_ip / visitor.contact (X8)", async () => {
    const amy = (await as.amy.get(`/api/history/${w.c1.id}`)).body;
    expect(amy.visit.ip).toBe("203.0.*.*");
    expect(amy.visitor).toMatchObject({ name: "张三", phone: "138****5678", email: "z***@example.com" });
    const sue = (await as.sue.get(`/api/history/${w.c1.id}`)).body;
    expect(sue.visit.ip).toBe("203.0.113.45");
    expect(sue.visitor).toMatchObject({ phone: "13812345678", email: "zhangsan@example.com" });
  });

  it("shows the pre-chat answers, the evaluation and the rating", async () => {
    const d = (await as.amy.get(`/api/history/${w.c1.id}`)).body;
    expect(d.prechat).toMatchObject({ questionType: "信用卡业务", custom: [{ label: "卡号后四位", value: "8888" }] });
    expect(d.evaluation).toMatchObject({ topicId: w.topicCard.id, topicName: "信用卡", verdict: "valuable", note: "办卡咨询", agentName: "艾米" });
    expect(d.rating).toMatchObject({ level: 5 });
    expect(d.can).toEqual({ evaluate: false });
    expect((await as.rita.get(`/api/history/${w.c1.id}`)).body.can).toEqual({ evaluate: true });
  });
});

describe("re-evaluation from history", () => {
  it("is refused without history.evaluate, even for the chat's own agent", async () => {
    const r = await as.amy.call("PUT", `/api/history/${w.c1.id}/evaluation`, { topicId: w.topicComplaint.id, verdict: "invalid", note: "x" });
    expect(r.status).toBe(403);
    expect((await as.amy.get(`/api/history/${w.c1.id}`)).body.evaluation.verdict).toBe("valuable");
  });

  it("with history.evaluate: saved, shown in the detail and the list, and audited with before and after", async () => {
    const r = await as.rita.call("PUT", `/api/history/${w.c4.id}/evaluation`, { topicId: w.topicComplaint.id, verdict: "invalid", note: "重复咨询" });
    expect(r.status).toBe(200);
    expect(r.body.evaluation).toMatchObject({ topicName: "投诉", verdict: "invalid", note: "重复咨询", agentName: "丽塔" });
    expect((await as.sue.get(`/api/history/${w.c4.id}`)).body.evaluation).toMatchObject({ verdict: "invalid" });
    expect((await as.sue.get("/api/history?verdict=invalid")).body.rows.map((x: any) => x.id)).toEqual([w.c4.id, w.c2.id]);
    const entry = w.t.db.query("SELECT * FROM audit_log WHERE action = 'history.evaluate' ORDER BY id DESC LIMIT 1").get() as any;
    expect(entry).toMatchObject({ actor_name: "rita", target_type: "conversation", target_id: String(w.c4.id) });
    expect(JSON.parse(entry.detail)).toEqual({ before: null, after: { topicId: w.topicComplaint.id, verdict: "invalid", note: "重复咨询" } });
  });

  it("refuses bad input without writing, and a chat outside the scope is not found", async () => {
    const bad = await as.rita.call("PUT", `/api/history/${w.c1.id}/evaluation`, { verdict: "great" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.field).toBe("verdict");
    expect((await as.rita.get(`/api/history/${w.c1.id}`)).body.evaluation.verdict).toBe("valuable");
    expect((await as.rita.call("PUT", `/api/history/${w.c3.id}/evaluation`, { verdict: "valuable" })).status).toBe(404);
    expect((w.t.db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'history.evaluate' AND target_id = ?").get(String(w.c3.id)) as { n: number }).n).toBe(0);
  });
});

describe("notes", () => {
  it("keeps several notes per chat with author and time, in order; at most 2000 characters", async () => {
    const add = (api: Api, body: unknown) => api.call("POST", `/api/history/${w.c2.id}/notes`, { body });
    expect((await add(as.sue, "客户要求退款，已转财务")).status).toBe(200);
    w.t.clock.advance(60_000);
    const second = await add(as.rita, "  财务已处理  ");
    expect(second.body.note).toMatchObject({ authorName: "丽塔", body: "财务已处理", at: w.t.clock.now() });
    expect((await add(as.rita, "   ")).status).toBe(422);
    const long = await add(as.rita, "长".repeat(2001));
    expect(long.status).toBe(422);
    expect(long.body.error.field).toBe("body");
    expect((await add(as.rita, "长".repeat(2000))).status).toBe(200);
    const notes = (await as.sue.get(`/api/history/${w.c2.id}`)).body.notes;
    expect(notes.map((n: any) => n.authorName)).toEqual(["苏", "丽塔", "丽塔"]);
    expect(notes[0].at).toBeLessThan(notes[1].at);
    // Amy does not see c2: no notes for her there.
    expect((await add(as.amy, "越权")).status).toBe(404);
  });
});

describe("history exports", () => {
  it("registers the history and transcripts sources", () => {
    expect(EXPORT_SOURCES.map((x) => x.key)).toEqual(expect.arrayContaining(["history", "transcripts"]));
  });

  it("history: one row per chat with the list's filter and scope, contacts masked for the exporter", () => {
    const rita = principalOf("rita");
    const table = historyExport.open(w.s, rita, { q: "信用卡" });
    expect(table.total).toBe(1);
    const rows = [...table.rows];
    expect(rows.length).toBe(1);
    const row = Object.fromEntries(table.header.map((h, i) => [h, rows[0][i]]));
    expect(row).toMatchObject({ "对话编号 Chat": String(w.c1.id), "网站 Site": "零售网站", "访客 Visitor": "张三", "客服 Agent": "艾米", "评分 Rating": "5", "电话 Phone": "13812345678" });
    const amy = historyExport.open(w.s, principalOf("amy"), {});
    const amyRows = [...amy.rows];
    expect(amyRows.map((r) => r[0])).toEqual([String(w.c4.id), String(w.c1.id)]);
    const c1 = Object.fromEntries(amy.header.map((h, i) => [h, amyRows[1][i]]));
    expect(c1).toMatchObject({ "电话 Phone": "138****5678", "邮箱 Email": "z***@example.com", IP: "203.0.*.*" });
    expect(amyRows[0][2]).toBe(`访客 #${w.c4.visitorId}`);
  });

  it("refuses a bad filter like the list does", () => {
    expect(() => historyExport.open(w.s, principalOf("sue"), { verdict: "great" })).toThrow();
  });

  it("transcripts: one row per message of every chat in the filter, events in words", () => {
    const table = transcriptsExport.open(w.s, principalOf("sue"), { siteId: String(w.corporateSite.id) });
    const rows = [...table.rows];
    expect(rows.map((r) => [r[0], r[2], r[4]])).toEqual([
      [String(w.c6.id), "访客 visitor", "信用卡还款日是哪天"],
      [String(w.c6.id), "系统 system", "本 接入了对话 / 本 joined the chat"],
      [String(w.c6.id), "客服 agent", "每月5日"],
      [String(w.c6.id), "系统 system", "客服结束了对话 / The agent ended the chat"],
      [String(w.c3.id), "访客 visitor", "对公账户开户需要什么材料"],
      [String(w.c3.id), "系统 system", "本 接入了对话 / 本 joined the chat"],
      [String(w.c3.id), "客服 agent", "营业执照和法人身份证"],
      [String(w.c3.id), "系统 system", "客服结束了对话 / The agent ended the chat"],
    ]);
    expect(rows[0][3]).toBe("赵六");
    expect(rows[0][1]).toMatch(/^2026-01-0\d \d\d:\d\d:\d\d$/);
    const files = [...transcriptsExport.open(w.s, principalOf("amy"), { q: "账单" }).rows].filter((r) => r[4].includes("账单截图"));
    expect(files.map((r) => r[4])).toEqual(["[文件 file] 账单截图.png"]);
    // Amy's scope: a filter on a chat she does not see yields nothing.
    expect([...transcriptsExport.open(w.s, principalOf("amy"), { siteId: String(w.corporateSite.id) }).rows]).toEqual([]);
  });
});
