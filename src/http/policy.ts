import type { Permission } from "../auth/permissions.ts";

/**
 * Every route's access rule in one table, keyed by "METHOD /pattern" exactly as registered.
 * - "public": the allowlist; reachable without a session (monitoring, sign-in, widget code).
 * - "visitor": the visitor channel and files; no session, the handler checks the site's allowed
 *   origins and the signed visitor token itself (or, for files, an agent session).
 * - "pending": needs a session but is reachable while a sign-in step is still due
 *   (second factor, forced password change, forced TOTP enrolment).
 * - "session": any fully signed-in agent.
 * - a Permission: a fully signed-in agent holding it.
 * The two WebSocket channels are not app routes: src/realtime/sockets.ts applies the same rules
 * at the upgrade (/ws/visitor as "visitor", /ws/agent as "session").
 * A route missing here is refused (fail closed); test/routes.test.ts proves every registered
 * route is listed and that each non-public one refuses an anonymous request.
 */
export type RoutePolicy = "public" | "visitor" | "pending" | "session" | Permission;

export const ROUTE_POLICY: Record<string, RoutePolicy> = {
  "GET /healthz": "public",
  "GET /": "public",
  "GET /assets/*": "public",
  "GET /login": "public",
  "POST /login": "public",
  "GET /login/totp": "public",
  "POST /login/totp": "public",
  "GET /widget.js": "public",
  "GET /widget/*": "public",

  "GET /rt/visitor/stream": "visitor",
  "POST /rt/visitor/frames": "visitor",
  "OPTIONS /rt/visitor/frames": "visitor",
  "POST /rt/visitor/files": "visitor",
  "OPTIONS /rt/visitor/files": "visitor",
  "GET /files/:id": "visitor",
  "GET /files/:id/thumb": "visitor",

  "POST /logout": "pending",
  "GET /account/password": "pending",
  "POST /account/password": "pending",
  "GET /account/totp": "pending",
  "POST /account/totp": "pending",

  "GET /console": "session",
  "GET /console/*": "session",
  "GET /account": "session",
  "GET /api/me": "session",
  "PUT /api/me/status": "session",
  "GET /api/sites/:id/visitors": "chat.accept",
  "GET /api/conversations": "chat.accept",
  "GET /api/conversations/:id/messages": "chat.accept",
  "POST /api/conversations/:id/accept": "chat.accept",
  "POST /api/conversations/:id/messages": "chat.accept",
  "POST /api/conversations/:id/end": "chat.accept",
  "POST /api/conversations/:id/files": "chat.accept",
  "GET /api/leave-messages": "leave.read",
  "GET /api/me/preferences": "session",
  "PUT /api/me/preferences": "session",

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
