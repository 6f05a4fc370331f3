import { describe, expect, it } from "bun:test";
import { createTestApp, ORIGIN } from "./harness.ts";
import { ROUTE_POLICY } from "../src/http/policy.ts";

const concrete = (path: string) => path.replace(/:[a-zA-Z]+/g, "1").replace(/\*$/, "x");

describe("route access policy", () => {
  const t = createTestApp();
  // The WebSocket channels are not app routes; their upgrade rules are tested over real sockets
  // (test/realtime-agent.test.ts, test/visitor-chat.test.ts).
  const routes = (t.app.routes as { method: string; path: string }[]).map((r) => ({ method: r.method, path: r.path }));

  it("lists every registered route, and only registered routes", () => {
    const registered = routes.map((r) => `${r.method} ${r.path}`);
    const unlisted = registered.filter((k) => !(k in ROUTE_POLICY));
    expect(unlisted).toEqual([]);
    const stale = Object.keys(ROUTE_POLICY).filter((k) => !registered.includes(k));
    expect(stale).toEqual([]);
  });

  it("keeps the public allowlist short and deliberate", () => {
    const publicRoutes = Object.entries(ROUTE_POLICY).filter(([, p]) => p === "public").map(([k]) => k).sort();
    expect(publicRoutes).toEqual(["GET /", "GET /assets/*", "GET /healthz", "GET /login", "GET /login/totp", "POST /login", "POST /login/totp", "GET /widget.js", "GET /widget/*", "GET /widget/assets/:id"].sort());
  });

  for (const { method, path } of routes) {
    const policy = ROUTE_POLICY[`${method} ${path}`];
    if (policy === "public") continue;
    if (policy === "visitor") {
      // No cookie and no token: unknown site or no access, and nothing is created.
      it(`${method} ${path} refuses a request without site, origin and token`, async () => {
        const headers: Record<string, string> = { host: "localhost", accept: "application/json" };
        const res = await t.app.handle(new Request(ORIGIN + concrete(path), { method, headers }));
        expect([403, 404]).toContain(res.status);
        expect(t.db.query("SELECT count(*) AS n FROM visitors").get()).toEqual({ n: 0 });
      });
      continue;
    }
    it(`${method} ${path} refuses an anonymous request`, async () => {
      const url = ORIGIN + concrete(path);
      const headers: Record<string, string> = { host: "localhost", origin: ORIGIN };
      const init: RequestInit = { method, headers };
      if (method === "POST") {
        headers["content-type"] = "application/x-www-form-urlencoded";
        init.body = "_csrf=x";
      }
      const api = await t.app.handle(new Request(url, { ...init, headers: { ...headers, accept: "application/json" } }));
      expect([401, 403]).toContain(api.status);
      if (method === "GET" && !path.startsWith("/api/")) {
        const page = await t.app.handle(new Request(url, { ...init, headers: { ...headers, accept: "text/html" } }));
        expect(page.status).toBe(303);
        expect(page.headers.get("location")).toStartWith("/login?next=");
      }
    });
  }
});
