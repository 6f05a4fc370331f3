import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import type { FieldState } from "./forms.ts";
import { departmentListPage, departmentValues, editDepartmentPage, newDepartmentPage } from "./departments-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  created: "已创建部门。 Department created.",
  saved: "已保存。 Saved.",
  deleted: "已删除部门。 Department deleted.",
};
const noticeFor = (code: string | undefined) => (code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);

/** A validation error from the departments service (422, or 409 for a taken name), or null. */
function formError(e: unknown): { field: string; message: string } | null {
  return e instanceof AppError && (e.status === 422 || e.status === 409) ? { field: e.field ?? "name", message: e.message } : null;
}

const posted = (c: AdminScope) => ({ name: field(c.body, "name", 200), position: field(c.body, "position", 20) });

/** /admin/departments (permission departments.manage); the service validates and audits. */
export function departmentRoutes(s: Services) {
  const memberCount = (id: number) => s.agents.list().filter((a) => a.department_id === id).length;
  const edit = (c: AdminScope, id: number, state?: FieldState, notice?: string) => {
    const d = s.departments.mustGet(id);
    return editDepartmentPage({ principal: c.principal, department: d, members: memberCount(id), state: state ?? departmentValues(d), notice });
  };

  return new Elysia({ name: "admin-departments" })
    .get("/admin/departments", (ctx) => {
      const c = scopeOf(ctx);
      const agents = s.agents.list();
      const groups = s.groups.list();
      const departments = s.departments.list().map((department) => ({
        department,
        members: agents.filter((a) => a.department_id === department.id).length,
        groups: groups.filter((g) => g.department_id === department.id).length,
      }));
      return htmlResponse(departmentListPage({ principal: c.principal, departments, notice: noticeFor(c.query.done) }));
    })
    .get("/admin/departments/new", (ctx) => htmlResponse(newDepartmentPage({ principal: scopeOf(ctx).principal, state: { values: { position: "0" }, errors: {} } })))
    .post("/admin/departments", (ctx) => {
      const c = scopeOf(ctx);
      const values = posted(c);
      try {
        const d = s.departments.create(values, actorOf(c));
        return see(`/admin/departments/${d.id}?done=created`);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(newDepartmentPage({ principal: c.principal, state: { values, errors: { [err.field]: err.message } } }), 422);
      }
    })
    .get("/admin/departments/:id", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(edit(c, idParam(c), undefined, noticeFor(c.query.done)));
    })
    .post("/admin/departments/:id", (ctx) => {
      const c = scopeOf(ctx);
      const id = s.departments.mustGet(idParam(c)).id;
      const values = posted(c);
      try {
        s.departments.update(id, values, actorOf(c));
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(edit(c, id, { values, errors: { [err.field]: err.message } }), 422);
      }
      return see(`/admin/departments/${id}?done=saved`);
    })
    .post("/admin/departments/:id/delete", (ctx) => {
      const c = scopeOf(ctx);
      s.departments.remove(idParam(c), actorOf(c));
      return see("/admin/departments?done=deleted");
    });
}
