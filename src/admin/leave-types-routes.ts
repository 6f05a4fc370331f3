import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { emptyState } from "./forms.ts";
import { leaveTypesPage, type LeaveTypesPageState } from "./leave-types-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  added: "已添加留言类型。 Type added.",
  saved: "已保存。 Saved.",
};

const validation = (e: unknown) => (e instanceof AppError && e.status === 422 ? e : null);

/** /admin/leave-types: leave-message types (H2): list, add, rename, reorder, disable and enable (settings.manage). */
export function leaveTypeRoutes(s: Services) {
  const render = (c: AdminScope, state: LeaveTypesPageState, status = 200, notice?: string) => {
    const body = leaveTypesPage({ principal: c.principal, types: s.leave.types.list(), state, notice });
    return status === 200 ? htmlResponse(body) : postAnswer(body, status);
  };

  return new Elysia({ name: "admin-leave-types" })
    .get("/admin/leave-types", (ctx) => {
      const c = scopeOf(ctx);
      const code = c.query.done;
      return render(c, { add: emptyState() }, 200, code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);
    })
    .post("/admin/leave-types", (ctx) => {
      const c = scopeOf(ctx);
      const name = field(c.body, "name", 200);
      try {
        s.leave.types.create(actorOf(c), name);
      } catch (e) {
        const err = validation(e);
        if (!err) throw e;
        return render(c, { add: { values: { name }, errors: { name: err.message } } }, 422);
      }
      return see("/admin/leave-types?done=added");
    })
    .post("/admin/leave-types/:id", (ctx) => {
      const c = scopeOf(ctx);
      const id = idParam(c);
      const name = field(c.body, "name", 200);
      try {
        s.leave.types.rename(actorOf(c), id, name);
      } catch (e) {
        const err = validation(e);
        if (!err) throw e;
        return render(c, { add: emptyState(), rename: { id, value: name, message: err.message } }, 422);
      }
      return see("/admin/leave-types?done=saved");
    })
    .post("/admin/leave-types/:id/move", (ctx) => {
      const c = scopeOf(ctx);
      s.leave.types.move(actorOf(c), idParam(c), field(c.body, "direction", 10) === "up" ? "up" : "down");
      return see("/admin/leave-types?done=saved");
    })
    .post("/admin/leave-types/:id/disable", (ctx) => {
      const c = scopeOf(ctx);
      s.leave.types.setDisabled(actorOf(c), idParam(c), true);
      return see("/admin/leave-types?done=saved");
    })
    .post("/admin/leave-types/:id/enable", (ctx) => {
      const c = scopeOf(ctx);
      s.leave.types.setDisabled(actorOf(c), idParam(c), false);
      return see("/admin/leave-types?done=saved");
    });
}
