import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { AgentRow } from "../agents/service.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { emptyState, type FieldState } from "./forms.ts";
import { agentListPage, editAgentPage, newAgentPage, tempPasswordPage, type DepartmentChoice } from "./agents-pages.ts";
import { actorOf, idParam, noticeFor, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const PROFILE_FIELDS = ["display_name", "email", "role_id", "allowed_ips", "department_id"] as const;

/** A form error from a service (422 validation, 409 taken username, 403 refused grant at a field), or null. */
function formError(e: unknown, fallbackField: string): { status: number; field: string; message: string } | null {
  if (e instanceof AppError && (e.status === 422 || e.status === 409)) return { status: 422, field: e.field ?? fallbackField, message: e.message };
  if (e instanceof AppError && e.status === 403 && e.field) return { status: 403, field: e.field, message: e.message };
  return null;
}

const profileValues = (a: AgentRow): Record<string, string> => ({
  display_name: a.display_name, email: a.email, role_id: a.role_id, allowed_ips: a.allowed_ips, department_id: a.department_id === null ? "" : String(a.department_id),
});

/** The posted department: absent (a disabled, fixed field) keeps it; the service enforces the rules. */
const postedDepartment = (c: AdminScope) => ((c.body as Record<string, unknown> | undefined)?.department_id === undefined ? undefined : field(c.body, "department_id", 20));

const ownDepartment = (c: AdminScope) => (c.principal.scope.kind === "department" && c.principal.scope.departmentId !== null ? String(c.principal.scope.departmentId) : "");

/**
 * /admin/agents: list, create, edit, disable/enable, reset password or TOTP, unlock. A department
 * admin sees and changes only their own department's agents; the agents service enforces it.
 */
export function agentRoutes(s: Services) {
  const policyText = () => {
    const p = s.settings.security();
    return `密码至少 ${p.password_min_length} 位，包含大写、小写、数字、符号中至少 ${p.password_min_classes} 类。 At least ${p.password_min_length} characters with ${p.password_min_classes} of upper case, lower case, digits, symbols.`;
  };
  // Out of a department admin's reach is "not found", like an id that does not exist.
  const manageable = (c: AdminScope, id: number) => s.agents.manageable(id, actorOf(c));
  const departments = (c: AdminScope): DepartmentChoice => ({ list: s.departments.list(), fixed: c.principal.scope.kind === "department" });
  /** Roles the admin may grant (nobody is offered what they could not give), plus the agent's current one. */
  const roles = (c: AdminScope, current?: string) => {
    const by = { permissions: c.principal.permissions, scope: c.principal.scope };
    return s.agents.roles().filter((r) => {
      if (r.id === current) return true;
      try {
        s.roles.assertAssignable(by, r.id);
        return true;
      } catch {
        return false;
      }
    });
  };

  function renderEdit(c: AdminScope, agent: AgentRow, o: { state?: FieldState; notice?: string; actionError?: string } = {}) {
    return editAgentPage({
      principal: c.principal, agent, roles: roles(c, agent.role_id), departments: departments(c), now: s.clock.now(),
      state: o.state ?? emptyState(profileValues(agent)), notice: o.notice, actionError: o.actionError,
    });
  }

  /** Runs an account action; a refused action (e.g. disabling yourself) redraws the page with the reason. */
  async function action(ctx: unknown, run: (c: AdminScope, id: number) => unknown, notice: string) {
    const c = scopeOf(ctx);
    const id = idParam(c);
    manageable(c, id);
    try {
      await run(c, id);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 422) throw e;
      return postAnswer(renderEdit(c, manageable(c, id), { actionError: e.message }), 422);
    }
    return see(`/admin/agents/${id}?done=${notice}`);
  }

  return new Elysia({ name: "admin-agents" })
    .get("/admin/agents", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(agentListPage({ principal: c.principal, agents: s.agents.listManageable(actorOf(c)), roles: s.agents.roles(), departments: s.departments.list(), now: s.clock.now(), notice: noticeFor(c.query.done) }));
    })
    .get("/admin/agents/new", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(newAgentPage({ principal: c.principal, roles: roles(c), departments: departments(c), state: emptyState({ role_id: "agent", department_id: ownDepartment(c) }), policy: policyText() }));
    })
    .post("/admin/agents", async (ctx) => {
      const c = scopeOf(ctx);
      const values: Record<string, string> = { username: field(c.body, "username", 64) };
      for (const k of PROFILE_FIELDS) values[k] = field(c.body, k, k === "allowed_ips" ? 4000 : 300);
      const password = field(c.body, "password", 256);
      try {
        const agent = await s.agents.create({ username: values.username, display_name: values.display_name, email: values.email, role_id: values.role_id, allowed_ips: values.allowed_ips, department_id: postedDepartment(c), password, must_change_password: true }, actorOf(c));
        return see(`/admin/agents/${agent.id}?done=created`);
      } catch (e) {
        const err = formError(e, "username");
        if (!err) throw e;
        // The password is never echoed back into the page.
        const state: FieldState = { values: { ...values, department_id: postedDepartment(c) ?? ownDepartment(c) }, errors: { [err.field]: err.message } };
        return postAnswer(newAgentPage({ principal: c.principal, roles: roles(c), departments: departments(c), state, policy: policyText() }), err.status);
      }
    })
    .get("/admin/agents/:id", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(renderEdit(c, manageable(c, idParam(c)), { notice: noticeFor(c.query.done) }));
    })
    .post("/admin/agents/:id", (ctx) => {
      const c = scopeOf(ctx);
      const agent = manageable(c, idParam(c));
      const values: Record<string, string> = {};
      for (const k of PROFILE_FIELDS) values[k] = field(c.body, k, k === "allowed_ips" ? 4000 : 300);
      const department = postedDepartment(c);
      try {
        s.agents.update(agent.id, { display_name: values.display_name, email: values.email, role_id: values.role_id, allowed_ips: values.allowed_ips, department_id: department }, actorOf(c));
      } catch (e) {
        const err = formError(e, "display_name");
        if (!err) throw e;
        const shown = { ...values, department_id: department ?? profileValues(agent).department_id };
        return postAnswer(renderEdit(c, agent, { state: { values: shown, errors: { [err.field]: err.message } } }), err.status);
      }
      return see(`/admin/agents/${agent.id}?done=saved`);
    })
    .post("/admin/agents/:id/disable", (ctx) => action(ctx, (c, id) => s.agents.setDisabled(id, true, actorOf(c)), "disabled"))
    .post("/admin/agents/:id/enable", (ctx) => action(ctx, (c, id) => s.agents.setDisabled(id, false, actorOf(c)), "enabled"))
    .post("/admin/agents/:id/reset-totp", (ctx) => action(ctx, (c, id) => (manageable(c, id), s.auth.totp.reset(id, actorOf(c))), "totp_reset"))
    .post("/admin/agents/:id/unlock", (ctx) => action(ctx, (c, id) => s.agents.unlock(id, actorOf(c)), "unlocked"))
    .post("/admin/agents/:id/reset-password", async (ctx) => {
      const c = scopeOf(ctx);
      const agent = manageable(c, idParam(c));
      const password = await s.agents.resetPassword(agent.id, actorOf(c));
      // Answered directly (not redirected) so the password never appears in a URL, and never stored.
      return postAnswer(tempPasswordPage({ principal: c.principal, agent, password }));
    });
}
