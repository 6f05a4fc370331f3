import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { endOfLocalDate, formatTime, parseLocalDate } from "../src/admin/format.ts";
import { parseCsv } from "../src/platform/csv.ts";

/** Login log and audit log pages: filters, paging that keeps the filters, server-time display. */
async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return b;
}

const tbody = (page: string) => /<tbody hx-disable>([\s\S]*?)<\/tbody>/.exec(page)![1];
const rowCount = (page: string) => (tbody(page).match(/<tr/g) ?? []).length;

function logRow(t: TestApp, username: string, at: number, result: "success" | "failure" | "logout" = "failure", ip = "192.0.2.1") {
  t.services.auth.repo.log({ at, username, agent_id: null, ip, user_agent: "test-agent/1.0", result, reason: "bad_password" });
}

describe("admin: login log", () => {
  it("filters by username, IP and result", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    t.peer.ip = "10.9.9.9";
    expect((await t.browser().signIn("mallory", "Wrong-Password-1")).status).toBe(401);
    t.peer.ip = "127.0.0.1";

    let page = await (await b.get("/admin/login-log?username=mallory")).text();
    expect(rowCount(page)).toBe(1);
    expect(tbody(page)).toContain("<td>mallory</td><td>10.9.9.9</td>");
    expect(tbody(page)).toContain("unknown_user");
    expect(page).toContain('name="username" type="text" value="mallory"');

    page = await (await b.get("/admin/login-log?ip=10.9.")).text();
    expect(rowCount(page)).toBe(1);
    page = await (await b.get("/admin/login-log?result=success")).text();
    expect(rowCount(page)).toBe(1);
    expect(tbody(page)).toContain("<td>audrey</td>");
    expect(page).toMatch(/<option value="success" selected>/);
    page = await (await b.get("/admin/login-log")).text();
    expect(rowCount(page)).toBe(2);
    page = await (await b.get("/admin/login-log?result=failure&username=audrey")).text();
    expect(rowCount(page)).toBe(0);
  });

  it("filters by date range (the to-date is inclusive) and shows server-local times", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    const jan10 = new Date(2025, 0, 10, 23, 59, 58).getTime();
    const jan12 = new Date(2025, 0, 12, 8, 5, 9).getTime();
    logRow(t, "early", jan10);
    logRow(t, "late", jan12);
    let page = await (await b.get("/admin/login-log?from=2025-01-11")).text();
    expect(tbody(page)).toContain("late");
    expect(tbody(page)).not.toContain("early");
    page = await (await b.get("/admin/login-log?from=2025-01-01&to=2025-01-10")).text();
    expect(rowCount(page)).toBe(1);
    expect(tbody(page)).toContain("<td>2025-01-10 23:59:58</td><td>early</td>");
    page = await (await b.get("/admin/login-log?from=2025-13-45")).text();
    expect(page).toMatch(/name="from" type="date" value="2025-13-45"[^>]*aria-invalid="true"/);
  });

  it("pages 50 rows at a time with next/prev links that keep the filters", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    for (let i = 0; i < 60; i++) logRow(t, "bulk", t.clock.now() - i * 1000);
    logRow(t, "other", t.clock.now());
    let page = await (await b.get("/admin/login-log?username=bulk&result=failure")).text();
    expect(rowCount(page)).toBe(50);
    expect(page).toContain('href="/admin/login-log?username=bulk&amp;result=failure&amp;page=2"');
    expect(page).not.toContain('rel="prev"');
    page = await (await b.get("/admin/login-log?username=bulk&result=failure&page=2")).text();
    expect(rowCount(page)).toBe(10);
    expect(page).toContain('rel="prev" href="/admin/login-log?username=bulk&amp;result=failure"');
    expect(page).not.toContain('rel="next"');
    expect(page).toContain("共 60 条");
  });

  it("is refused to agents and readable by admins", async () => {
    const t = createTestApp();
    const agent = await signedIn(t, "bob", "agent");
    expect((await agent.get("/admin/login-log")).status).toBe(403);
    const admin = await signedIn(t, "root", "admin");
    expect((await admin.get("/admin/login-log")).status).toBe(200);
  });
});

