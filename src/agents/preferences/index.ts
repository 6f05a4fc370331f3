import { Elysia } from "elysia";
import type { Services } from "../../services.ts";
import type { RequestScope } from "../../auth/model.ts";

/** The signed-in agent's own console preferences (policy "session": only ever one's own). */
export function preferencesRoutes(s: Services) {
  const me = (ctx: unknown) => (ctx as RequestScope).principal!.agent.id;
  return new Elysia({ name: "preferences-routes" })
    .get("/api/me/preferences", (ctx) => ({ preferences: s.preferences.get(me(ctx)) }))
    .put("/api/me/preferences", (ctx) => ({ preferences: s.preferences.update(me(ctx), (ctx as unknown as { body: unknown }).body) }));
}
