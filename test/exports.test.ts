import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { createTestApp, type TestApp } from "./harness.ts";
import { parseCsv } from "../src/platform/csv.ts";
import { KEEP_MS } from "../src/exports/service.ts";
import { registerSource, synthetic } from "./export-sources.ts";

setDefaultTimeout(120_000);

/**
 * Export jobs (X4) through the HTTP API with the real login_log source: each format read back
 * (CSV parsed with its BOM and quoting, XLSX parsed by exceljs, HTML escaped), formula-injection
 * values kept as text, permissions and ownership, the audit entry matching the downloaded bytes,
 * cancel and expiry leaving no file, and 100k rows through a synthetic source in bounded memory.
 */
const sys = { id: null, name: "test" };
// Values a spreadsheet would run or mangle, plus text that must survive quoting and escaping.
const NASTY = ["=1+1", "@SUM(A1)", "+86 138", "-5", "\tTab", "\rCR", "王小明, \"引号\"\n第二行", "<script>alert(1)</script>"];

async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  const me = await (await b.get("/api/me", { accept: "application/json" })).json();
  const call = async (method: string, path: string, json?: unknown) => {
    const res = await b.request(method, path, { json, headers: { accept: "application/json", "x-csrf-token": me.csrfToken } });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null, res };
  };
  const download = async (id: string) => {
    const res = await b.request("GET", `/api/exports/${id}/file`, { headers: { accept: "*/*" } });
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  /** Starts an export and waits until it has finished; returns its final progress. */
  const run = async (source: string, format: string, filter: Record<string, string> = {}) => {
    const started = await call("POST", "/api/exports", { source, format, filter });
    expect(started.status).toBe(202);
    await t.services.exportJobs.settled(started.body.id);
    const progress = await call("GET", `/api/exports/${started.body.id}`);
    expect(progress.status).toBe(200);
    return progress.body;
  };
  return { b, call, download, run };
}

