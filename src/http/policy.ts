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
  "GET /api/visitors/online": "chat.accept",
  "GET /api/visitors/:id/trail": "chat.accept",
  "GET /api/conversations": "chat.accept",
  "GET /api/conversations/:id/messages": "chat.accept",
  "POST /api/conversations/:id/accept": "chat.accept",
  "POST /api/conversations/:id/messages": "chat.accept",
  "POST /api/conversations/:id/end": "chat.accept",
  "POST /api/conversations/:id/files": "chat.accept",
  "GET /api/leave-messages": "leave.read",
  // Leave-message inbox (H2, src/leave): the service also bounds every message by the agent's sites.
  "GET /api/leave-messages/summary": "leave.read",
  "GET /api/leave-messages/:id": "leave.read",
  "PUT /api/leave-messages/:id": "leave.reply",
  "POST /api/leave-messages/:id/reply": "leave.reply",
  "DELETE /api/leave-messages/:id": "leave.delete",
  "GET /api/leave-types": "leave.read",
  // Canned replies (src/kb): the service checks canned.manage / canned.personal per scope.
  "GET /api/canned": "session",
  "GET /api/canned/bucket": "session",
  "POST /api/canned/items": "session",
  "PUT /api/canned/items/:id": "session",
  "DELETE /api/canned/items/:id": "session",
  "POST /api/canned/files": "session",
  "GET /api/canned/files/:id": "session",
  "POST /api/canned/folders": "session",
  "PUT /api/canned/folders/:id": "session",
  "DELETE /api/canned/folders/:id": "session",
  "POST /api/canned/reorder": "session",
  "POST /api/conversations/:id/common-files/:itemId": "chat.accept",
  "GET /api/transfer-targets": "chat.transfer",
  "GET /api/conversations/:id/participants": "chat.accept",
  "POST /api/conversations/:id/transfers": "chat.transfer",
  "POST /api/transfers/:id/accept": "chat.accept",
  "POST /api/transfers/:id/decline": "chat.accept",
  "POST /api/conversations/:id/guests": "chat.conference",
  "POST /api/guest-invitations/:id/accept": "chat.accept",
  "POST /api/guest-invitations/:id/decline": "chat.accept",
  "POST /api/conversations/:id/leave": "chat.accept",
  "POST /api/visitors/:id/invitations": "chat.invite",
  "POST /api/visitors/:id/proactive": "chat.invite",
  "POST /api/conversations/:id/push-url": "chat.accept",
  "POST /api/conversations/:id/push-survey": "chat.accept",
  "POST /api/conversations/:id/push-form": "chat.accept",
  "GET /api/visitors/:id": "chat.accept",
  "PUT /api/visitors/:id": "chat.accept",
  "POST /api/visitors/:id/block": "visitor.block",
  "DELETE /api/blocks/:id": "visitor.block",
  "GET /api/conversations/:id/evaluation": "chat.accept",
  "PUT /api/conversations/:id/evaluation": "chat.accept",
  "GET /api/topics": "chat.accept",
  "GET /api/me/counters": "session",
  "GET /api/me/unevaluated": "session",
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
  "GET /admin/sites/:id/settings": "sites.manage",
  "GET /admin/sites/:id/settings/:section": "sites.manage",
  "POST /admin/sites/:id/settings/:section": "sites.manage",
  "POST /admin/sites/:id/settings/:section/preview": "sites.manage",
  "GET /admin/sites/:id/preview": "sites.manage",
  "GET /admin/security": "security.manage",
  "POST /admin/security": "security.manage",
  "GET /admin/login-log": "loginlog.read",
  "GET /admin/audit": "audit.read",
  "GET /admin/login-log/export": "loginlog.read",
  "GET /admin/audit/export": "audit.read",
  "GET /admin/canned": "canned.manage",
  "GET /admin/canned/new": "canned.manage",
  "POST /admin/canned": "canned.manage",
  "GET /admin/canned/export.csv": "canned.manage",
  "POST /admin/canned/import": "canned.manage",
  "GET /admin/canned/:id": "canned.manage",
  "POST /admin/canned/:id": "canned.manage",
  "POST /admin/canned/:id/delete": "canned.manage",

  "GET /api/team/presence": "session",
  "GET /api/team/channels": "session",
  "POST /api/team/channels": "session",
  "GET /api/team/channels/:id/messages": "session",
  "POST /api/team/channels/:id/messages": "session",
  "POST /api/team/channels/:id/read": "session",
  "POST /api/team/channels/:id/files": "session",
  "GET /api/team/files/:id": "session",
  "GET /api/team/files/:id/thumb": "session",
  "GET /api/notices": "session",
  "POST /api/notices": "notices.send",
  "POST /api/notices/:id/ack": "session",
  "GET /api/notices/:id/reads": "session",
  "GET /admin/notices": "notices.send",
  "POST /admin/notices": "notices.send",
  "GET /admin/notices/:id": "notices.send",
  "GET /admin/groups": "departments.manage",
  "GET /admin/groups/new": "departments.manage",
  "POST /admin/groups": "departments.manage",
  "GET /admin/groups/:id": "departments.manage",
  "POST /admin/groups/:id": "departments.manage",
  "POST /admin/groups/:id/delete": "departments.manage",
  "GET /admin/topics": "settings.manage",
  "POST /admin/topics": "settings.manage",
  "POST /admin/topics/:id": "settings.manage",
  "POST /admin/topics/:id/move": "settings.manage",
  "POST /admin/topics/:id/disable": "settings.manage",
  "POST /admin/topics/:id/enable": "settings.manage",
  "GET /admin/leave-types": "settings.manage",
  "POST /admin/leave-types": "settings.manage",
  "POST /admin/leave-types/:id": "settings.manage",
  "POST /admin/leave-types/:id/move": "settings.manage",
  "POST /admin/leave-types/:id/disable": "settings.manage",
  "POST /admin/leave-types/:id/enable": "settings.manage",
  "GET /admin/departments": "departments.manage",
  "GET /admin/departments/new": "departments.manage",
  "POST /admin/departments": "departments.manage",
  "GET /admin/departments/:id": "departments.manage",
  "POST /admin/departments/:id": "departments.manage",
  "POST /admin/departments/:id/delete": "departments.manage",
  "GET /admin/roles": "roles.manage",
  "GET /admin/roles/new": "roles.manage",
  "POST /admin/roles": "roles.manage",
  "GET /admin/roles/:id": "roles.manage",
  "POST /admin/roles/:id": "roles.manage",
  "POST /admin/roles/:id/delete": "roles.manage",

  // Supervision (src/supervision): the service also applies the department scope.
  "GET /api/supervision/agents": "chat.monitor",
  "POST /api/supervision/agents/:id/signout": "agents.signout",
  "POST /api/conversations/:id/monitor": "chat.monitor",
  "DELETE /api/conversations/:id/monitor": "chat.monitor",
  // The chat's own agents whisper back without chat.whisper; the service decides.
  "GET /api/conversations/:id/whispers": "session",
  "POST /api/conversations/:id/whispers": "session",
  "POST /api/conversations/:id/takeover": "chat.takeover",
  "GET /admin/routing": "settings.manage",
  "POST /admin/routing": "settings.manage",
  // Visitor blocking page (M7) and the identity secret rotation (V25).
  "GET /admin/blocks": "visitor.block",
  "POST /admin/blocks": "visitor.block",
  "POST /admin/blocks/:id/lift": "visitor.block",
  "POST /admin/sites/:id/identity/rotate-secret": "sites.manage",
  // Automatic invitation rules (src/invitations), a site's settings like /admin/sites/:id.
  "GET /admin/sites/:id/invitation-rules": "sites.manage",
  "GET /admin/sites/:id/invitation-rules/new": "sites.manage",
  "POST /admin/sites/:id/invitation-rules": "sites.manage",
  "GET /admin/sites/:id/invitation-rules/:ruleId": "sites.manage",
  "POST /admin/sites/:id/invitation-rules/:ruleId": "sites.manage",
  "POST /admin/sites/:id/invitation-rules/:ruleId/move": "sites.manage",
  "POST /admin/sites/:id/invitation-rules/:ruleId/enable": "sites.manage",
  "POST /admin/sites/:id/invitation-rules/:ruleId/disable": "sites.manage",
  "POST /admin/sites/:id/invitation-rules/:ruleId/delete": "sites.manage",
  // Site images (src/files/site-images, V2/V16): shown by widgets on host pages, so public by id.
  "GET /widget/assets/:id": "public",
  "POST /admin/sites/:id/images": "sites.manage",
  // Customer 360 (src/customers, H3): the service limits sites, chats (history.*) and leave messages (leave.read).
  "GET /api/customers/search": "customers.read",
  "GET /api/customers/visitors/:id": "customers.read",
  // Forwarding (src/notify): outbox, mail server, SMS gateway.
  "GET /admin/notify": "settings.manage",
  "POST /admin/notify/outbox/:id/retry": "settings.manage",
  "GET /admin/notify/smtp": "settings.manage",
  "POST /admin/notify/smtp": "settings.manage",
  "POST /admin/notify/smtp/test": "settings.manage",
  "GET /admin/notify/sms": "settings.manage",
  "POST /admin/notify/sms": "settings.manage",
  "POST /admin/notify/sms/test": "settings.manage",
  // Export jobs (src/exports, X4): the source's own permission is checked when a job starts;
  // a job and its file are its owner's only.
  "POST /api/exports": "data.export",
  "GET /api/exports/:id": "data.export",
  "GET /api/exports/:id/file": "data.export",
  "DELETE /api/exports/:id": "data.export",
  // Chat history (src/history, H1): any history permission (ROUTE_ANY_OF); the service applies the scope.
  "GET /api/history": "session",
  "GET /api/history/options": "session",
  "GET /api/history/:id": "session",
  "PUT /api/history/:id/evaluation": "history.evaluate",
  "POST /api/history/:id/notes": "session",
};

