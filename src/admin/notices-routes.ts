import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { agentInScope, departmentInScope } from "../auth/permissions.ts";
import { AppError, notFound } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { noticeReadsPage, noticesPage, PICKER, type NoticeFormState } from "./notices-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const SENT: Record<string, string> = { sent: "公告已发送。 Notice sent." };

/** Every value of a multi-select, whether the form parser gave one string or several. */
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : []).slice(0, 500);

/**
 * /admin/notices (notices.send): send a notice and see who has read it. A department admin's
 * pickers offer only their own department, its groups and its agents; the service enforces
 * the same rule (403 naming the field) whatever the form sends.
 */
export function noticeRoutes(s: Services) {
  const viewer = (c: AdminScope) => ({ id: c.principal.agent.id, maySend: true, scope: c.principal.scope });

  function pickers(c: AdminScope) {
    const scope = c.principal.scope;
    const deptName = new Map(s.departments.list().map((d) => [d.id, d.name]));
    return {
      mayAll: scope.kind === "all",
      departments: s.departments.list().filter((d) => departmentInScope(scope, d.id)).map((d) => ({ value: String(d.id), label: d.name })),
      groups: s.groups.list().filter((g) => departmentInScope(scope, g.department_id)).map((g) => ({ value: String(g.id), label: g.name })),
      agents: s.agents.list().filter((a) => !a.disabled && agentInScope(scope, a)).map((a) => {
        const dept = a.department_id !== null ? deptName.get(a.department_id) : undefined;
        return { value: String(a.id), label: `${a.display_name} (${a.username})${dept ? ` · ${dept}` : ""}` };
      }),
    };
  }

  function render(c: AdminScope, state: NoticeFormState, notice?: string) {
    const items = s.notices.recent(50, viewer(c)).map((n) => {
      const reads = s.notices.reads(viewer(c), n.id);
      return { notice: n, read: reads.read.length, total: reads.read.length + reads.unread.length };
    });
    return noticesPage({ principal: c.principal, state, items, notice, ...pickers(c) });
  }

  /** Names of the notice's departments, groups or agents, for the reads page. */
  function audienceNames(kind: string, ids: number[]): string[] {
    const name = kind === "department" ? (id: number) => s.departments.get(id)?.name
      : kind === "group" ? (id: number) => s.groups.get(id)?.name
      : (id: number) => s.agents.get(id)?.display_name;
    return ids.map((id) => name(id) ?? `#${id}`);
  }

  return new Elysia({ name: "admin-notices" })
    .get("/admin/notices", (ctx) => {
      const c = scopeOf(ctx);
      const done = c.query.done;
      const kind = c.principal.scope.kind === "all" ? "all" : "department";
      return htmlResponse(render(c, { values: { audience_kind: kind }, errors: {}, multi: {} }, done && Object.hasOwn(SENT, done) ? SENT[done] : undefined));
    })
    .post("/admin/notices", (ctx) => {
      const c = scopeOf(ctx);
      const body = c.body as Record<string, unknown> | undefined;
      const values = {
        title: field(c.body, "title", 300), body: field(c.body, "body", 20_000), audience_kind: field(c.body, "audience_kind", 20),
        starts_at: field(c.body, "starts_at", 40), ends_at: field(c.body, "ends_at", 40),
      };
      const multi = { department_ids: many(body?.department_ids), group_ids: many(body?.group_ids), agent_ids: many(body?.agent_ids) };
      const picker = PICKER[values.audience_kind] as keyof typeof multi | undefined;
      const ids = picker ? multi[picker] : [];
      try {
        s.notices.create(c.principal.agent, actorOf(c), { ...values, audience_ids: ids }, c.principal.scope);
        return see("/admin/notices?done=sent");
      } catch (e) {
        if (!(e instanceof AppError) || !(e.status === 422 || (e.status === 403 && e.field))) throw e;
        // The audience ids come from one of three pickers: show the error on the one in use.
        const f = e.field === "audience_ids" ? (picker ?? "audience_kind") : (e.field ?? "title");
        return postAnswer(render(c, { values, errors: { [f]: e.message }, multi }), e.status);
      }
    })
    .get("/admin/notices/:id", (ctx) => {
      const c = scopeOf(ctx);
      const n = s.notices.get(idParam(c));
      if (!n) throw notFound("公告不存在 / notice not found");
      const r = s.notices.reads(viewer(c), n.id);
      return htmlResponse(noticeReadsPage({ principal: c.principal, notice: n, audience: audienceNames(n.audience_kind, r.notice.audienceIds), read: r.read, unread: r.unread }));
    });
}
