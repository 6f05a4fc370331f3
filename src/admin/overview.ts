import { html } from "../platform/html.ts";
import type { Principal } from "../auth/service.ts";
import type { ChainStatus } from "../audit/service.ts";
import { adminPage } from "./layout.ts";
import { visibleNav } from "./nav.ts";
import { chainStatusBox } from "./logs-pages.ts";

/** /admin: agent counts, the audit chain summary and links to the sections the agent may use. */
export function overviewPage(o: { principal: Principal; counts: { agents: number; enabled: number; totp: number } | null; chain: ChainStatus | null }) {
  const links = visibleNav(o.principal.permissions).filter((e) => e.href !== "/admin");
  return adminPage({
    principal: o.principal, title: "概览 Overview", active: "/admin",
    body: html`<h1>概览 <small>Overview</small></h1>
${o.counts ? html`<section class="stats">
  <h2>客服 <small>Agents</small></h2>
  <dl class="facts">
    <dt>全部 <small>Total</small></dt><dd id="count-agents">${o.counts.agents}</dd>
    <dt>已启用 <small>Enabled</small></dt><dd id="count-enabled">${o.counts.enabled}</dd>
    <dt>已启用动态口令 <small>With TOTP</small></dt><dd id="count-totp">${o.counts.totp}</dd>
  </dl>
</section>` : ""}
${o.chain ? html`<section><h2>审计日志 <small>Audit log</small></h2>${chainStatusBox(o.chain)}</section>` : ""}
${links.length ? html`<section><h2>管理 <small>Manage</small></h2><ul class="links">${links.map((e) => html`<li><a href="${e.href}">${e.zh} <small>${e.en}</small></a></li>`)}</ul></section>` : html`<p>您的角色没有管理权限。 <small>Your role has no administration rights.</small> <a href="/console">前往工作台 <small>Go to the console</small></a></p>`}`,
  });
}
