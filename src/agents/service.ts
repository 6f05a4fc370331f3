import type { Database } from "bun:sqlite";
import type { Clock } from "../platform/clock.ts";
import type { EventBus } from "../events/bus.ts";
import type { AuditService, Actor } from "../audit/service.ts";
import type { SettingsService } from "../settings/service.ts";
import type { Authority, RolesService } from "../auth/roles.ts";
import { AppError, conflict, invalid, notFound } from "../platform/errors.ts";
import { parseCidrList } from "../platform/ip.ts";
import { randomToken } from "../platform/ids.ts";
import { createAgentsRepo, type AgentRow } from "./repo.ts";
import { createAvailability, SERVICE_STATUSES, type ServiceStatus } from "./availability.ts";

export type { AgentRow };

export interface AgentInput {
  username: string;
  display_name: string;
  email?: string;
  role_id: string;
  allowed_ips?: string;
  /** undefined keeps the current department (update) or, for a department admin, uses theirs. */
  department_id?: number | string | null;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: "argon2id" });

/** A temporary password that satisfies any policy profile (all four classes, 16+ chars). */
export const temporaryPassword = () => `Yk-${randomToken(12)}7a!`;

export function createAgentsService(deps: { db: Database; clock: Clock; audit: AuditService; settings: SettingsService; events: EventBus; roles: RolesService }) {
  const repo = createAgentsRepo(deps.db);
  const deptExists = deps.db.prepare("SELECT 1 FROM departments WHERE id = ?");

  /**
   * What the acting agent may do here (M1): null for the system and the CLI operator. Read from
   * the database on every call, so a changed role or department counts at once.
   */
  function authorityOf(actor: Actor): Authority | null {
    if (actor.id === null) return null;
    const a = repo.byId(actor.id);
    // An actor who no longer exists may do nothing (fail closed).
    if (!a) return { permissions: new Set(), scope: { kind: "department", departmentId: null } };
    return deps.roles.authorityOf(a);
  }

  /** A department admin reaches only their own department's agents; others are "not found". */
  function mustManage(id: number, by: Authority | null): AgentRow {
    const a = mustGet(id);
    if (!by) return a;
    if (!deps.roles.reaches(by, a.department_id)) throw notFound("客服不存在 / agent not found");
    // Within the department, not someone holding more than the actor (e.g. an admin placed there).
    if (by.scope.kind === "department") deps.roles.assertAssignable(by, a.role_id);
    return a;
  }

  /** The department to store: validated; for a department admin always their own. */
  function departmentFor(input: Pick<AgentInput, "department_id">, current: number | null, by: Authority | null): number | null {
    const raw = input.department_id;
    const wanted = raw === undefined ? current : raw === null || raw === "" ? null : Number(raw);
    if (wanted !== null && (!Number.isInteger(wanted) || !deptExists.get(wanted))) throw invalid("部门不存在 / department not found", "department_id");
    if (by?.scope.kind !== "department") return wanted;
    const own = by.scope.departmentId;
    if (own === null) throw new AppError(403, "forbidden", "您不属于任何部门 / you belong to no department", "department_id");
    if (raw !== undefined && wanted !== own) throw new AppError(403, "forbidden", "不能把客服调到其他部门 / you cannot move an agent to another department", "department_id");
    return own;
  }
  const availability = createAvailability((available) => deps.events.publish("agents.availability", { available }));

  function validateProfile(input: AgentInput) {
    const display = String(input.display_name ?? "").trim();
    if (!display || display.length > 64) throw invalid("请填写姓名（最多 64 字） / display name is required (64 characters at most)", "display_name");
    const email = String(input.email ?? "").trim();
    if (email && (!EMAIL.test(email) || email.length > 254)) throw invalid("邮箱格式不正确 / not a valid email address", "email");
    if (!repo.roleExists(String(input.role_id))) throw invalid("角色不存在 / unknown role", "role_id");
    const ips = parseCidrList(String(input.allowed_ips ?? ""));
    if (!ips.ok) throw invalid(`"${ips.bad}" 不是有效的 IP 或 CIDR / is not a valid IP address or CIDR range`, "allowed_ips");
    return { display_name: display, email, role_id: String(input.role_id), allowed_ips: ips.list.map((c) => c.text).join("\n") };
  }

  async function checkNewPassword(agent: { id?: number; username: string }, password: string) {
    const policy = deps.settings.security();
    const problem = deps.settings.passwordProblem(password, agent.username);
    if (problem) throw invalid(problem, "password");
    if (agent.id && policy.password_history > 0) {
      for (const old of repo.recentPasswordHashes(agent.id, policy.password_history)) {
        if (await Bun.password.verify(password, old)) throw invalid(`不能重复使用最近 ${policy.password_history} 次的密码 / cannot reuse one of the last ${policy.password_history} passwords`, "password");
      }
    }
  }

  function mustGet(id: number): AgentRow {
    const a = repo.byId(id);
    if (!a) throw notFound("客服不存在 / agent not found");
    return a;
  }

  return {
    /**
     * Credential state the auth domain keeps on the agent row (TOTP, lockout, last sign-in). Auth
     * owns the rules; these are the only writes it may make here, within its own transactions.
     */
    credentials: {
      setTotp: repo.setTotp,
      claimTotpStep: repo.claimTotpStep,
      lock: repo.lock,
      markLogin: repo.markLogin,
    },
    availability,

    /** The agent's service status (A2); "online" agents with the console open make the widget show online. */
    setServiceStatus(id: number, status: unknown): ServiceStatus {
      if (!SERVICE_STATUSES.includes(status as ServiceStatus)) throw invalid(`状态须为 ${SERVICE_STATUSES.join("、")} 之一 / status must be one of ${SERVICE_STATUSES.join(", ")}`, "status");
      mustGet(id);
      repo.setServiceStatus(id, status as string);
      availability.setStatus(id, status as ServiceStatus);
      deps.events.publish("agent.changed", { agentId: id });
      return status as ServiceStatus;
    },
    get: (id: number) => repo.byId(id),
    /** The agent if the actor may manage it (same department for a department admin), else 404. */
    manageable: (id: number, actor: Actor) => mustManage(id, authorityOf(actor)),
    /** The agents the actor may manage: all, or their own department's. */
    listManageable(actor: Actor): AgentRow[] {
      const by = authorityOf(actor);
      return repo.all().filter((a) => !by || deps.roles.reaches(by, a.department_id));
    },
    /** What the actor may grant (null = unrestricted system actor). */
    authorityOf,
    byUsername: (u: string) => repo.byUsername(u),
    list: () => repo.all(),
    count: () => repo.count(),
    roles: () => repo.roles(),


    async create(input: AgentInput & { password: string; must_change_password?: boolean }, actor: Actor): Promise<AgentRow> {
      const username = String(input.username ?? "").trim();
      if (!USERNAME.test(username)) throw invalid("用户名为 2–32 位字母、数字或 . _ - / username: 2–32 letters, digits, . _ -", "username");
      const profile = validateProfile(input);
      const by = authorityOf(actor);
      if (by) deps.roles.assertAssignable(by, profile.role_id);
      const department = departmentFor(input, null, by);
      await checkNewPassword({ username }, input.password);
      const hash = await hashPassword(input.password);
      const now = deps.clock.now();
      return deps.db.transaction(() => {
        if (repo.byUsername(username)) throw conflict("用户名已存在 / username already taken", "username");
        const row = repo.insert({ username, ...profile, password_hash: hash, must_change_password: input.must_change_password === false ? 0 : 1, now });
        repo.setPassword(row.id, hash, input.must_change_password !== false, now);
        if (department !== null) repo.setDepartment(row.id, department, now);
        deps.audit.record(actor, { action: "agent.create", targetType: "agent", targetId: row.id, detail: { username, role: profile.role_id, display_name: profile.display_name, department_id: department } });
        return repo.byId(row.id)!;
      }).immediate();
    },

    update(id: number, input: Omit<AgentInput, "username">, actor: Actor): AgentRow {
      const by = authorityOf(actor);
      const before = mustManage(id, by);
      const profile = validateProfile({ ...input, username: before.username });
      if (by && profile.role_id !== before.role_id) deps.roles.assertAssignable(by, profile.role_id);
      const department = departmentFor(input, before.department_id, by);
      deps.db.transaction(() => {
        repo.updateProfile({ id, ...profile, now: deps.clock.now() });
        if (department !== before.department_id) repo.setDepartment(id, department, deps.clock.now());
        const changes: Record<string, unknown> = Object.fromEntries(
          (Object.keys(profile) as (keyof typeof profile)[]).filter((k) => profile[k] !== before[k]).map((k) => [k, { from: before[k], to: profile[k] }]),
        );
        if (department !== before.department_id) changes.department_id = { from: before.department_id, to: department };
        deps.audit.record(actor, { action: profile.role_id !== before.role_id ? "agent.role_change" : "agent.update", targetType: "agent", targetId: id, detail: changes });
      }).immediate();
      deps.events.publish("agent.changed", { agentId: id });
      // A narrower IP list or another role must not wait for the old sessions to expire.
      if (profile.role_id !== before.role_id || profile.allowed_ips !== before.allowed_ips || department !== before.department_id) deps.events.publish("agent.sessions_ended", { agentId: id, reason: "access_changed" });
      return repo.byId(id)!;
    },

    setDisabled(id: number, disabled: boolean, actor: Actor) {
      const agent = mustManage(id, authorityOf(actor));
      if (disabled && actor.id === id) throw invalid("不能停用自己的账号 / you cannot disable your own account", "disabled");
      deps.db.transaction(() => {
        repo.setDisabled(id, disabled, deps.clock.now());
        deps.audit.record(actor, { action: disabled ? "agent.disable" : "agent.enable", targetType: "agent", targetId: id, detail: { username: agent.username } });
      }).immediate();
      deps.events.publish("agent.changed", { agentId: id });
      if (disabled) deps.events.publish("agent.sessions_ended", { agentId: id, reason: "disabled" });
    },

    /** Sets a temporary password the agent must change at next sign-in; returns it once. */
    async resetPassword(id: number, actor: Actor): Promise<string> {
      const agent = mustManage(id, authorityOf(actor));
      const temp = temporaryPassword();
      const hash = await hashPassword(temp);
      deps.db.transaction(() => {
        repo.setPassword(id, hash, true, deps.clock.now());
        deps.audit.record(actor, { action: "agent.password_reset", targetType: "agent", targetId: id, detail: { username: agent.username } });
      }).immediate();
      deps.events.publish("agent.sessions_ended", { agentId: id, reason: "password_reset" });
      return temp;
    },

    /** Reset by an operator with shell access (CLI): no policy bypass, but no old password needed. */
    async setPassword(id: number, password: string, opts: { mustChange: boolean; actor: Actor; action: string }) {
      const agent = mustGet(id);
      await checkNewPassword(agent, password);
      const hash = await hashPassword(password);
      deps.db.transaction(() => {
        repo.setPassword(id, hash, opts.mustChange, deps.clock.now());
        deps.audit.record(opts.actor, { action: opts.action, targetType: "agent", targetId: id, detail: { username: agent.username } });
      }).immediate();
      deps.events.publish("agent.password_changed", { agentId: id });
      deps.events.publish("agent.sessions_ended", { agentId: id, reason: "password_changed" });
    },

    async changeOwnPassword(id: number, current: string, next: string, actor: Actor) {
      const agent = mustGet(id);
      if (!(await Bun.password.verify(current, agent.password_hash))) throw invalid("当前密码不正确 / current password is wrong", "current_password");
      if (current === next) throw invalid("新密码不能与当前密码相同 / the new password must differ from the current one", "password");
      await this.setPassword(id, next, { mustChange: false, actor, action: "auth.password_change" });
    },

    unlock(id: number, actor: Actor) {
      const agent = mustManage(id, authorityOf(actor));
      deps.db.transaction(() => {
        repo.resetFailures(id, deps.clock.now());
        deps.audit.record(actor, { action: "agent.unlock", targetType: "agent", targetId: id, detail: { username: agent.username } });
      }).immediate();
    },

    passwordExpired(agent: AgentRow): boolean {
      const days = deps.settings.security().password_max_age_days;
      return days > 0 && deps.clock.now() - agent.password_changed_at > days * 86_400_000;
    },
  };
}
export type AgentsService = ReturnType<typeof createAgentsService>;
