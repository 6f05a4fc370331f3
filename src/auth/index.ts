import { Elysia } from "elysia";
import QRCode from "qrcode";
import type { Services } from "../services.ts";
import { htmlResponse } from "../platform/page.ts";
import { randomToken } from "../platform/ids.ts";
import { AppError } from "../platform/errors.ts";
import { clearCookie, serializeCookie } from "../platform/cookies.ts";
import { field, safeNext, type Form, type RequestScope } from "./model.ts";
import { accountPage, enrolPage, loginPage, passwordPage, recoveryCodesPage, totpPage } from "./pages.ts";

const see = (location: string, cookies: string[] = []) => {
  const headers = new Headers({ location });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 303, headers });
};

/** Sign-in, second factor, sign-out and the agent's own account pages. */
export function authRoutes(s: Services) {
  const scope = (ctx: unknown) => ctx as RequestScope & { body: Form; query: Record<string, string | undefined> };

  /** Double-submit token for forms that have no session yet; reused while the cookie lives. */
  function preSessionCsrf(c: RequestScope): { token: string; cookie?: string } {
    const existing = c.cookies[c.cookieNames.csrf];
    if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return { token: existing };
    const token = randomToken(24);
    return { token, cookie: serializeCookie(c.cookieNames.csrf, token, { https: c.https }) };
  }

  function renderLogin(c: RequestScope, o: { next: string; error?: string; username?: string; status?: number }) {
    const csrf = preSessionCsrf(c);
    const remembered = c.cookies[c.cookieNames.remember];
    const body = loginPage({ csrf: csrf.token, next: o.next, error: o.error, username: o.username ?? remembered, remember: Boolean(remembered) });
    return htmlResponse(body, o.status ?? 200, csrf.cookie ? { "set-cookie": csrf.cookie } : {});
  }

  const passwordPolicyText = () => {
    const p = s.settings.security();
    return `密码要求：至少 ${p.password_min_length} 位，包含大写、小写、数字、符号中至少 ${p.password_min_classes} 类。 Passwords: at least ${p.password_min_length} characters with ${p.password_min_classes} of upper case, lower case, digits and symbols.`;
  };

  return new Elysia({ name: "auth-routes" })
    .get("/login", (ctx) => {
      const c = scope(ctx);
      if (c.principal && !c.principal.pending) return see(safeNext(c.query.next));
      return renderLogin(c, { next: safeNext(c.query.next) });
    })
    .post("/login", async (ctx) => {
      const c = scope(ctx);
      const username = field(c.body, "username", 64);
      const next = safeNext(field(c.body, "next"));
      const outcome = await s.auth.login(username, field(c.body, "password", 256), { ip: c.ip, userAgent: c.userAgent });
      if (!outcome.ok) return renderLogin(c, { next, error: outcome.message, username, status: outcome.status });
      const cookies = [serializeCookie(c.cookieNames.session, outcome.token, { https: c.https })];
      cookies.push(field(c.body, "remember") ? serializeCookie(c.cookieNames.remember, outcome.agent.username, { https: c.https, maxAgeSeconds: 30 * 86400 }) : clearCookie(c.cookieNames.remember, c.https));
      return see(outcome.session.stage === "totp" ? `/login/totp?next=${encodeURIComponent(next)}` : next, cookies);
    })
    .get("/login/totp", (ctx) => {
      const c = scope(ctx);
      if (c.principal?.pending !== "totp") return see("/login");
      const csrf = preSessionCsrf(c);
      return htmlResponse(totpPage({ csrf: csrf.token, next: safeNext(c.query.next) }), 200, csrf.cookie ? { "set-cookie": csrf.cookie } : {});
    })
    .post("/login/totp", (ctx) => {
      const c = scope(ctx);
      const next = safeNext(field(c.body, "next"));
      const outcome = s.auth.secondFactor(c.sessionToken ?? "", field(c.body, "code", 32), { ip: c.ip, userAgent: c.userAgent });
      if (!outcome.ok) {
        if (outcome.reason === "bad_totp") return htmlResponse(totpPage({ csrf: c.cookies[c.cookieNames.csrf], next, error: outcome.message }), 401);
        return htmlResponse(loginPage({ csrf: c.cookies[c.cookieNames.csrf], next, error: outcome.message }), outcome.status, { "set-cookie": clearCookie(c.cookieNames.session, c.https) });
      }
      return see(next, [serializeCookie(c.cookieNames.session, outcome.token, { https: c.https })]);
    })
    .post("/logout", (ctx) => {
      const c = scope(ctx);
      if (c.principal) s.auth.logout(c.principal, { ip: c.ip, userAgent: c.userAgent });
      return see("/login", [clearCookie(c.cookieNames.session, c.https)]);
    })
    .get("/account/password", (ctx) => {
      const c = scope(ctx);
      return htmlResponse(passwordPage({ csrf: c.principal!.session.csrf_token, forced: c.principal!.pending === "change_password", policy: passwordPolicyText() }));
    })
    .post("/account/password", async (ctx) => {
      const c = scope(ctx);
      const p = c.principal!;
      const render = (error: string, f: string, status = 422) =>
        htmlResponse(passwordPage({ csrf: p.session.csrf_token, forced: p.pending === "change_password", policy: passwordPolicyText(), error, field: f }), status);
      const next = field(c.body, "password", 256);
      if (next !== field(c.body, "confirm", 256)) return render("两次输入的新密码不一致 / the new passwords do not match", "confirm");
      try {
        await s.agents.changeOwnPassword(p.agent.id, field(c.body, "current_password", 256), next, { id: p.agent.id, name: p.agent.username, ip: c.ip });
      } catch (e) {
        if (e instanceof AppError && e.status === 422) return render(e.message, e.field ?? "password");
        throw e;
      }
      // Every session ended with the change; start a fresh one for this browser only (same sign-in).
      const fresh = s.auth.sessions.create(p.agent.id, "active", c.ip, c.userAgent, p.session.previous_login_at);
      return see("/console", [serializeCookie(c.cookieNames.session, fresh.token, { https: c.https })]);
    })
    .get("/account/totp", async (ctx) => {
      const c = scope(ctx);
      const agent = c.principal!.agent;
      if (agent.totp_enabled) return see("/account");
      const enrolment = s.auth.totp.pendingEnrolment(agent) ?? s.auth.totp.beginEnrolment(agent);
      const qr = await QRCode.toDataURL(enrolment.uri, { errorCorrectionLevel: "M", margin: 1, width: 200 });
      return htmlResponse(enrolPage({ csrf: c.principal!.session.csrf_token, qrDataUri: qr, secret: enrolment.secret, required: s.settings.security().require_totp }));
    })
    .post("/account/totp", async (ctx) => {
      const c = scope(ctx);
      const p = c.principal!;
      const agent = s.agents.get(p.agent.id)!;
      try {
        const codes = s.auth.totp.confirmEnrolment(agent, field(c.body, "code", 16), { id: agent.id, name: agent.username, ip: c.ip });
        return htmlResponse(recoveryCodesPage({ codes, next: "/console" }));
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 422) throw e;
        const enrolment = s.auth.totp.pendingEnrolment(agent)!;
        const qr = await QRCode.toDataURL(enrolment.uri, { errorCorrectionLevel: "M", margin: 1, width: 200 });
        return htmlResponse(enrolPage({ csrf: p.session.csrf_token, qrDataUri: qr, secret: enrolment.secret, required: s.settings.security().require_totp, error: e.message }), 422);
      }
    })
    .get("/account", (ctx) => {
      const c = scope(ctx);
      const a = c.principal!.agent;
      const role = s.agents.roles().find((r) => r.id === a.role_id)?.name ?? a.role_id;
      return htmlResponse(accountPage({ csrf: c.principal!.session.csrf_token, username: a.username, displayName: a.display_name, role, totpEnabled: Boolean(a.totp_enabled), recoveryLeft: s.auth.totp.unusedRecoveryCodes(a.id) }));
    })
    .get("/api/me", (ctx) => {
      const p = scope(ctx).principal!;
      return {
        id: p.agent.id, username: p.agent.username, displayName: p.agent.display_name, role: p.agent.role_id,
        permissions: [...p.permissions].sort(), csrfToken: p.session.csrf_token,
      };
    });
}