describe("admin: audit log", () => {
  it("filters by action prefix, actor and date, and shows details as text", async () => {
    const t = createTestApp();
    const admin = await signedIn(t, "root", "admin");
    await admin.get("/admin/agents/new");
    await admin.post("/admin/agents", { username: "carol", display_name: "Carol", email: "", role_id: "agent", allowed_ips: "", password: "Welcome-2026-Yk" });
    const b = await signedIn(t, "audrey", "auditor");

    let page = await (await b.get("/admin/audit?action=agent.")).text();
    expect(tbody(page)).toContain("<code>agent.create</code>");
    expect(tbody(page)).not.toContain("auth.login");
    expect(tbody(page)).toContain("&#123;&quot;username&quot;:&quot;carol&quot;");
    page = await (await b.get("/admin/audit?actor=audrey")).text();
    expect(rowCount(page)).toBe(1);
    expect(tbody(page)).toContain("<code>auth.login</code>");
    const today = formatTime(t.clock.now()).slice(0, 10);
    page = await (await b.get(`/admin/audit?from=${today}&to=${today}&action=auth.`)).text();
    expect(rowCount(page)).toBe(2);
    page = await (await b.get("/admin/audit?to=2000-01-01")).text();
    expect(rowCount(page)).toBe(0);
  });
});

describe("admin: time formatting", () => {
  it("formats server-local wall-clock time and parses form dates", () => {
    expect(formatTime(new Date(2026, 1, 3, 4, 5, 6).getTime())).toBe("2026-02-03 04:05:06");
    expect(formatTime(new Date(2026, 11, 31, 23, 0, 0).getTime())).toBe("2026-12-31 23:00:00");
    expect(formatTime(null)).toBe("—");
    expect(parseLocalDate("2026-02-03")).toBe(new Date(2026, 1, 3).getTime());
    expect(endOfLocalDate("2026-02-28")).toBe(new Date(2026, 2, 1).getTime());
    expect(parseLocalDate("2026-02-30")).toBeNull();
    expect(parseLocalDate("yesterday")).toBeNull();
  });
});

/** A role that may read both logs but not export (custom roles store their permissions). */
function readOnlyRole(t: TestApp) {
  t.db.run("INSERT INTO roles (id, name, builtin, created_at) VALUES ('log_reader', '日志查看 Log reader', 0, 0)");
  for (const p of ["loginlog.read", "audit.read"]) t.db.run("INSERT INTO role_permissions (role_id, permission) VALUES ('log_reader', ?)", [p]);
}

function entry(t: TestApp, e: { username: string; at?: number; result?: "success" | "failure" | "logout"; reason?: string; ip?: string; ua?: string; agentId?: number | null }) {
  t.services.auth.repo.log({ at: e.at ?? t.clock.now(), username: e.username, agent_id: e.agentId ?? null, ip: e.ip ?? "192.0.2.1", user_agent: e.ua ?? "test-agent/1.0", result: e.result ?? "failure", reason: e.reason ?? "bad_password" });
}

/** Downloads an export: the raw bytes (BOM included), the text after it, and the parsed rows. */
async function download(b: ReturnType<TestApp["browser"]>, path: string) {
  const res = await b.get(path);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { res, bytes, text, rows: res.status === 200 && res.headers.get("content-type")?.startsWith("text/csv") ? parseCsv(text) : [] };
}

const sha256 = (bytes: Uint8Array) => new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
const exportsOf = (t: TestApp, action: string) =>
  (t.db.query("SELECT actor_name, detail FROM audit_log WHERE action = ? ORDER BY id").all(action) as { actor_name: string; detail: string }[]).map((r) => ({ actor: r.actor_name, ...JSON.parse(r.detail) }));

const CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const PACKAGED = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) YingkeConsole/1.0.0 Chrome/120.0.0.0 Safari/537.36";

