import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { field } from "../auth/model.ts";
import { anyContains, parseCidrList } from "../platform/ip.ts";
import { htmlResponse } from "../platform/page.ts";
import { SettingsValidationError } from "../settings/security.ts";
import { emptyState } from "./forms.ts";
import { CUSTOM_PASSWORD_FIELDS, OTHER_INT_FIELDS, securityPage, settingsValues } from "./security-pages.ts";
import { actorOf, noticeFor, postAnswer, scopeOf, see } from "./respond.ts";

/** Would this allowlist text admit the address? (Empty admits everyone; unparsable is left to the service.) */
function admits(listText: string, ip: string): boolean {
  const parsed = parseCidrList(listText);
  return !parsed.ok || parsed.list.length === 0 || anyContains(parsed.list, ip);
}

/** /admin/security: the organisation security policy. */
export function securityRoutes(s: Services) {
  return new Elysia({ name: "admin-security" })
    .get("/admin/security", (ctx) => {
      const c = scopeOf(ctx);
      const current = s.settings.security();
      return htmlResponse(securityPage({
        principal: c.principal, state: emptyState(settingsValues(current)), clientIp: c.ip,
        ipInCurrentList: admits(current.org_allowed_ips, c.ip), notice: noticeFor(c.query.done),
      }));
    })
    .post("/admin/security", (ctx) => {
      const c = scopeOf(ctx);
      const current = s.settings.security();
      // An unticked checkbox is absent from the post: absence means "off", stated explicitly.
      const values: Record<string, string> = {
        require_totp: field(c.body, "require_totp") ? "1" : "",
        org_allowed_ips: field(c.body, "org_allowed_ips", 8000),
        password_profile: field(c.body, "password_profile", 20),
      };
      for (const k of [...CUSTOM_PASSWORD_FIELDS, ...OTHER_INT_FIELDS]) values[k] = field(c.body, k, 20);

      const patch: Record<string, unknown> = { require_totp: values.require_totp === "1", org_allowed_ips: values.org_allowed_ips, password_profile: values.password_profile };
      // Custom password fields count only for the custom profile (a preset overrides them anyway).
      for (const k of values.password_profile === "custom" ? CUSTOM_PASSWORD_FIELDS : []) patch[k] = values[k];
      for (const k of OTHER_INT_FIELDS) patch[k] = values[k];

      const refuse = (f: string, message: string) =>
        postAnswer(securityPage({ principal: c.principal, state: { values, errors: { [f]: message } }, clientIp: c.ip, ipInCurrentList: admits(current.org_allowed_ips, c.ip) }), 422);

      try {
        const parsed = parseCidrList(values.org_allowed_ips);
        if (parsed.ok && !admits(values.org_allowed_ips, c.ip)) {
          return refuse("org_allowed_ips", `此列表不包含您当前的地址 ${c.ip}，保存后您将无法登录。请加入该地址或其网段。 / This list does not include your current address ${c.ip}; saving it would lock you out. Add your address or its range.`);
        }
        s.settings.updateSecurity(patch, actorOf(c));
      } catch (e) {
        if (e instanceof SettingsValidationError) return refuse(e.field, e.message);
        throw e;
      }
      return see("/admin/security?done=saved");
    });
}
