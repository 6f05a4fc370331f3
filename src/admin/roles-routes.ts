import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError, notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import type { Authority } from "../auth/roles.ts";
import { builtinRolePage, editRolePage, newRolePage, roleListPage, roleValues, type RoleFormState } from "./roles-pages.ts";
import { actorOf, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  created: "已创建角色。 Role created.",
  saved: "已保存，持有该角色的客服下一次请求即按新权限。 Saved; its holders get the new permissions on their next request.",
  deleted: "已删除角色。 Role deleted.",
};
const noticeFor = (code: string | undefined) => (code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);

/** An error the form shows at a field: validation (422), taken id or role in use (409), escalation (403). */
function formError(e: unknown): { status: number; field: string; message: string } | null {
  return e instanceof AppError && [403, 409, 422].includes(e.status) && e.field ? { status: e.status, field: e.field, message: e.message } : null;
}

function posted(c: AdminScope) {
  const raw = (c.body as Record<string, unknown> | undefined)?.permissions;
  const permissions = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((p) => String(p).slice(0, 64)).slice(0, 200);
  const values = { id: field(c.body, "id", 64), name: field(c.body, "name", 200), description: field(c.body, "description", 1000), scope: field(c.body, "scope", 20) };
  return { values, permissions, input: { ...values, permissions } };
}

/** /admin/roles (permission roles.manage): storage and rules live in src/auth/roles.ts. */
export function roleRoutes(s: Services) {
  const authority = (c: AdminScope): Authority => ({ permissions: c.principal.permissions, scope: c.principal.scope });
  const param = (c: AdminScope) => {
    const id = c.params.id ?? "";
    return /^[a-z0-9_-]{1,32}$/.test(id) ? id : (() => { throw notFound("角色不存在 / role not found"); })();
  };
  const stateOf = (p: ReturnType<typeof posted>, errors: Record<string, string>): RoleFormState => ({ values: p.values, errors, permissions: p.permissions });

  return new Elysia({ name: "admin-roles" })
    .get("/admin/roles", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(roleListPage({ principal: c.principal, roles: s.roles.list(), notice: noticeFor(c.query.done) }));
    })
    .get("/admin/roles/new", (ctx) => htmlResponse(newRolePage({ principal: scopeOf(ctx).principal, state: { values: { scope: "all" }, errors: {}, permissions: [] } })))
    .post("/admin/roles", (ctx) => {
      const c = scopeOf(ctx);
      const p = posted(c);
      try {
        const r = s.roles.create(p.input, actorOf(c), authority(c));
        return see(`/admin/roles/${r.id}?done=created`);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(newRolePage({ principal: c.principal, state: stateOf(p, { [err.field]: err.message }) }), err.status);
      }
    })
    .get("/admin/roles/:id", (ctx) => {
      const c = scopeOf(ctx);
      const role = s.roles.mustGet(param(c));
      if (role.builtin) return htmlResponse(builtinRolePage({ principal: c.principal, role }));
      return htmlResponse(editRolePage({ principal: c.principal, role, state: roleValues(role), notice: noticeFor(c.query.done) }));
    })
    .post("/admin/roles/:id", (ctx) => {
      const c = scopeOf(ctx);
      const role = s.roles.mustGet(param(c));
      const p = posted(c);
      try {
        s.roles.update(role.id, p.input, actorOf(c), authority(c));
      } catch (e) {
        const err = formError(e);
        if (!err || role.builtin) throw e;
        return postAnswer(editRolePage({ principal: c.principal, role, state: stateOf(p, { [err.field]: err.message }) }), err.status);
      }
      return see(`/admin/roles/${role.id}?done=saved`);
    })
    .post("/admin/roles/:id/delete", (ctx) => {
      const c = scopeOf(ctx);
      const role = s.roles.mustGet(param(c));
      try {
        s.roles.remove(role.id, actorOf(c));
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 409 || role.builtin) throw e;
        return postAnswer(editRolePage({ principal: c.principal, role, state: roleValues(role), deleteError: e.message }), 409);
      }
      return see("/admin/roles?done=deleted");
    });
}
