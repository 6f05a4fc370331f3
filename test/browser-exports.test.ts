import { describe, expect, it, setDefaultTimeout } from "bun:test";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import ExcelJS from "exceljs";
import { browserSuite } from "./host-page.ts";
import { createTestApp } from "./harness.ts";
import { consolePage } from "./console-page.ts";

/**
 * The export button in real Chromium, in the built console: a supervisor opens it, picks Excel,
 * watches the job finish and downloads the XLSX, which exceljs parses with the login log's rows
 * (formula-leading and Chinese text intact, every cell a string). Without data.export the
 * element renders nothing; a refused export (here an unknown source) shows the server's message.
 */
setDefaultTimeout(60_000);
const suite = browserSuite();

/** Mounts the element on the signed-in console page (features render it with their own filter). */
const mount = (page: import("playwright-core").Page, source: string, filter: Record<string, string>, id = "export-under-test") =>
  page.evaluate(([source, filter, id]) => {
    const el = document.createElement("yk-export-button") as HTMLElement & { filter: Record<string, string> };
    el.setAttribute("source", source as string);
    el.filter = filter as Record<string, string>;
    el.id = id as string;
    document.body.append(el);
  }, [source, filter, id] as const);

describe("the export button", () => {
  it("exports the login log to XLSX with progress and a download link; hidden without data.export", async () => {
    const t = createTestApp({ realSocketPeer: true });
    const server = t.listen();
    suite.cleanups.push(() => server.stop());
    await t.createAgent("sam", "supervisor");
    await t.createAgent("ann", "agent");
    for (const [i, name] of ["=HYPERLINK(\"http://evil\")", "张三", "@cmd"].entries()) {
      t.services.auth.repo.log({ at: t.clock.now() - i * 1000, username: name, agent_id: null, ip: `203.0.113.${i + 1}`, user_agent: "测试浏览器", result: "failure", reason: "unknown_user" });
    }

    const { page, context, problems, csp } = await consolePage(suite.browser, server.base, "sam");
    suite.cleanups.push(() => context.close());
    await mount(page, "login_log", { ip: "203.0.113." });
    const button = page.locator("#export-under-test");
    await button.locator("button.export-open", { hasText: "导出" }).click();
    expect(await button.locator("select[name=format] option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(["xlsx", "csv", "html"]);
    await button.locator("select[name=format]").selectOption("xlsx");
    await button.locator("button.start").click();
    const link = button.locator("a.download");
    await link.waitFor({ timeout: 15_000 });
    expect(await button.locator(".count").textContent()).toBe("已导出 3 / 3 行");
    expect(await link.textContent()).toMatch(/^下载 登录日志-\d{8}-\d{6}\.xlsx$/);

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^登录日志-\d{8}-\d{6}\.xlsx$/);
    const path = join(mkdtempSync(join(tmpdir(), "yk-dl-")), "export.xlsx");
    await download.saveAs(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(4);
    expect([2, 3, 4].map((r) => ws.getRow(r).getCell(2).value)).toEqual(["@cmd", "张三", "=HYPERLINK(\"http://evil\")"]);
    ws.eachRow((row) => row.eachCell((c) => expect(c.type).toBe(ExcelJS.ValueType.String)));
    const audited = t.db.query("SELECT detail FROM audit_log WHERE action = 'data.export'").all() as { detail: string }[];
    expect(audited.map((a) => JSON.parse(a.detail))).toMatchObject([{ source: "login_log", format: "xlsx", rows: 3, filter: { ip: "203.0.113." } }]);

    // A source this supervisor may not export: the server's message appears in the panel.
    await button.locator("button.again").click();
    // The console's own sections (history, inbox) hold export buttons too: address this one by id.
    await mount(page, "no_such_source", {}, "export-refused");
    const other = page.locator("#export-refused");
    await other.locator("button.export-open").click();
    await other.locator("button.start").click();
    await other.locator(".error", { hasText: "没有这种导出" }).waitFor();
    expect(problems).toEqual([]);
    expect(await csp()).toEqual([]);

    // Without data.export the element renders nothing.
    const agent = await consolePage(suite.browser, server.base, "ann");
    suite.cleanups.push(() => agent.context.close());
    await mount(agent.page, "login_log", {});
    expect(await agent.page.locator("#export-under-test button").count()).toBe(0);
  });
});