/**
 * Every action the agent WebSocket accepts (src/realtime/agent-channel.ts), with its rule as for
 * routes. The channel checks this before dispatching: an action missing here is refused
 * (`unknown_action`, fail closed), one whose permission the agent lacks gets `forbidden`.
 * test/socket-permissions.test.ts sends every listed action as every role.
 */
export const SOCKET_ACTION_POLICY: Record<string, RoutePolicy> = {
  ping: "session",
  status: "session",
  typing: "chat.accept",
};

export const policyFor = (method: string, route: string): RoutePolicy | undefined => ROUTE_POLICY[`${method} ${route}`];

export const isSafeMethod = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";

/**
 * Routes that need a second permission besides their policy: exporting a log needs the right to
 * read it and the right to export (X4). The guard checks these too; the matrix test reads them.
 */
export const ROUTE_ALSO_REQUIRES: Record<string, Permission> = {
  "GET /admin/login-log/export": "data.export",
  "GET /admin/audit/export": "data.export",
};

/** Any one of the history permissions: what history's routes need besides their policy (H1). */
export const ANY_HISTORY: Permission[] = ["history.own", "history.department", "history.all"];

/**
 * Routes that need at least one of several permissions besides their policy (a reach that
 * comes in levels, like history's own / department / all). The guard checks these too; the
 * matrix test reads them.
 */
export const ROUTE_ANY_OF: Record<string, Permission[]> = {
  "GET /api/history": ANY_HISTORY,
  "GET /api/history/options": ANY_HISTORY,
  "GET /api/history/:id": ANY_HISTORY,
  "PUT /api/history/:id/evaluation": ANY_HISTORY,
  "POST /api/history/:id/notes": ANY_HISTORY,
};
