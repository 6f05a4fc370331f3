import type { Permission } from "../auth/permissions.ts";

/**
 * Every route's access rule in one table, keyed by "METHOD /pattern" exactly as registered.
 * - "public": the allowlist; reachable without a session (visitors, monitoring, sign-in).
 * - "pending": needs a session but is reachable while a sign-in step is still due
 *   (second factor, forced password change, forced TOTP enrolment).
 * - "session": any fully signed-in agent.
 * - a Permission: a fully signed-in agent holding it.
 * A route missing here is refused (fail closed); test/routes.test.ts proves every registered
 * route is listed and that each non-public one refuses an anonymous request.
 */
export type RoutePolicy = "public" | "pending" | "session" | Permission;

export const ROUTE_POLICY: Record<string, RoutePolicy> = {
  "GET /healthz": "public",
  "GET /": "public",
  "GET /assets/*": "public",
  "GET /login": "public",
  "POST /login": "public",
  "GET /login/totp": "public",
  "POST /login/totp": "public",

  "POST /logout": "pending",
  "GET /account/password": "pending",
  "POST /account/password": "pending",
  "GET /account/totp": "pending",
  "POST /account/totp": "pending",

  "GET /console": "session",
  "GET /console/*": "session",
  "GET /account": "session",
  "GET /api/me": "session",
  "WS /ws/agent": "session",

  "GET /admin": "session",
  "GET /admin/agents": "agents.manage",
  "GET /admin/agents/new": "agents.manage",
  "POST /admin/agents": "agents.manage",
  "GET /admin/agents/:id": "agents.manage",
  "POST /admin/agents/:id": "agents.manage",
  "POST /admin/agents/:id/disable": "agents.manage",
  "POST /admin/agents/:id/enable": "agents.manage",
  "POST /admin/agents/:id/reset-password": "agents.manage",
  "POST /admin/agents/:id/reset-totp": "agents.manage",
  "POST /admin/agents/:id/unlock": "agents.manage",
  "GET /admin/sites": "sites.manage",
  "GET /admin/sites/new": "sites.manage",
  "POST /admin/sites": "sites.manage",
  "GET /admin/sites/:id": "sites.manage",
  "POST /admin/sites/:id": "sites.manage",
  "GET /admin/security": "security.manage",
  "POST /admin/security": "security.manage",
  "GET /admin/login-log": "loginlog.read",
  "GET /admin/audit": "audit.read",
};

export const policyFor = (method: string, route: string): RoutePolicy | undefined => ROUTE_POLICY[`${method} ${route}`];

export const isSafeMethod = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";
