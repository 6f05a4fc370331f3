import { describe, expect, it } from "bun:test";
import { createTestApp, ORIGIN, type TestApp, type TestBrowser } from "./harness.ts";

/** /admin/canned: company and group replies and links, CSV export and all-or-nothing import. */
const system = { id: null, name: "test" };

async function adminWorld() {
  const t = createTestApp();
  await t.createAgent("boss", "admin");
  const b = t.browser();
  await b.signIn("boss");
  const sales = t.services.groups.create(system, { name: "销售" });
  return { t, b, sales };
}

async function importCsv(t: TestApp, b: TestBrowser, csv: string | Uint8Array) {
  await b.get("/admin/canned");
  const form = new FormData();
  form.append("_csrf", b.csrf());
  form.append("csv", new File([csv as BlobPart], "replies.csv", { type: "text/csv" }));
  const res = await t.app.handle(new Request(`${ORIGIN}/admin/canned/import`, { method: "POST", headers: { host: "localhost", origin: ORIGIN, cookie: b.cookieHeader(), accept: "text/html" }, body: form }));
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}

const count = (t: TestApp) => (t.db.query("SELECT count(*) AS n FROM canned_items").get() as { n: number }).n;

describe("admin canned replies", () => {
  it("is in the navigation for canned.manage only, and refuses agents", async () => {
    const { t, b } = await adminWorld();
    await b.get("/admin");
    expect(b.lastHtml).toContain('href="/admin/canned"');
    await t.createAgent("alice");
    const a = t.browser();
    await a.signIn("alice");
    expect((await a.get("/admin/canned")).status).toBe(403);
    expect((await a.get("/admin/canned/export.csv")).status).toBe(403);
  }, 30_000);

  it("adds, edits and deletes a group reply in a named folder, with field errors kept on the form", async () => {
    const { t, b, sales } = await adminWorld();
    await b.get("/admin/canned/new");
    let res = await b.post("/admin/canned", { kind: "reply", scope: "group", group_id: String(sales.id), folder_name: "报价", title: "", text: "价格" });
    expect(res.status).toBe(422);
    expect(b.lastHtml).toContain('id="err-title"');
    expect(b.lastHtml).toContain("价格");
    res = await b.post("/admin/canned", { kind: "reply", scope: "group", group_id: String(sales.id), folder_name: "报价", title: "价格表", text: "<b>价格</b>见附件", shortcut: "/price" });
    expect(res.status).toBe(303);
    await b.get("/admin/canned");
    expect(b.lastHtml).toContain("&lt;b&gt;价格&lt;/b&gt;");
    const item = t.db.query("SELECT i.id, f.name AS folder FROM canned_items i JOIN canned_folders f ON f.id = i.folder_id").get() as { id: number; folder: string };
    expect(item.folder).toBe("报价");
    await b.get(`/admin/canned/${item.id}`);
    res = await b.post(`/admin/canned/${item.id}`, { folder_name: "", title: "新价格表", text: "新内容", shortcut: "/price" });
    expect(res.status).toBe(303);
    expect(t.db.query("SELECT title, folder_id FROM canned_items").get()).toEqual({ title: "新价格表", folder_id: null });
    await b.get("/admin/canned/new?kind=link");
    res = await b.post("/admin/canned", { kind: "link", scope: "company", title: "帮助", url: "javascript:alert(1)" });
    expect(res.status).toBe(422);
    expect(b.lastHtml).toContain('id="err-url"');
    await b.get(`/admin/canned/${item.id}`);
    expect((await b.post(`/admin/canned/${item.id}/delete`)).status).toBe(303);
    expect(count(t)).toBe(0);
  }, 30_000);

  it("exports CSV with BOM and neutralised formulas, and imports it back to the same rows", async () => {
    const { t, b, sales } = await adminWorld();
    const who = { id: 1, name: "boss", permissions: new Set(["canned.manage"]) };
    t.services.kb.createItem(who, { scope: "company", folder_name: "问候", title: "欢迎", text: "您好，\"欢迎\"光临！\n第二行", shortcut: "/hi" });
    t.services.kb.createItem(who, { scope: "group", group_id: sales.id, title: "=公式", text: "=HYPERLINK(\"http://evil.example\",\"点我\")" });
    t.services.kb.createItem(who, { scope: "company", title: "@提醒", text: "-1+1 不是公式" });
    t.services.kb.createItem(who, { kind: "link", scope: "company", title: "帮助中心", url: "https://help.example.gov.cn/" });
    const res = await b.get("/admin/canned/export.csv");
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain("\r\n");
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).toContain(`'=公式`);
    expect(csv).toContain(`'@提醒`);
    expect(csv).toContain(`'-1+1`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    const before = t.db.query("SELECT kind, scope, group_id, title, body, shortcut, url FROM canned_items ORDER BY title").all();

    // Importing the export into an empty installation gives the same items (shortcuts are unique, so clear first).
    t.db.run("DELETE FROM canned_items");
    t.db.run("DELETE FROM canned_folders");
    const r = await importCsv(t, b, bytes);
    expect(r.status).toBe(303);
    expect(t.db.query("SELECT kind, scope, group_id, title, body, shortcut, url FROM canned_items ORDER BY title").all()).toEqual(before);
    expect(t.db.query("SELECT name FROM canned_folders").all()).toEqual([{ name: "问候" }]);
    const audit = t.db.query("SELECT action, detail FROM audit_log WHERE action LIKE 'canned.%port' ORDER BY id").all() as { action: string; detail: string }[];
    expect(audit.map((a) => [a.action, JSON.parse(a.detail).rows])).toEqual([["canned.export", 4], ["canned.import", 4]]);
  }, 30_000);

  it("imports nothing when any row is wrong and names each bad row and field", async () => {
    const { t, b } = await adminWorld();
    const csv = [
      "scope,group,folder,title,shortcut,text",
      "company,,问候,欢迎,/hi,您好",
      "group,不存在,,报价,,价格",
      "company,,,,/x,没有标题",
      "personal,,,个人,,不行",
      "company,,,重复,/hi,快捷键重复",
      `company,,,长文,,${"字".repeat(2001)}`,
    ].join("\r\n");
    const r = await importCsv(t, b, csv);
    expect(r.status).toBe(422);
    expect(count(t)).toBe(0);
    expect(t.db.query("SELECT count(*) AS n FROM canned_folders").get()).toEqual({ n: 0 });
    for (const [row, field] of [[3, "group"], [4, "title"], [5, "scope"], [6, "shortcut"], [7, "text"]] as const) {
      expect(r.html).toMatch(new RegExp(`第 ${row} 行 <small>row ${row}</small> · <code>${field}</code>`));
    }
    expect(r.html).not.toContain("第 2 行");
    const missing = await importCsv(t, b, "scope,title\r\ncompany,x\r\n");
    expect(missing.html).toContain("missing columns: group, folder, shortcut, text");
    const notUtf8 = await importCsv(t, b, new Uint8Array([0xc4, 0xe3, 0xba, 0xc3]));
    expect(notUtf8.html).toContain("UTF-8");
    expect(t.db.query("SELECT count(*) AS n FROM audit_log WHERE action = 'canned.import'").get()).toEqual({ n: 0 });
  }, 30_000);

  it("shows hostile titles, texts and folder names as text on the list, the edit page and a refused form", async () => {
    const { b } = await adminWorld();
    const payload = '"><img src=x onerror=alert(1)>{{constructor}}<script>alert(1)</script>';
    const safe = (page: string) => {
      for (const bad of ["<script>alert", "<img src=x", '"><img']) expect(page).not.toContain(bad);
      expect(page).toContain("&lt;img src=x");
    };
    await b.get("/admin/canned/new");
    let res = await b.post("/admin/canned", { kind: "reply", scope: "company", folder_name: payload.slice(0, 40), title: payload, text: "" });
    expect(res.status).toBe(422);
    safe(b.lastHtml);
    res = await b.post("/admin/canned", { kind: "reply", scope: "company", folder_name: payload.slice(0, 40), title: payload, text: payload });
    expect(res.status).toBe(303);
    await b.get("/admin/canned");
    safe(b.lastHtml);
    const id = /href="\/admin\/canned\/(\d+)"/.exec(b.lastHtml)![1];
    await b.get(`/admin/canned/${id}`);
    safe(b.lastHtml);
  }, 30_000);
});