describe("admin: login log filters and display (M3)", () => {
  it("narrows by reason, username text, IP prefix and result; newest first; shows browser, system and way", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    const base = t.clock.now() - 60_000;
    entry(t, { username: "alice", at: base + 1, result: "success", reason: "password", ip: "10.1.2.3", ua: CHROME_WIN });
    entry(t, { username: "alice", at: base + 2, result: "failure", reason: "bad_totp", ip: "10.1.2.3", ua: PACKAGED });
    entry(t, { username: "alice", at: base + 3, result: "logout", reason: "user", ip: "10.1.2.3" });
    entry(t, { username: "bob_100%", at: base + 4, reason: "bad_password", ip: "10.2.0.1" });
    entry(t, { username: "bobby", at: base + 5, reason: "locked", ip: "192.168.1.9" });

    const users = async (q: string) => [...tbody(await (await b.get(`/admin/login-log?${q}`)).text()).matchAll(/<tr class="\w+">\s*<td>[^<]*<\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(await users("reason=bad_totp")).toEqual(["alice"]);
    expect(await users("reason=locked")).toEqual(["bobby"]);
    expect(await users("reason=nonsense")).toEqual(["bobby", "bob_100%", "alice", "alice", "alice", "audrey"]);
    // The username filter matches text, not LIKE wildcards: "_1" and "%" are literal.
    expect(await users("username=bob")).toEqual(["bobby", "bob_100%"]);
    expect(await users("username=b_1")).toEqual(["bob_100%"]);
    expect(await users("username=%25")).toEqual(["bob_100%"]);
    expect(await users("username=_")).toEqual(["bob_100%"]);
    expect(await users("ip=10.")).toEqual(["bob_100%", "alice", "alice", "alice"]);
    expect(await users("ip=10.1.")).toEqual(["alice", "alice", "alice"]);
    expect(await users("result=logout")).toEqual(["alice"]);
    expect(await users("result=failure&ip=10.")).toEqual(["bob_100%", "alice"]);

    const page = await (await b.get("/admin/login-log?username=alice")).text();
    expect(tbody(page)).toContain(`<td class="ua" title="${CHROME_WIN}">Chrome 120 · Windows 10/11</td><td class="way">网页端 Web console</td>`);
    expect(tbody(page)).toContain("Yingke Console 1 · macOS 10.15.7</td><td class=\"way\">客服端 Packaged console</td>");
    expect(tbody(page)).toContain("动态口令错误 Wrong code <code>bad_totp</code>");
    expect(page).toMatch(/<option value="bad_totp">/);
  });

  it("shows a department admin only their department's agents' entries, on the page and in the export", async () => {
    const t = createTestApp();
    const admin = { id: null, name: "test" };
    const sales = t.services.departments.create({ name: "销售部" }, admin);
    const support = t.services.departments.create({ name: "客服部" }, admin);
    const dana = await t.createAgent("dana", "department_admin");
    const alice = await t.createAgent("alice");
    const bob = await t.createAgent("bob");
    for (const [who, d] of [[dana, sales], [alice, sales], [bob, support]] as const) t.services.departments.setAgentDepartment(who.id, d.id, admin);
    for (const u of ["alice", "bob"]) expect((await t.browser().signIn(u)).status).toBe(303);
    expect((await t.browser().signIn("ghost", "Wrong-Password-1")).status).toBe(401);
    const b = t.browser();
    await b.signIn("dana");

    const page = await (await b.get("/admin/login-log")).text();
    expect(rowCount(page)).toBe(2);
    expect(tbody(page)).toContain("<td>alice</td>");
    expect(tbody(page)).toContain("<td>dana</td>");
    expect(tbody(page)).not.toContain("bob");
    expect(tbody(page)).not.toContain("ghost");
    expect((await (await b.get("/admin/login-log?username=bob")).text()).includes("共 0 条")).toBe(true);

    const csv = await download(b, "/admin/login-log/export?format=csv");
    expect(csv.res.status).toBe(200);
    expect(csv.rows.slice(1).map((r) => r[1]).sort()).toEqual(["alice", "dana"]);
    expect(exportsOf(t, "loginlog.export")).toMatchObject([{ actor: "dana", rows: 2, scope: { kind: "department", departmentId: sales.id } }]);

    // The organisation-wide auditor sees all four.
    const audrey = await signedIn(t, "audrey", "auditor");
    expect(rowCount(await (await audrey.get("/admin/login-log?result=")).text())).toBe(5);
  });
});

describe("admin: log exports (M3)", () => {
  it("exports the filtered login log as RFC 4180 CSV with BOM and neutralised formulas, audited with filter, row count and hash", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    entry(t, { username: "=HYPERLINK(\"http://x\")", ua: "=cmd|' /C calc'!A0", ip: "10.0.0.1" });
    entry(t, { username: "a,\"quoted\"\nname", ua: "+1", ip: "10.0.0.2" });
    entry(t, { username: "-2 @x", ua: "@SUM(1)", ip: "10.0.0.3", reason: "locked" });
    entry(t, { username: "张三", ua: CHROME_WIN, ip: "172.16.0.1" });

    const csv = await download(b, "/admin/login-log/export?ip=10.0.&format=csv");
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.res.headers.get("content-disposition")).toMatch(/^attachment; filename="yingke-login-log-\d{8}-\d{6}\.csv"$/);
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.endsWith("\r\n")).toBe(true);
    expect(csv.text).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(csv.rows[0]).toEqual(["时间 Time", "用户名 Username", "客服 Agent", "IP", "浏览器 Browser", "系统 OS", "登录方式 Way", "结果 Result", "原因 Reason", "User-Agent"]);
    // Newest first; every cell that a spreadsheet would run as a formula starts with an apostrophe.
    expect(csv.rows.slice(1).map((r) => [r[1], r[3], r[9]])).toEqual([
      ["'-2 @x", "10.0.0.3", "'@SUM(1)"],
      ["a,\"quoted\"\nname", "10.0.0.2", "'+1"],
      ["'=HYPERLINK(\"http://x\")", "10.0.0.1", "'=cmd|' /C calc'!A0"],
    ]);
    expect(csv.rows.every((r) => r.length === 10)).toBe(true);

    const audited = exportsOf(t, "loginlog.export");
    expect(audited).toEqual([{ actor: "audrey", format: "csv", filter: { ip: "10.0." }, scope: { kind: "all" }, rows: 3, sha256: sha256(csv.bytes), bytes: csv.bytes.byteLength, complete: true }]);

    // The HTML table: the same rows, escaped, as a download that cannot run on our origin.
    const page = await download(b, "/admin/login-log/export?username=%E5%BC%A0&format=html");
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get("content-disposition")).toMatch(/filename="yingke-login-log-\d{8}-\d{6}\.html"/);
    expect(page.res.headers.get("content-security-policy")).toContain("sandbox");
    expect(page.text).toContain("<td>张三</td>");
    expect((page.text.match(/<tr><td>/g) ?? []).length).toBe(1);
    const quotedTable = await download(b, "/admin/login-log/export?ip=10.0.0.2&format=html");
    expect(quotedTable.text).toContain("<td>a,&quot;quoted&quot;\nname</td>");
    expect(exportsOf(t, "loginlog.export")[2]).toMatchObject({ format: "html", filter: { ip: "10.0.0.2" }, rows: 1, sha256: sha256(quotedTable.bytes) });

    // A bad filter is refused rather than widened to the whole log; an unknown format too.
    expect((await b.get("/admin/login-log/export?from=2025-02-30")).status).toBe(422);
    expect((await b.get("/admin/login-log/export?format=xlsx")).status).toBe(422);
    expect(exportsOf(t, "loginlog.export")).toHaveLength(3);
  });

  it("is refused without data.export, and the export links are not offered", async () => {
    const t = createTestApp();
    readOnlyRole(t);
    const b = await signedIn(t, "rita", "log_reader");
    const page = await (await b.get("/admin/login-log")).text();
    expect(page).not.toContain("/admin/login-log/export");
    expect((await b.get("/admin/login-log/export?format=csv")).status).toBe(403);
    expect((await b.get("/admin/audit")).status).toBe(200);
    expect((await b.get("/admin/audit/export?format=csv")).status).toBe(403);
    expect(exportsOf(t, "loginlog.export")).toEqual([]);
    expect(exportsOf(t, "audit.export")).toEqual([]);
    // Export alone is not enough either: a supervisor has data.export but not audit.read.
    const supervisor = await signedIn(t, "sam", "supervisor");
    expect((await supervisor.get("/admin/audit/export")).status).toBe(403);
    const audrey = await signedIn(t, "audrey", "auditor");
    expect(await (await audrey.get("/admin/login-log?username=audrey")).text()).toContain('href="/admin/login-log/export?username=audrey&amp;format=csv"');
  });

  it("streams a large export in newest-first order, every row once", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    const start = t.clock.now() - 3_000_000;
    t.db.transaction(() => {
      for (let i = 0; i < 1234; i++) entry(t, { username: `bulk${i}`, at: start + i, ip: "10.7.0.1" });
    })();
    const csv = await download(b, "/admin/login-log/export?ip=10.7.");
    expect(csv.rows).toHaveLength(1235);
    expect(csv.rows.slice(1).map((r) => r[1])).toEqual(Array.from({ length: 1234 }, (_, i) => `bulk${1233 - i}`));
    expect(exportsOf(t, "loginlog.export")).toMatchObject([{ rows: 1234, sha256: sha256(csv.bytes), complete: true }]);
  });
});

