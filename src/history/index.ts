import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import type { RequestScope } from "../auth/model.ts";
import type { Actor } from "../audit/service.ts";
import { notFound } from "../platform/errors.ts";

type Ctx = RequestScope & { params: Record<string, string>; query: Record<string, string | undefined>; body: unknown };

const toId = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound();
  return n;
};
const bodyOf = (c: Ctx) => (c.body && typeof c.body === "object" ? (c.body as Record<string, unknown>) : {});

/**
 * Chat history in the console (H1): the list with filters and full-text search, a chat's
 * detail, re-evaluation and notes. The guard admits holders of any history permission
 * (ROUTE_POLICY + ROUTE_ANY_OF); the service applies the scope (own / department / all).
 */
export function historyRoutes(s: Services) {
  const actor = (c: Ctx): Actor => ({ id: c.principal!.agent.id, name: c.principal!.agent.username, ip: c.ip });

  return new Elysia({ name: "history-routes" })
    .get("/api/history", (ctx) => {
      const c = ctx as unknown as Ctx;
      return s.history.list(c.principal!, c.query);
    })
    // What the filter form offers: within a department scope, that department's sites, agents and groups.
    .get("/api/history/options", (ctx) => {
      const c = ctx as unknown as Ctx;
      const scope = s.history.scopeOf(c.principal!);
      const dept = scope.kind === "department" ? scope.departmentId : null;
      const inDept = (d: number | null) => dept === null || d === dept;
      return {
        sites: s.sites.servedBy(dept).map((x) => ({ id: x.id, name: x.name })),
        agents: s.agents.list().filter((a) => inDept(a.department_id)).map((a) => ({ id: a.id, name: a.display_name, disabled: a.disabled === 1 })),
        groups: s.groups.list().filter((g) => inDept(g.department_id)).map((g) => ({ id: g.id, name: g.name })),
        topics: s.care.topics.list().map((t) => ({ id: t.id, name: t.name, disabled: t.disabled === 1 })),
      };
    })
    .get("/api/history/:id", (ctx) => {
      const c = ctx as unknown as Ctx;
      return s.history.detail(c.principal!, toId(c.params.id));
    })
    .put("/api/history/:id/evaluation", (ctx) => {
      const c = ctx as unknown as Ctx;
      const b = bodyOf(c);
      return { evaluation: s.history.saveEvaluation(c.principal!, actor(c), toId(c.params.id), { topicId: b.topicId, verdict: b.verdict, note: b.note }) };
    })
    .post("/api/history/:id/notes", (ctx) => {
      const c = ctx as unknown as Ctx;
      return { note: s.history.addNote(c.principal!, actor(c), toId(c.params.id), bodyOf(c).body) };
    });
}
