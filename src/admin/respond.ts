import type { Actor } from "../audit/service.ts";
import type { Form, RequestScope } from "../auth/model.ts";
import type { Principal } from "../auth/service.ts";
import { htmlResponse } from "../platform/page.ts";
import { notFound } from "../platform/errors.ts";

/** What admin handlers read from the Elysia context (the guard has already checked access). */
export type AdminScope = RequestScope & {
  principal: Principal;
  body: Form;
  query: Record<string, string | undefined>;
  params: Record<string, string>;
};

export const scopeOf = (ctx: unknown) => ctx as AdminScope;

export const actorOf = (c: AdminScope): Actor => ({ id: c.principal.agent.id, name: c.principal.agent.username, ip: c.ip });

/** Post/Redirect/Get: a successful form post answers 303 to the page that shows the result. */
export const see = (location: string) => new Response(null, { status: 303, headers: { location } });

/**
 * A page rendered as the answer to a POST (a form that failed validation, a one-time result).
 * htmx must not push the POST URL into history (reloading it would be a GET of a POST-only path).
 */
export const postAnswer = (body: string, status = 200) => htmlResponse(body, status, { "hx-push-url": "false" });

export function idParam(c: AdminScope): number {
  const raw = c.params.id ?? "";
  if (!/^\d{1,12}$/.test(raw)) throw notFound();
  return Number(raw);
}

/** Confirmation messages after a redirect, chosen by a fixed code so no URL text reaches the page. */
const NOTICES: Record<string, string> = {
  created: "已创建客服，对方首次登录时须修改密码。 Agent created; they must change the password at first sign-in.",
  saved: "已保存。 Saved.",
  disabled: "已停用，该客服的所有会话已结束。 Disabled; all of the agent's sessions were ended.",
  enabled: "已启用。 Enabled.",
  totp_reset: "已重置动态口令。 Two-step verification was reset.",
  unlocked: "已解除锁定。 Unlocked.",
};

export const noticeFor = (code: string | undefined) => (code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined);