describe("admin: operation log filters and export (M3)", () => {
  it("narrows by actor, action prefix, target type and id, detail text and date; pages; shows the chain status", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    const rec = (actor: string, action: string, targetType: string, targetId: string | number, detail: Record<string, unknown>) =>
      t.services.audit.record({ id: null, name: actor, ip: "10.0.0.9" }, { action, targetType, targetId, detail });
    rec("root", "agent.create", "agent", 7, { username: "carol" });
    rec("root", "agent.update", "agent", 8, { display_name: "王五" });
    rec("sue", "supervision.whisper", "conversation", 12, { text: "100% 注意语气" });
    rec("sue", "supervision.takeover", "conversation", 13, {});
    rec("root", "notice.send", "notice", 1, { title: "agent_x" });

    const actions = async (q: string) => [...tbody(await (await b.get(`/admin/audit?${q}`)).text()).matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
    // (Creating the signed-in auditor wrote an agent.create by "test" too.)
    expect(await actions("action=agent.&actor=root")).toEqual(["agent.update", "agent.create"]);
    expect(await actions("action=supervision.")).toEqual(["supervision.takeover", "supervision.whisper"]);
    expect(await actions("action=agent_")).toEqual([]);
    expect(await actions("actor=sue")).toEqual(["supervision.takeover", "supervision.whisper"]);
    expect(await actions("target_type=conversation&target_id=12")).toEqual(["supervision.whisper"]);
    expect(await actions("target_type=agent&target_id=8")).toEqual(["agent.update"]);
    expect(await actions("q=%E7%8E%8B%E4%BA%94")).toEqual(["agent.update"]);
    expect(await actions("q=100%25")).toEqual(["supervision.whisper"]);
    expect(await actions("q=agent_x")).toEqual(["notice.send"]);
    expect(await actions("q=carol&actor=sue")).toEqual([]);
    expect(await actions("to=2000-01-01")).toEqual([]);

    const page = await (await b.get("/admin/audit?action=agent.")).text();
    expect(page).toMatch(/<div class="chain ok" role="status" id="chain-status">审计链完整：已校验 \d+ 条记录/);
    expect(page).toContain('name="target_type"');
    expect(page).toContain('href="/admin/audit/export?action=agent.&amp;format=csv"');

    for (let i = 0; i < 55; i++) rec("bulk", "bulk.step", "step", i, {});
    let bulk = await (await b.get("/admin/audit?actor=bulk")).text();
    expect(rowCount(bulk)).toBe(50);
    expect(bulk).toContain('href="/admin/audit?actor=bulk&amp;page=2"');
    bulk = await (await b.get("/admin/audit?actor=bulk&page=2")).text();
    expect(rowCount(bulk)).toBe(5);
    expect(bulk).toContain("共 55 条");
  });

  it("exports the filtered operation log as CSV, audited with filter, row count and hash", async () => {
    const t = createTestApp();
    const b = await signedIn(t, "audrey", "auditor");
    t.services.audit.record({ id: 3, name: "=evil", ip: "10.0.0.9" }, { action: "agent.update", targetType: "agent", targetId: 8, detail: { note: "a,\"b\"\nc" } });
    t.services.audit.record({ id: 3, name: "root", ip: "10.0.0.9" }, { action: "site.update", targetType: "site", targetId: 1 });
    const csv = await download(b, "/admin/audit/export?action=agent.update&format=csv");
    expect(csv.res.status).toBe(200);
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.rows).toHaveLength(2);
    const [row] = csv.rows.slice(1);
    expect(row[2]).toBe("'=evil");
    expect(row[4]).toBe("agent.update");
    expect(JSON.parse(row[8])).toEqual({ note: "a,\"b\"\nc" });
    const stored = t.db.query("SELECT hash FROM audit_log WHERE action = 'agent.update'").get() as { hash: string };
    expect(row[9]).toBe(stored.hash);
    expect(exportsOf(t, "audit.export")).toEqual([{ actor: "audrey", format: "csv", filter: { action: "agent.update" }, rows: 1, sha256: sha256(csv.bytes), bytes: csv.bytes.byteLength, complete: true }]);
    // The export's own entry keeps the chain intact.
    expect(t.services.audit.verify().ok).toBe(true);
  });
});
