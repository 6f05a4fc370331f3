import { Elysia } from "elysia";
import { timingSafeEqual } from "node:crypto";
import type { Principal } from "../auth/service.ts";
import type { Logger } from "../platform/logger.ts";
import { AppError, forbidden, unauthorized } from "../platform/errors.ts";
import { isSafeMethod, policyFor, ROUTE_ALSO_REQUIRES, ROUTE_ANY_OF } from "./policy.ts";
import type { Permission } from "../auth/permissions.ts";
import { wantsHtml } from "./negotiate.ts";

const PENDING_PAGES: Record<NonNullable<Principal["pending"]>, string> = {
  totp: "/login/totp",
  change_password: "/account/password",
  enrol_totp: "/account/totp",
};

/** The Origin (or, failing that, the Referer's origin) must name this very host. */
export function sameOrigin(request: Request): boolean {
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  const host = request.headers.get("host");
  if (!source || !host || source === "null") return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function redirect(request: Request, location: string): Response {
  // htmx follows HX-Redirect with a full page load; a plain 303 would be swapped into the page.
  if (request.headers.get("hx-request")) return new Response(null, { status: 204, headers: { "hx-redirect": location } });
  return new Response(null, { status: 303, headers: { location } });
}

/**
 * The one access guard. It runs before every handler, looks the route up in ROUTE_POLICY and
 * refuses what the policy does not allow; state-changing requests must also come from this
 * origin and carry the session's CSRF token (public forms use a double-submit cookie instead).
 */
export function accessGuard(logger: Logger) {
  return new Elysia({ name: "access-guard" }).onBeforeHandle({ as: "global" }, (ctx) => {
    const c = ctx as typeof ctx & { route: string; principal: Principal | null; cookies: Record<string, string>; cookieNames: { csrf: string } };
    const { request } = c;
    const policy = policyFor(request.method, c.route) ?? (request.method === "HEAD" ? policyFor("GET", c.route) : undefined);
    if (!policy) {
      logger.error({ method: request.method, route: c.route }, "route has no access policy; refused");
      throw forbidden();
    }
    // Visitor endpoints are cross-origin by design and use no cookie; their handlers check the
    // site's allowed origins and the signed visitor token.
    if (policy === "visitor") return;
    const unsafe = !isSafeMethod(request.method);
    if (unsafe && !sameOrigin(request)) throw new AppError(403, "bad_origin", "请求来源不符 / Request origin does not match this site");

    if (policy === "public") {
      if (unsafe) {
        const body = c.body as Record<string, unknown> | undefined;
        const cookie = c.cookies[c.cookieNames.csrf];
        if (!cookie || !tokenMatches(cookie, body?._csrf ?? request.headers.get("x-csrf-token"))) {
          throw new AppError(403, "bad_csrf", "页面已过期，请刷新后重试 / The form expired; reload the page and try again");
        }
      }
      return;
    }

    const principal = c.principal;
    if (!principal) {
      if (!unsafe && wantsHtml(request)) {
        const url = new URL(request.url);
        return redirect(request, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
      }
      throw unauthorized();
    }
    if (unsafe) {
      const body = c.body as Record<string, unknown> | undefined;
      if (!tokenMatches(principal.session.csrf_token, body?._csrf ?? request.headers.get("x-csrf-token"))) {
        throw new AppError(403, "bad_csrf", "页面已过期，请刷新后重试 / The form expired; reload the page and try again");
      }
    }
    if (principal.pending && policy !== "pending") {
      if (!unsafe && wantsHtml(request)) return redirect(request, PENDING_PAGES[principal.pending]);
      throw new AppError(403, "sign_in_incomplete", "请先完成登录步骤 / Finish signing in first", principal.pending);
    }
    if (policy === "pending" && principal.pending === "totp" && c.route !== "/logout") {
      // The second factor is the only thing a half-signed-in session may do besides leaving.
      return redirect(request, PENDING_PAGES.totp);
    }
    if (policy !== "pending" && policy !== "session" && !principal.permissions.has(policy as Permission)) throw forbidden();
    const also = ROUTE_ALSO_REQUIRES[`${request.method === "HEAD" ? "GET" : request.method} ${c.route}`];
    if (also && !principal.permissions.has(also)) throw forbidden(`需要权限 ${also} / this needs the ${also} permission`);
    const anyOf = ROUTE_ANY_OF[`${request.method === "HEAD" ? "GET" : request.method} ${c.route}`];
    if (anyOf && !anyOf.some((p) => principal.permissions.has(p))) throw forbidden(`需要以下权限之一 ${anyOf.join(", ")} / this needs one of ${anyOf.join(", ")}`);
  });
}
