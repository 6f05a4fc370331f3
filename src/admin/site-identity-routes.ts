import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { SETTINGS_LINKS } from "../sites/settings/registry.ts";
import { settingsPage } from "./site-settings-pages.ts";
import { actorOf, idParam, postAnswer, scopeOf } from "./respond.ts";

/**
 * V25: rotating a site's identity-signing secret, from the "identity" settings tab (its rotate
 * button posts here with the tab's form). Audited by the sites service; the answer is the tab
 * again, saying so, with the new secret behind its disclosure.
 */
export function siteIdentityRoutes(s: Services) {
  return new Elysia({ name: "admin-site-identity" }).post("/admin/sites/:id/identity/rotate-secret", (ctx) => {
    const c = scopeOf(ctx);
    const site = s.sites.rotateSecret(idParam(c), actorOf(c));
    const section = s.siteSettings.section("identity");
    const value = s.siteSettings.get(site.id, "identity");
    return postAnswer(settingsPage({
      principal: c.principal, site, sections: s.siteSettings.sections, links: SETTINGS_LINKS, section,
      state: { values: section.formValues(value), errors: {} }, ctx: { siteId: site.id, services: s },
      notice: "已更换签名密钥，旧密钥已失效。请在网站服务器上改用新密钥。 The signing secret was rotated and the old one no longer works; update your site's server.",
    }));
  });
}
