import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError, notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { editGroupPage, groupListPage, groupValues, newGroupPage, type GroupFormState } from "./groups-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  created: "已创建分组。 Group created.",
  saved: "已保存。 Saved.",
  deleted: "已删除分组。 Group deleted.",
};
const noticeFor = (code: string | undefined) => (code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);

/** A validation error from the groups service (422, or 409 for a taken name), or null. */
function formError(e: unknown): { field: string; message: string } | null {
  return e instanceof AppError && (e.status === 422 || e.status === 409) ? { field: e.field ?? "name", message: e.message } : null;
}

/** The form as posted: unticked boxes are absent, one ticked box is a string, several an array. */
function posted(c: AdminScope) {
  const raw = (c.body as Record<string, unknown> | undefined)?.member_ids;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).slice(0, 1000);
  const values = { name: field(c.body, "name", 200), position: field(c.body, "position", 20), default_agent_id: field(c.body, "default_agent_id", 20), department_id: field(c.body, "department_id", 20) };
  return { values, memberIds: list, input: { ...values, member_ids: list } };
}

/** /admin/groups: skill groups for transfer and routing (permission departments.manage). */
export function groupRoutes(s: Services) {
  const mustGet = (id: number) => s.groups.get(id) ?? (() => { throw notFound("分组不存在 / group not found"); })();
  const stateOf = (p: ReturnType<typeof posted>, errors: Record<string, string>): GroupFormState => ({ values: p.values, errors, members: p.memberIds.map(Number) });

  return new Elysia({ name: "admin-groups" })
    .get("/admin/groups", (ctx) => {
      const c = scopeOf(ctx);
      const groups = s.groups.list().map((group) => ({
        group,
        members: s.groups.memberIds(group.id).map((id) => s.agents.get(id)!).filter(Boolean),
        defaultAgent: group.default_agent_id ? s.agents.get(group.default_agent_id) : null,
      }));
      return htmlResponse(groupListPage({ principal: c.principal, groups, notice: noticeFor(c.query.done) }));
    })
    .get("/admin/groups/new", (ctx) => {
      const c = scopeOf(ctx);
      return htmlResponse(newGroupPage({ principal: c.principal, agents: s.agents.list(), departments: s.departments.list(), state: { values: { position: "0" }, errors: {}, members: [] } }));
    })
    .post("/admin/groups", (ctx) => {
      const c = scopeOf(ctx);
      const p = posted(c);
      try {
        const g = s.groups.create(actorOf(c), p.input);
        return see(`/admin/groups/${g.id}?done=created`);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(newGroupPage({ principal: c.principal, agents: s.agents.list(), departments: s.departments.list(), state: stateOf(p, { [err.field]: err.message }) }), 422);
      }
    })
    .get("/admin/groups/:id", (ctx) => {
      const c = scopeOf(ctx);
      const g = mustGet(idParam(c));
      return htmlResponse(editGroupPage({ principal: c.principal, group: g, agents: s.agents.list(), departments: s.departments.list(), state: groupValues(g, s.groups.memberIds(g.id)), notice: noticeFor(c.query.done) }));
    })
    .post("/admin/groups/:id", (ctx) => {
      const c = scopeOf(ctx);
      const g = mustGet(idParam(c));
      const p = posted(c);
      try {
        s.groups.update(actorOf(c), g.id, p.input);
      } catch (e) {
        const err = formError(e);
        if (!err) throw e;
        return postAnswer(editGroupPage({ principal: c.principal, group: g, agents: s.agents.list(), departments: s.departments.list(), state: stateOf(p, { [err.field]: err.message }) }), 422);
      }
      return see(`/admin/groups/${g.id}?done=saved`);
    })
    .post("/admin/groups/:id/delete", (ctx) => {
      const c = scopeOf(ctx);
      s.groups.remove(actorOf(c), mustGet(idParam(c)).id);
      return see("/admin/groups?done=deleted");
    });
}
