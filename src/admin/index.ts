import { Elysia } from "elysia";
import type { Services } from "../services.ts";
import { htmlResponse } from "../platform/page.ts";
import { adminPage } from "./layout.ts";
import { html } from "../platform/html.ts";
import type { RequestScope } from "../auth/model.ts";

/** Placeholder until the admin pages land; replaced by the admin module. */
export function adminRoutes(s: Services) {
  return new Elysia({ name: "admin-routes" }).get("/admin", (ctx) => {
    const c = ctx as unknown as RequestScope;
    return htmlResponse(adminPage({ principal: c.principal!, title: "概览 Overview", active: "overview", body: html`<h1>管理 <small>Administration</small></h1>` }));
  });
}
