import { html, type Html } from "../platform/html.ts";
import { page } from "../platform/page.ts";
import type { Principal } from "../auth/service.ts";
import { visibleNav } from "./nav.ts";

/**
 * The admin shell: header (product, signed-in agent, console/account links, sign-out), the
 * permission-filtered navigation, and the page content. hx-boost upgrades links and forms to
 * partial loads when htmx is present; without JavaScript they are plain links and forms.
 */
export interface AdminPageOptions {
  principal: Principal;
  title: string;
  /** The nav href of the current section, e.g. "/admin/agents". */
  active: string;
  body: Html;
  /** A confirmation shown above the content (constant text chosen by the route, never data from the URL). */
  notice?: Html | string;
}

export const csrfField = (p: Principal) => html`<input type="hidden" name="_csrf" value="${p.session.csrf_token}">`;

export function adminPage(o: AdminPageOptions): string {
  const p = o.principal;
  const nav = visibleNav(p.permissions).map((e) => {
    const current = e.href === o.active;
    return html`<li><a href="${e.href}"${current ? html` aria-current="page" class="active"` : ""}>${e.zh} <small>${e.en}</small></a></li>`;
  });
  return page({
    title: o.title,
    csrf: p.session.csrf_token,
    bodyClass: "admin",
    body: html`<div class="admin-shell" hx-boost="true">
<header class="admin-header">
  <a class="brand" href="/admin"><span class="logo" aria-hidden="true">迎</span> 迎客 <small>Yingke</small></a>
  <span class="whoami">${p.agent.display_name} <small>(${p.agent.username})</small></span>
  <a href="/console" hx-boost="false">工作台 <small>Console</small></a>
  <a href="/account" hx-boost="false">我的账号 <small>Account</small></a>
  <form method="post" action="/logout" class="inline" hx-boost="false">${csrfField(p)}<button type="submit" class="link">退出 <small>Sign out</small></button></form>
</header>
<nav class="admin-nav" aria-label="管理导航 Admin navigation"><ul>${nav}</ul></nav>
<main class="admin-main" id="main">
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ""}
${o.body}
</main>
</div>`,
  });
}
