import { html, type Html } from "../platform/html.ts";
import { page } from "../platform/page.ts";
import type { Principal } from "../auth/service.ts";

export function adminPage(o: { principal: Principal; title: string; active: string; body: Html }) {
  return page({ title: o.title, csrf: o.principal.session.csrf_token, body: html`<main>${o.body}</main>` });
}
