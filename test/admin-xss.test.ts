import { describe, expect, it } from "bun:test";
import { createTestApp, type TestApp, type TestBrowser } from "./harness.ts";
import { escapeHtml } from "../src/platform/html.ts";

/**
 * Hostile text through every admin text field: it must come back as visible, escaped text and
 * never as markup (tags, attributes breaking out of quotes, or {{...}} for a client template).
 */
const PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{constructor.constructor('alert(1)')()}}"];
const FORBIDDEN = ["<script>alert", "<img src=x", '"><img', "{{constructor", "{{"];

let checked = 0;
function assertSafe(page: string, where: string) {
  for (const bad of FORBIDDEN) {
    if (page.includes(bad)) throw new Error(`${where}: unescaped ${JSON.stringify(bad)} in the page`);
  }
  checked++;
}

/** Every HTML answer is checked; returns the page text. */
async function visit(b: TestBrowser, method: "GET" | "POST", path: string, form?: Record<string, string>, headers?: Record<string, string>) {
  const res = method === "GET" ? await b.get(path, headers) : await b.post(path, form, headers);
  const text = await res.text();
  if ((res.headers.get("content-type") ?? "").includes("text/html")) assertSafe(text, `${method} ${path}`);
  return { status: res.status, text, location: res.headers.get("location") };
}

const visible = (page: string, payload: string) => expect(page).toContain(escapeHtml(payload));

async function signedIn(t: TestApp, username: string, role: string) {
  await t.createAgent(username, role);
  const b = t.browser();
  expect((await b.signIn(username)).status).toBe(303);
  return b;
}

describe("admin pages escape hostile text", () => {
  it("the escaping assertion itself catches raw markup", () => {
    expect(() => assertSafe("<p><script>alert(1)</script></p>", "self-test")).toThrow();
    expect(() => assertSafe("<p>{{constructor.constructor('alert(1)')()}}</p>", "self-test")).toThrow();
    expect(() => assertSafe(`<p>${escapeHtml(PAYLOADS[1])}</p>`, "self-test")).not.toThrow();
  });

  for (const [i, payload] of PAYLOADS.entries()) {
    it(`payload ${i + 1}: ${payload}`, async () => {
      const t = createTestApp();
      const admin = await signedIn(t, "root", "admin");

      // Rejected fields echo the entered text back in the 422 form.
      await visit(admin, "GET", "/admin/agents/new");
      let r = await visit(admin, "POST", "/admin/agents", { username: payload, display_name: payload, email: "", role_id: "agent", allowed_ips: "", password: "Welcome-2026-Yk" });
      expect(r.status).toBe(422);
      visible(r.text, payload);
      r = await visit(admin, "POST", "/admin/agents", { username: "evil1", display_name: "x", email: payload, role_id: "agent", allowed_ips: "", password: "Welcome-2026-Yk" });
      expect(r.status).toBe(422);
      visible(r.text, payload);
      r = await visit(admin, "POST", "/admin/agents", { username: "evil1", display_name: "x", email: "", role_id: payload, allowed_ips: "", password: "Welcome-2026-Yk" });
      expect(r.status).toBe(422);
      r = await visit(admin, "POST", "/admin/agents", { username: "evil1", display_name: "x", email: "", role_id: "agent", allowed_ips: payload, password: "Welcome-2026-Yk" });
      expect(r.status).toBe(422);
      expect(r.text).toMatch(/id="err-allowed_ips"/);
      visible(r.text, payload);

      // An accepted display name is shown on the list, the edit page, and in its owner's header.
      r = await visit(admin, "POST", "/admin/agents", { username: "evil1", display_name: payload, email: "", role_id: "admin", allowed_ips: "", password: "Welcome-2026-Yk" });
      expect(r.status).toBe(303);
      const evil = t.services.agents.byUsername("evil1")!;
      expect(evil.display_name).toBe(payload);
      visible((await visit(admin, "GET", "/admin/agents")).text, payload);
      visible((await visit(admin, "GET", r.location!)).text, payload);
      r = await visit(admin, "POST", `/admin/agents/${evil.id}`, { display_name: `${payload}!`, email: payload, role_id: "admin", allowed_ips: payload });
      expect(r.status).toBe(422);
      visible(r.text, payload);
      r = await visit(admin, "POST", `/admin/agents/${evil.id}`, { display_name: `${payload}!`, email: "", role_id: "admin", allowed_ips: "" });
      expect(r.status).toBe(303);
      await t.services.agents.setPassword(evil.id, "Settled-2027-Yk", { mustChange: false, actor: { id: null, name: "test" }, action: "test.password" });
      const owner = t.browser();
      expect((await owner.signIn("evil1", "Settled-2027-Yk")).status).toBe(303);
      for (const path of ["/admin", "/admin/agents", "/admin/security", "/admin/login-log"]) visible((await visit(owner, "GET", path)).text, `${payload}!`);

      // The organisation allowlist error echo.
      await visit(admin, "GET", "/admin/security");
      r = await visit(admin, "POST", "/admin/security", {
        org_allowed_ips: payload, password_profile: "standard", lockout_threshold: "5", lockout_window_minutes: "15", lockout_minutes: "15",
        ip_failure_limit: "30", session_idle_minutes: "30", session_absolute_hours: "12",
      });
      expect(r.status).toBe(422);
      visible(r.text, payload);
      r = await visit(admin, "POST", "/admin/security", { org_allowed_ips: "", password_profile: payload, lockout_threshold: payload });
      expect(r.status).toBe(422);

      // A failed sign-in with a hostile username and user agent, then the login log and its filters.
      const attacker = t.browser();
      await attacker.get("/login");
      await attacker.post("/login", { username: payload, password: "nope" }, { "user-agent": payload });
      const q = encodeURIComponent(payload);
      r = await visit(admin, "GET", `/admin/login-log?username=${q}`);
      expect(r.status).toBe(200);
      expect((/<tbody hx-disable>([\s\S]*?)<\/tbody>/.exec(r.text)![1].match(/<tr/g) ?? []).length).toBe(1);
      visible(r.text, payload);
      visible((await visit(admin, "GET", "/admin/login-log")).text, payload);
      visible((await visit(admin, "GET", `/admin/login-log?ip=${q}&result=${q}&from=${q}&to=${q}&page=${q}`)).text, payload);

      // The auditor's view: details with the payload, and the audit filters echoing it.
      const auditor = await signedIn(t, "audrey", "auditor");
      r = await visit(auditor, "GET", "/admin/audit?action=agent.");
      expect(r.text).toContain("agent.create");
      visible(r.text, JSON.stringify(payload).slice(1, -1));
      r = await visit(auditor, "GET", `/admin/audit?action=${q}&actor=${q}&from=${q}&to=${q}`);
      visible(r.text, payload);
      await visit(auditor, "GET", "/admin");
      expect(checked).toBeGreaterThan(15);
    });
  }
});
