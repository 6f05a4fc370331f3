import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService } from "../audit/service.ts";
import type { SettingsService } from "../settings/service.ts";
import type { AgentsService, AgentRow } from "../agents/service.ts";
import type { SecretBox } from "../platform/secretbox.ts";
import { createAuthRepo, type LoginLogQuery, type SessionRow } from "./repo.ts";
import { createLoginLogQuery } from "./login-log.ts";
import { createSessions } from "./sessions.ts";
import { createIpThrottle } from "./throttle.ts";
import { ipAllowed } from "./access.ts";
import { createTotpService } from "./totp-service.ts";
import type { RolesService } from "./roles.ts";
import type { DataScope, Permission } from "./permissions.ts";

export const GENERIC_LOGIN_FAILURE = "用户名或密码错误，或账号已被临时锁定 / Wrong username or password, or the account is temporarily locked";

export interface LoginContext {
  ip: string;
  userAgent: string;
}

export type LoginOutcome =
  | { ok: true; token: string; session: SessionRow; agent: AgentRow }
  | { ok: false; status: number; message: string; reason: string };

export interface Principal {
  session: SessionRow;
  agent: AgentRow;
  permissions: Set<Permission>;
  /** How far the permissions reach: the organisation, or only the agent's department. */
  scope: DataScope;
  /** What the agent must do before reaching anything else, in order. */
  pending: "totp" | "change_password" | "enrol_totp" | null;
}

/** A dummy argon2id hash so that an unknown username costs the same time as a wrong password. */
let dummyHash: Promise<string> | null = null;