/** A login log with the nasty values as usernames and user agents, from a test network; NASTY[0] newest. */
function seedLog(t: TestApp) {
  for (let i = NASTY.length - 1; i >= 0; i--) {
    t.services.auth.repo.log({ at: t.clock.now() - (i + 1) * 1000, username: NASTY[i], agent_id: null, ip: `198.51.100.${i + 1}`, user_agent: NASTY[i], result: "failure", reason: "unknown_user" });
  }
}
const exportFiles = (t: TestApp) => (existsSync(join(t.dir, "exports")) ? readdirSync(join(t.dir, "exports")) : []);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("exports: formats read back", () => {
  it("CSV: UTF-8 with BOM and CRLF, RFC 4180 quoting, formula-leading cells neutralised", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    seedLog(t);
    const done = await sam.run("login_log", "csv", { ip: "198.51.100." });
    expect(done).toMatchObject({ state: "done", rows: NASTY.length, total: NASTY.length, format: "csv", source: "login_log", error: null });
    expect(done.filename).toMatch(/^登录日志-\d{8}-\d{6}\.csv$/);

    const { res, bytes } = await sam.download(done.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toStartWith('attachment; filename="yingke-login_log-');
    expect(res.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("登录日志")}`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n").length).toBeGreaterThan(NASTY.length);

    const [header, ...rows] = parseCsv(text);
    expect(header[0]).toBe("时间 Time");
    expect(header).toHaveLength(10);
    // Newest first, as the log page shows it.
    expect(rows.map((r) => r[1])).toEqual(["'=1+1", "'@SUM(A1)", "'+86 138", "'-5", "'\tTab", "'\rCR", "王小明, \"引号\"\n第二行", "<script>alert(1)</script>"]);
    expect(rows.map((r) => r[3])).toEqual(NASTY.map((_, i) => `198.51.100.${i + 1}`));
    expect(rows[0][7]).toBe("失败 Failure");
    expect(rows[0][8]).toBe("用户不存在 Unknown user");
    expect(rows.every((r) => r.length === 10)).toBe(true);
  });

  it("XLSX: parsed by exceljs, every cell text (never a formula), injection values and Chinese intact", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    seedLog(t);
    const done = await sam.run("login_log", "xlsx", { ip: "198.51.100." });
    expect(done).toMatchObject({ state: "done", rows: NASTY.length });
    const { res, bytes } = await sam.download(done.id);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(done.filename).toEndWith(".xlsx");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["登录日志 Login log"]);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(NASTY.length + 1);
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((c) => void cells.push(c)));
    expect(cells.length).toBeGreaterThan(NASTY.length * 8);
    for (const c of cells) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(typeof c.value).toBe("string");
      expect(c.formula).toBeUndefined();
    }
    const column = (n: number) => Array.from({ length: NASTY.length }, (_, i) => ws.getRow(i + 2).getCell(n).value);
    expect(ws.getRow(1).getCell(1).value).toBe("时间 Time");
    // Inline strings need no apostrophe: the exact text, with the tab, the CR and the newline.
    expect(column(2)).toEqual(NASTY);
    expect(column(10)).toEqual(NASTY);
    expect(column(8)).toEqual(NASTY.map(() => "失败 Failure"));
  });

  it("HTML: a standalone document with every value escaped, served sandboxed", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    seedLog(t);
    const done = await sam.run("login_log", "html", { ip: "198.51.100." });
    const { res, bytes } = await sam.download(done.id);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toStartWith("sandbox");
    expect(res.headers.get("content-disposition")).toStartWith("attachment;");
    const page = new TextDecoder().decode(bytes);
    expect(page).toStartWith("<!doctype html>");
    expect(page).toContain("<title>登录日志 Login log</title>");
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("<td>王小明, &quot;引号&quot;\n第二行</td>");
    expect(page).toContain("<td>&#39;=1+1</td>");
    expect((page.match(/<tr>/g) ?? []).length).toBe(NASTY.length + 1);
    expect(page.trimEnd()).toEndWith("</html>");
  });

  it("filters like the login log page and refuses a filter it cannot read", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    seedLog(t);
    expect(await sam.run("login_log", "csv", { username: "SUM" })).toMatchObject({ rows: 1, total: 1 });
    expect(await sam.run("login_log", "csv", { result: "success", username: "sam" })).toMatchObject({ rows: 1 });
    const bad = async (body: unknown) => (await sam.call("POST", "/api/exports", body)).body?.error;
    expect(await bad({ source: "login_log", format: "csv", filter: { from: "2025-13-45" } })).toMatchObject({ code: "invalid", field: "from" });
    expect(await bad({ source: "login_log", format: "csv", filter: { result: "maybe" } })).toMatchObject({ field: "result" });
    expect(await bad({ source: "login_log", format: "csv", filter: { bogus: "x" } })).toMatchObject({ field: "bogus" });
    expect(await bad({ source: "login_log", format: "pdf" })).toMatchObject({ field: "format" });
    expect(await bad({ source: "nothing", format: "csv" })).toMatchObject({ field: "source" });
    expect(await bad({ source: "login_log", format: "csv", filter: ["x"] })).toMatchObject({ field: "filter" });
    expect(exportFiles(t).length).toBe(2);
  });
});

describe("exports: permissions, audit, lifecycle", () => {
  it("needs data.export and the source's permission; a job and its file are the owner's only", async () => {
    const t = createTestApp();
    t.services.roles.create({ id: "exporter", name: "Exporter", permissions: ["data.export"] }, sys, null);
    const ann = await signedIn(t, "ann", "agent");
    const eve = await signedIn(t, "eve", "exporter");
    const sam = await signedIn(t, "sam", "supervisor");
    const sue = await signedIn(t, "sue", "supervisor");
    const body = { source: "login_log", format: "csv", filter: {} };

    expect((await ann.call("POST", "/api/exports", body)).status).toBe(403);
    const refused = await eve.call("POST", "/api/exports", body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("登录日志");
    expect(exportFiles(t)).toEqual([]);

    const done = await sam.run("login_log", "csv");
    expect(done.state).toBe("done");
    expect((await sue.call("GET", `/api/exports/${done.id}`)).status).toBe(404);
    expect((await sue.download(done.id)).res.status).toBe(404);
    expect((await sue.call("DELETE", `/api/exports/${done.id}`)).status).toBe(404);
    expect((await ann.call("GET", `/api/exports/${done.id}`)).status).toBe(403);
    expect((await sam.download(done.id)).res.status).toBe(200);
  });

  it("exports only what the principal's scope reaches: a department admin gets their department's sign-ins", async () => {
    const t = createTestApp();
    const sales = t.services.departments.create({ name: "销售部" }, sys);
    const support = t.services.departments.create({ name: "客服部" }, sys);
    const dana = await t.createAgent("dana", "department_admin");
    const alice = await t.createAgent("alice");
    const bob = await t.createAgent("bob");
    for (const [who, d] of [[dana, sales], [alice, sales], [bob, support]] as const) t.services.departments.setAgentDepartment(who.id, d.id, sys);
    for (const name of ["alice", "bob"]) expect((await t.browser().signIn(name)).status).toBe(303);
    const b = t.browser();
    expect((await b.signIn("dana")).status).toBe(303);
    const me = await (await b.get("/api/me", { accept: "application/json" })).json();
    const res = await b.request("POST", "/api/exports", { json: { source: "login_log", format: "csv" }, headers: { accept: "application/json", "x-csrf-token": me.csrfToken } });
    const { id } = await res.json();
    await t.services.exportJobs.settled(id);
    const file = await b.request("GET", `/api/exports/${id}/file`, { headers: { accept: "*/*" } });
    const users = parseCsv(await file.text()).slice(1).map((r) => r[1]).sort();
    expect(users).toEqual(["alice", "dana"]);
  });

  it("audits each finished export with its filter, row count and the SHA-256 of the downloaded file", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    seedLog(t);
    for (const format of ["csv", "html", "xlsx"]) {
      const done = await sam.run("login_log", format, { ip: "198.51.100.", result: "failure" });
      const { bytes } = await sam.download(done.id);
      expect(done.sha256).toBe(sha256(bytes));
      const entry = t.db.query("SELECT * FROM audit_log WHERE action = 'data.export' AND target_id = ?").get(done.id) as { actor_name: string; target_type: string; detail: string };
      expect(entry.actor_name).toBe("sam");
      expect(entry.target_type).toBe("export");
      expect(JSON.parse(entry.detail)).toMatchObject({
        source: "login_log", format, filter: { ip: "198.51.100.", result: "failure" }, rows: NASTY.length, sha256: sha256(bytes), bytes: bytes.length, filename: done.filename,
      });
    }
    expect(t.db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'data.export'").get()).toEqual({ n: 3 });
  });

  it("a cancelled job leaves no file and no audit entry; a finished one can be removed", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    const endless = synthetic("endless_test", Infinity);
    const unregister = registerSource(endless);
    try {
      const started = await sam.call("POST", "/api/exports", { source: "endless_test", format: "xlsx" });
      expect(started.body).toMatchObject({ state: "running", rows: 0, total: null });
      expect((await sam.call("DELETE", `/api/exports/${started.body.id}`)).status).toBe(204);
      const after = await sam.call("GET", `/api/exports/${started.body.id}`);
      expect(after.body).toMatchObject({ state: "cancelled", sha256: null });
      expect(exportFiles(t)).toEqual([]);
      expect((await sam.download(started.body.id)).res.status).toBe(409);
      expect(t.db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'data.export'").get()).toEqual({ n: 0 });

      // Three unfinished exports per agent; the fourth waits until one ends.
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await sam.call("POST", "/api/exports", { source: "endless_test", format: "csv" })).body.id);
      expect((await sam.call("POST", "/api/exports", { source: "endless_test", format: "csv" })).status).toBe(409);
      for (const id of ids) expect((await sam.call("DELETE", `/api/exports/${id}`)).status).toBe(204);
      expect(exportFiles(t)).toEqual([]);
    } finally {
      unregister();
    }
    const done = await sam.run("login_log", "csv");
    expect(exportFiles(t)).toHaveLength(1);
    expect((await sam.call("DELETE", `/api/exports/${done.id}`)).status).toBe(204);
    expect(exportFiles(t)).toEqual([]);
    expect((await sam.call("GET", `/api/exports/${done.id}`)).status).toBe(404);
  });

  it("removes finished files after an hour, and every file at start-up", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    const done = await sam.run("login_log", "xlsx");
    t.clock.advance(KEEP_MS - 1000);
    expect(t.services.exportJobs.purgeExpired()).toBe(0);
    expect(exportFiles(t)).toHaveLength(1);
    t.clock.advance(1000);
    expect(t.services.exportJobs.purgeExpired()).toBe(1);
    expect(exportFiles(t)).toEqual([]);
    // (The hour also ended the session: sign in again.)
    const again = await signedIn(t, "sam2", "supervisor");
    expect((await again.call("GET", `/api/exports/${done.id}`)).status).toBe(404);

    await again.run("login_log", "csv");
    expect(exportFiles(t)).toHaveLength(1);
    expect(t.services.exportJobs.purgeAll()).toBe(1);
    expect(exportFiles(t)).toEqual([]);
  });
});

describe("exports: large", () => {
  it("streams 100,000 rows to XLSX and CSV in bounded memory, with progress to the total", async () => {
    const t = createTestApp();
    const sam = await signedIn(t, "sam", "supervisor");
    const N = 100_000;
    const big = synthetic("big_test", N);
    const unregister = registerSource(big);
    try {
      for (const format of ["xlsx", "csv"]) {
        Bun.gc(true);
        const heapBefore = process.memoryUsage().heapUsed;
        const done = await sam.run("big_test", format);
        expect(done).toMatchObject({ state: "done", rows: N, total: N });
        const stats = t.services.exportJobs.stats(done.id)!;
        // CSV ~45 MB, XLSX ~60 MB of XML deflated: far more than was ever held on the way to disk.
        if (format === "csv") expect(stats.bytes).toBeGreaterThan(40_000_000);
        expect(stats.peakBuffered).toBeLessThan(2 * 1024 * 1024);
        Bun.gc(true);
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);

        if (format === "xlsx") {
          // A streaming reader (local headers and data descriptors, not the central directory).
          let rows = 0;
          let formulas = 0;
          const reader = new ExcelJS.stream.xlsx.WorkbookReader(stats.path, { sharedStrings: "ignore", styles: "ignore", hyperlinks: "ignore", worksheets: "emit" });
          for await (const sheet of reader) {
            for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
              rows++;
              row.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++));
              if (rows === 8) expect(row.getCell(3).value).toBe("=7+1");
            }
          }
          expect(rows).toBe(N + 1);
          expect(formulas).toBe(0);
        }
      }
    } finally {
      unregister();
    }
    expect(big.pulled()).toBe(2 * N);
  });
});
