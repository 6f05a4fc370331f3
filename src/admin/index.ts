import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { htmlResponse } from "../platform/page.ts";
import { overviewPage } from "./overview.ts";
import { agentRoutes } from "./agents-routes.ts";
import { securityRoutes } from "./security-routes.ts";
import { logRoutes } from "./logs-routes.ts";
import { siteRoutes } from "./sites-routes.ts";
import { siteSettingsRoutes } from "./site-settings-routes.ts";
import { groupRoutes } from "./groups-routes.ts";
import { topicRoutes } from "./topics-routes.ts";
import { actorOf, scopeOf } from "./respond.ts";
import { cannedRoutes } from "./canned-routes.ts";
import { noticeRoutes } from "./notices-routes.ts";
import { departmentRoutes } from "./departments-routes.ts";
import { roleRoutes } from "./roles-routes.ts";
import { routingRoutes } from "./routing-routes.ts";
import { blockRoutes } from "./blocks-routes.ts";
import { siteIdentityRoutes } from "./site-identity-routes.ts";
import { invitationRuleRoutes } from "./invitation-rules-routes.ts";
import { siteImageAdminRoutes } from "./site-images-routes.ts";
import { notifyRoutes } from "./notify-routes.ts";
import { leaveTypeRoutes } from "./leave-types-routes.ts";

/**
 * The admin shell: the overview plus one route plugin per section. Access is decided by the
 * global guard from ROUTE_POLICY (src/http/policy.ts) before any handler here runs.
 */
export function adminRoutes(s: Services) {
  return new Elysia({ name: "admin-routes" })
    .get("/admin", (ctx) => {
      const c = scopeOf(ctx);
      const perms = c.principal.permissions;
      let counts = null;
      if (perms.has("agents.manage")) {
        // A department admin's overview counts only their own department's agents.
        const all = s.agents.listManageable(actorOf(c));
        counts = { agents: all.length, enabled: all.filter((a) => !a.disabled).length, totp: all.filter((a) => a.totp_enabled).length };
      }
      // Chain integrity (not the entries) also matters to whoever runs security.
      const chain = perms.has("audit.read") || perms.has("security.manage") ? s.audit.verify() : null;
      return htmlResponse(overviewPage({ principal: c.principal, counts, chain }));
    })
    .use(agentRoutes(s))
    .use(siteRoutes(s))
    .use(siteSettingsRoutes(s))
    .use(securityRoutes(s))
    .use(logRoutes(s))
    .use(cannedRoutes(s))
    .use(noticeRoutes(s))
    .use(groupRoutes(s))
    .use(topicRoutes(s))
    .use(departmentRoutes(s))
    .use(roleRoutes(s))
    .use(routingRoutes(s))
    .use(blockRoutes(s))
    .use(siteIdentityRoutes(s))
    .use(invitationRuleRoutes(s))
    .use(siteImageAdminRoutes(s))
    .use(notifyRoutes(s))
    .use(leaveTypeRoutes(s));
}
