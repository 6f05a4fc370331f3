import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { AppError } from "../platform/errors.ts";
import { htmlResponse } from "../platform/page.ts";
import { emptyState } from "./forms.ts";
import { topicsPage, type TopicsPageState } from "./topics-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf, see, type AdminScope } from "./respond.ts";

const NOTICES: Record<string, string> = {
  added: "已添加话题。 Topic added.",
  saved: "已保存。 Saved.",
};

const validation = (e: unknown) => (e instanceof AppError && e.status === 422 ? e : null);

/** /admin/topics: list, add, rename, reorder, disable and enable chat topics (settings.manage). */
export function topicRoutes(s: Services) {
  const render = (c: AdminScope, state: TopicsPageState, status = 200, notice?: string) => {
    const body = topicsPage({ principal: c.principal, topics: s.care.topics.list(), state, notice });
    return status === 200 ? htmlResponse(body) : postAnswer(body, status);
  };

  return new Elysia({ name: "admin-topics" })
    .get("/admin/topics", (ctx) => {
      const c = scopeOf(ctx);
      const code = c.query.done;
      return render(c, { add: emptyState() }, 200, code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);
    })
    .post("/admin/topics", (ctx) => {
      const c = scopeOf(ctx);
      const name = field(c.body, "name", 200);
      try {
        s.care.topics.create(actorOf(c), name);
      } catch (e) {
        const err = validation(e);
        if (!err) throw e;
        return render(c, { add: { values: { name }, errors: { name: err.message } } }, 422);
      }
      return see("/admin/topics?done=added");
    })
    .post("/admin/topics/:id", (ctx) => {
      const c = scopeOf(ctx);
      const id = idParam(c);
      const name = field(c.body, "name", 200);
      try {
        s.care.topics.rename(actorOf(c), id, name);
      } catch (e) {
        const err = validation(e);
        if (!err) throw e;
        return render(c, { add: emptyState(), rename: { id, value: name, message: err.message } }, 422);
      }
      return see("/admin/topics?done=saved");
    })
    .post("/admin/topics/:id/move", (ctx) => {
      const c = scopeOf(ctx);
      s.care.topics.move(actorOf(c), idParam(c), field(c.body, "direction", 10) === "up" ? "up" : "down");
      return see("/admin/topics?done=saved");
    })
    .post("/admin/topics/:id/disable", (ctx) => {
      const c = scopeOf(ctx);
      s.care.topics.setDisabled(actorOf(c), idParam(c), true);
      return see("/admin/topics?done=saved");
    })
    .post("/admin/topics/:id/enable", (ctx) => {
      const c = scopeOf(ctx);
      s.care.topics.setDisabled(actorOf(c), idParam(c), false);
      return see("/admin/topics?done=saved");
    });
}
