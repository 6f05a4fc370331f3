import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { noticeReadsPage, noticesPage } from "./notices-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";
import { notFound } from "../platform/errors.ts";

const SENT: Record<string, string> = { sent: "公告已发送。 Notice sent." };

/** Every value of a multi-select, whether the form parser gave one string or several. */
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : []).slice(0, 500);

/** /admin/notices: send a notice and see read status (notices.send). */
export function noticeRoutes(s: Services) {
  function render(c: AdminScope, state: Parameters<typeof noticesPage>[0]["state"], notice?: string) {
    const items = s.notices.recent(50).map((n) => {
      const audience = s.notices.audience(n);
      const reads = s.notices.reads({ id: c.principal.agent.id, maySend: true }, n.id);
      return { notice: n, read: reads.read.length, total: audience.length };
    });
    return noticesPage({
      principal: c.principal, state, items, notice,
      groups: s.groups.list().map((g) => ({ id: g.id, name: g.name })),
      agents: s.agents.list().filter((a) => !a.disabled).map((a) => ({ id: a.id, name: `${a.display_name} (${a.username})` })),
    });
  }

  return new Elysia({ name: "admin-notices" })
    .get("/admin/notices", (ctx) => {
      const c = scopeOf(ctx);
      const done = c.query.done;
      return htmlResponse(render(c, { values: { audience_kind: "all" }, errors: {}, multi: {} }, done && Object.hasOwn(SENT, done) ? SENT[done] : undefined));
    })
    .post("/admin/notices", (ctx) => {
      const c = scopeOf(ctx);
      const body = c.body as Record<string, unknown> | undefined;
      const values = {
        title: field(c.body, "title", 300), body: field(c.body, "body", 20_000), audience_kind: field(c.body, "audience_kind", 20),
        starts_at: field(c.body, "starts_at", 40), ends_at: field(c.body, "ends_at", 40),
      };
      const multi = { group_ids: many(body?.group_ids), agent_ids: many(body?.agent_ids) };
      const ids = values.audience_kind === "group" ? multi.group_ids : values.audience_kind === "agents" ? multi.agent_ids : [];
      try {
        s.notices.create(c.principal.agent, actorOf(c), { ...values, audience_ids: ids });
        return see("/admin/notices?done=sent");
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        // The audience ids come from one of two selects: show the error on the one in use.
        const f = e.field === "audience_ids" ? (values.audience_kind === "group" ? "group_ids" : "agent_ids") : (e.field ?? "title");
        return postAnswer(render(c, { values, errors: { [f]: e.message }, multi }), 422);
      }
    })
    .get("/admin/notices/:id", (ctx) => {
      const c = scopeOf(ctx);
      const n = s.notices.get(idParam(c));
      if (!n) throw notFound("公告不存在 / notice not found");
      const r = s.notices.reads({ id: c.principal.agent.id, maySend: true }, n.id);
      return htmlResponse(noticeReadsPage({ principal: c.principal, notice: n, read: r.read, unread: r.unread }));
    });
}
