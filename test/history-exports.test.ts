import { beforeAll, describe, expect, it, setDefaultTimeout } from "bun:test";
import ExcelJS from "exceljs";
import { historyCorpus, type HistoryCorpus } from "./history-corpus.ts";
import { apiAs } from "./history-world.ts";
import { parseCsv } from "../src/platform/csv.ts";

setDefaultTimeout(120_000);

/**
 * The history and transcripts exports through the exports engine (X4, POST /api/exports): the
 * list's filter and scope, masks for the exporter, files read back (XLSX by exceljs, CSV parsed),
 * a formula-like message kept as text, refused without data.export.
 */
let w: HistoryCorpus;
type Api = Awaited<ReturnType<typeof apiAs>>;
let rita: Api;
let amy: Api;

beforeAll(async () => {
  w = await historyCorpus();
  w.t.db.run("UPDATE visitors SET phone = '13812345678' WHERE id = ?", [w.c1.visitorId]);
  await w.chat({ day: 7, site: w.retailSite, agent: w.cal, visitorName: "=HYPERLINK(\"http://evil\")", lines: [["v", "=1+1 公式"], ["a", "@SUM(A1) 回复"]] });
  rita = await apiAs(w.t, "rita");
  amy = await apiAs(w.t, "amy");
});

async function run(api: Api, source: string, format: string, filter: Record<string, string>) {
  const started = await api.call("POST", "/api/exports", { source, format, filter });
  expect(started.status).toBe(202);
  await w.s.exportJobs.settled(started.body.id);
  const progress = (await api.get(`/api/exports/${started.body.id}`)).body;
  expect(progress.state).toBe("done");
  const res = await api.b.request("GET", `/api/exports/${started.body.id}/file`, { headers: { accept: "*/*" } });
  return { progress, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe("history exports through the engine", () => {
  it("history as XLSX: the department admin's chats matching the words, contacts in full (visitor.contact)", async () => {
    const { progress, bytes } = await run(rita, "history", "xlsx", { q: "信用卡" });
    expect(progress.rows).toBe(1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const row = Object.fromEntries(header.map((h, i) => [h, String((sheet.getRow(2).values as unknown[])[i + 1] ?? "")]));
    expect(row).toMatchObject({ "对话编号 Chat": String(w.c1.id), "访客 Visitor": "张三", "电话 Phone": "13812345678", "客服 Agent": "艾米", "评分 Rating": "5" });
    expect(sheet.rowCount).toBe(2);
    const audit = w.t.db.query("SELECT detail FROM audit_log WHERE action = 'data.export' ORDER BY id DESC LIMIT 1").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ source: "history", rows: 1 });
  });

  it("transcripts as CSV: one row per message, formula-like text kept as text", async () => {
    const { bytes } = await run(rita, "transcripts", "csv", { from: String(w.t.clock.now() - 86_400_000) });
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes));
    const body = rows.slice(1).map((r) => r[4]);
    expect(body).toContain("'=1+1 公式");
    expect(body).toContain("'@SUM(A1) 回复");
    expect(rows.slice(1).every((r) => !r[3].startsWith("="))).toBe(true);
  });

  it("one chat's transcript from its detail, and nothing of a chat outside the exporter's scope", async () => {
    const { progress, bytes } = await run(rita, "transcripts", "html", { conversationId: String(w.c1.id) });
    const html = new TextDecoder().decode(bytes);
    expect(progress.rows).toBeGreaterThan(0);
    expect(new Set([...html.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => m[1]))).toEqual(new Set([String(w.c1.id)]));
    expect(html).toContain("信用卡");
    const corporateChat = w.t.db.query("SELECT c.id FROM conversations c JOIN sites s ON s.id = c.site_id WHERE s.id = ? LIMIT 1").get(w.corporateSite.id) as { id: number };
    const outside = await run(rita, "transcripts", "csv", { conversationId: String(corporateChat.id) });
    expect(outside.progress.rows).toBe(0);
  });

  it("is refused without data.export", async () => {
    expect((await amy.call("POST", "/api/exports", { source: "history", format: "csv", filter: {} })).status).toBe(403);
  });
});