export function createAuthService(deps: {
  db: Database; clock: Clock; events: EventBus; audit: AuditService; settings: SettingsService; agents: AgentsService; roles: RolesService; secretBox: SecretBox;
}) {
  const repo = createAuthRepo(deps.db);
  const sessions = createSessions({ repo, clock: deps.clock, settings: deps.settings });
  const throttle = createIpThrottle();
  const totp = createTotpService({ ...deps, repo });
  const { clock, agents, audit } = deps;

  // Whoever ends an agent's access (disable, password reset, role change) publishes this event;
  // deleting the rows here is idempotent, and realtime closes the agent's sockets on the same event.
  deps.events.subscribe("agent.sessions_ended", ({ agentId }) => void sessions.endAll(agentId));

  const log = (username: string, agentId: number | null, ctx: LoginContext, result: "success" | "failure" | "logout", reason: string) =>
    repo.log({ at: clock.now(), username: username.slice(0, 64), agent_id: agentId, ip: ctx.ip, user_agent: ctx.userAgent.slice(0, 400), result, reason });

  const orgAllows = (ip: string) => ipAllowed(ip, deps.settings.security().org_allowed_ips, "");

  /** Records a wrong password or TOTP code, and locks the account once the threshold is reached. */
  function countFailure(agent: AgentRow, ctx: LoginContext, reason: "bad_password" | "bad_totp") {
    const s = deps.settings.security();
    const now = clock.now();
    log(agent.username, agent.id, ctx, "failure", reason);
    throttle.fail(ctx.ip, s.lockout_window_minutes * 60_000, now);
    // An expired lock starts a fresh count, so one more mistake does not re-lock at once.
    const since = Math.max(agent.failures_reset_at, agent.locked_until, now - s.lockout_window_minutes * 60_000);
    if (repo.failuresSince(agent.id, since) >= s.lockout_threshold && agent.locked_until <= now) {
      deps.db.transaction(() => {
        agents.credentials.lock(agent.id, now + s.lockout_minutes * 60_000);
        audit.record({ id: null, name: "system", ip: ctx.ip }, { action: "auth.lockout", targetType: "agent", targetId: agent.id, detail: { username: agent.username, minutes: s.lockout_minutes } });
      }).immediate();
    }
  }

  function fail(status: number, reason: string, message = GENERIC_LOGIN_FAILURE): LoginOutcome {
    return { ok: false, status, reason, message };
  }

  function startSession(agent: AgentRow, stage: SessionRow["stage"], ctx: LoginContext) {
    // `agent` was read before markLogin: its last_login_at is the sign-in before this one.
    const { token, row } = sessions.create(agent.id, stage, ctx.ip, ctx.userAgent, stage === "active" ? agent.last_login_at : null);
    return { ok: true as const, token, session: row, agent };
  }

  function completeLogin(agent: AgentRow, ctx: LoginContext, method: string): LoginOutcome {
    deps.db.transaction(() => {
      agents.credentials.markLogin(agent.id, clock.now());
      log(agent.username, agent.id, ctx, "success", method);
      audit.record({ id: agent.id, name: agent.username, ip: ctx.ip }, { action: "auth.login", targetType: "agent", targetId: agent.id, detail: { method } });
    }).immediate();
    return startSession(agent, "active", ctx);
  }

  return {
    sessions,
    totp,
    repo,

    async login(usernameInput: string, password: string, ctx: LoginContext): Promise<LoginOutcome> {
      const s = deps.settings.security();
      const username = String(usernameInput ?? "").trim();
      const now = clock.now();
      if (!orgAllows(ctx.ip)) {
        log(username, null, ctx, "failure", "ip_not_allowed");
        return fail(403, "ip_not_allowed", "此地址不允许登录 / Sign-in is not allowed from your address");
      }
      if (throttle.blocked(ctx.ip, s.ip_failure_limit, s.lockout_window_minutes * 60_000, now)) {
        log(username, null, ctx, "failure", "ip_throttled");
        return fail(429, "ip_throttled", "尝试次数过多，请稍后再试 / Too many attempts from your address; try again later");
      }
      const agent = username && username.length <= 64 ? agents.byUsername(username) : null;
      const hash = agent?.password_hash ?? (await (dummyHash ??= Bun.password.hash("yingke-dummy-password", { algorithm: "argon2id" })));
      const passwordOk = (await Bun.password.verify(String(password ?? "").slice(0, 256), hash)) && agent !== null;
      if (!agent) {
        log(username, null, ctx, "failure", "unknown_user");
        throttle.fail(ctx.ip, s.lockout_window_minutes * 60_000, now);
        return fail(401, "unknown_user");
      }
      const fresh = agents.get(agent.id)!;
      if (fresh.locked_until > now) {
        log(username, agent.id, ctx, "failure", "locked");
        return fail(401, "locked");
      }
      if (!passwordOk) {
        countFailure(fresh, ctx, "bad_password");
        return fail(401, "bad_password");
      }
      // Past this point the caller knows the password, so specific answers reveal nothing new.
      if (fresh.disabled) {
        log(username, agent.id, ctx, "failure", "disabled");
        return fail(403, "disabled", "账号已停用，请联系管理员 / This account is disabled; contact your administrator");
      }
      if (!ipAllowed(ctx.ip, s.org_allowed_ips, fresh.allowed_ips)) {
        log(username, agent.id, ctx, "failure", "ip_not_allowed");
        return fail(403, "ip_not_allowed", "此地址不允许登录 / Sign-in is not allowed from your address");
      }
      if (fresh.totp_enabled) return startSession(fresh, "totp", ctx);
      return completeLogin(fresh, ctx, "password");
    },

    /** Second step: a TOTP code or a recovery code. Replaces the pending session with a new one. */
    secondFactor(pendingToken: string, code: string, ctx: LoginContext): LoginOutcome {
      const session = sessions.lookup(pendingToken);
      if (!session || session.stage !== "totp") return fail(401, "no_pending_login", "登录已过期，请重新登录 / The sign-in expired; start again");
      const agent = agents.get(session.agent_id);
      if (!agent || agent.disabled || !ipAllowed(ctx.ip, deps.settings.security().org_allowed_ips, agent.allowed_ips)) {
        sessions.end(pendingToken);
        return fail(403, "not_allowed", "不允许登录 / Sign-in is not allowed");
      }
      if (agent.locked_until > clock.now()) {
        sessions.end(pendingToken);
        log(agent.username, agent.id, ctx, "failure", "locked");
        return fail(401, "locked");
      }
      const method = totp.check(agent, code);
      if (!method) {
        countFailure(agent, ctx, "bad_totp");
        return fail(401, "bad_totp", "验证码不正确或已使用 / The code is wrong or was already used");
      }
      sessions.end(pendingToken);
      return completeLogin(agents.get(agent.id)!, ctx, `password+${method}`);
    },

    /** Resolves a session cookie to an agent, enforcing expiry, disablement and the IP allowlist. */
    authenticate(token: string | undefined, ip: string): Principal | null {
      const session = sessions.lookup(token);
      if (!session) return null;
      const agent = agents.get(session.agent_id);
      const s = deps.settings.security();
      if (!agent || agent.disabled || !ipAllowed(ip, s.org_allowed_ips, agent.allowed_ips)) return null;
      let pending: Principal["pending"] = null;
      if (session.stage === "totp") pending = "totp";
      else if (agent.must_change_password || agents.passwordExpired(agent)) pending = "change_password";
      else if (s.require_totp && !agent.totp_enabled) pending = "enrol_totp";
      return { session, agent, permissions: this.permissionsOf(agent), scope: this.scopeOf(agent), pending };
    },

    /** Read from the role on every call, so a changed role counts from the holder's next request. */
    permissionsOf: (agent: Pick<AgentRow, "role_id">): Set<Permission> => new Set(deps.roles.permissionsOf(agent.role_id)),
    scopeOf: (agent: Pick<AgentRow, "role_id" | "department_id">): DataScope => deps.roles.authorityOf(agent).scope,

    logout(principal: Principal, ctx: LoginContext) {
      deps.db.transaction(() => {
        log(principal.agent.username, principal.agent.id, ctx, "logout", "user");
        audit.record({ id: principal.agent.id, name: principal.agent.username, ip: ctx.ip }, { action: "auth.logout", targetType: "agent", targetId: principal.agent.id });
      }).immediate();
      deps.events.publish("agent.sessions_ended", { agentId: principal.agent.id, reason: "logout" });
    },

    listLoginLog: (q: LoginLogQuery) => repo.listLoginLog(q),
    /** Filtered, scoped reading of the login log for the admin page and its export. */
    loginLog: createLoginLogQuery(deps.db),
    resetThrottle: () => throttle.clear(),
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
