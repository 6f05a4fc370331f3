import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp } from "./harness.ts";
import { endOfLocalDate, formatTime, parseLocalDate } from "../src/admin/format.ts";

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
