import { expect } from "bun:test";
import { createTestApp, type TestApp, type TestBrowser } from "./harness.ts";
import { cid } from "./frames.ts";

/**
 * A world for the leave-message inbox tests (H2): two departments with a site each, a site of
 * no department, and leave messages written the way the widget's leave form stores them.
 */
export const sys = { id: null, name: "test" };

export function leaveWorld(t: TestApp = createTestApp()) {
  const retail = t.services.departments.create({ name: "零售" }, sys);
  const corporate = t.services.departments.create({ name: "对公" }, sys);
  const site = (name: string, departmentId: number | null) => {
    const s = t.services.sites.create({ name, allowed_origins: `https://${encodeURIComponent(name)}.example.test`, default_language: "zh-CN" }, sys);
    if (departmentId !== null) t.db.run("UPDATE sites SET department_id = ? WHERE id = ?", [departmentId, s.id]);
    return s;
  };
  const retailSite = site("retail", retail.id);
  const corporateSite = site("corporate", corporate.id);
  const openSite = site("open", null);

  /** A new visitor of `siteId` leaves a message. */
  async function leave(siteId: number, input: { name?: string; phone?: string; email?: string; content: string }) {
    const visitor = t.services.visitors.identify(siteId, null).visitor;
    const r = await t.services.leave.create(visitor, { cid: cid(), ...input }, { ip: "203.0.113.9", pageUrl: "https://shop.example.test/loans" });
    return r.message;
  }

  /** An agent of `role` in `departmentId`, signed in, with a JSON API carrying the CSRF token. */
  async function agent(username: string, role = "agent", departmentId: number | null = null) {
    const row = await t.createAgent(username, role);
    if (departmentId !== null) t.services.departments.setAgentDepartment(row.id, departmentId, sys);
    const b = t.browser();
    expect((await b.signIn(username)).status).toBe(303);
    return { row, b, api: jsonApi(b) };
  }
  return { t, retail, corporate, retailSite, corporateSite, openSite, leave, agent };
}
export type LeaveWorld = ReturnType<typeof leaveWorld>;

export function jsonApi(b: TestBrowser) {
  let csrf = "";
  return async (method: string, path: string, json?: unknown) => {
    if (!csrf) {
      await b.get("/account");
      csrf = b.csrf();
    }
    const r = await b.request(method, path, { json, headers: { accept: "application/json", "x-csrf-token": csrf } });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
}
